import ServiceModel

/// Request bodies as boto3 and the SageMaker Python SDK send them.
enum Fixtures {
    /// A CreateTrainingJob body as `sagemaker.estimator.Estimator.fit()` sends it.
    static let createTrainingJob: JSONValue = [
        "TrainingJobName": "pytorch-training-2024-05-01-12-00-00-123",
        "HyperParameters": [
            "epochs": "10",
            "learning-rate": "0.001",
            "sagemaker_program": "\"train.py\"",
            "sagemaker_submit_directory": "\"s3://my-bucket/pytorch-training/source/sourcedir.tar.gz\"",
            "sagemaker_container_log_level": "20",
            "sagemaker_region": "\"us-east-1\"",
        ],
        "AlgorithmSpecification": [
            "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310",
            "TrainingInputMode": "File",
            "EnableSageMakerMetricsTimeSeries": true,
            "MetricDefinitions": [
                ["Name": "train:loss", "Regex": "train_loss=([0-9\\.]+)"],
                ["Name": "validation:accuracy", "Regex": "val_acc=([0-9\\.]+)"],
            ],
        ],
        "RoleArn": "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole",
        "InputDataConfig": [
            [
                "ChannelName": "training",
                "DataSource": [
                    "S3DataSource": [
                        "S3DataType": "S3Prefix",
                        "S3Uri": "s3://my-bucket/data/train",
                        "S3DataDistributionType": "FullyReplicated",
                    ]
                ],
                "ContentType": "text/csv",
                "CompressionType": "None",
            ],
            [
                "ChannelName": "validation",
                "DataSource": [
                    "S3DataSource": [
                        "S3DataType": "S3Prefix",
                        "S3Uri": "s3://my-bucket/data/validation",
                        "S3DataDistributionType": "ShardedByS3Key",
                    ]
                ],
                "InputMode": "FastFile",
            ],
        ],
        "OutputDataConfig": ["S3OutputPath": "s3://my-bucket/output", "KmsKeyId": ""],
        "ResourceConfig": ["InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30],
        "StoppingCondition": ["MaxRuntimeInSeconds": 86400],
        "DebugHookConfig": [
            "S3OutputPath": "s3://my-bucket/debug",
            "CollectionConfigurations": [
                ["CollectionName": "losses", "CollectionParameters": ["save_interval": "500"]]
            ],
        ],
        "ProfilerConfig": ["S3OutputPath": "s3://my-bucket/profiler", "DisableProfiler": false],
        "Environment": ["PYTHONUNBUFFERED": "1", "MY_SETTING": "a value\nwith a newline"],
        "Tags": [
            ["Key": "project", "Value": "sagetrain"],
            ["Key": "aws:cloudformation:stack-name", "Value": "ml-stack"],
        ],
        "EnableNetworkIsolation": false,
        "EnableInterContainerTrafficEncryption": false,
        "EnableManagedSpotTraining": false,
    ]

    /// `createTrainingJob` with `value` at `key` (top level).
    static func createTrainingJob(setting key: String, to value: JSONValue) -> JSONValue {
        var members = createTrainingJob.objectValue ?? [:]
        members[key] = value
        return .object(members)
    }

    /// The message of the error `body` raises for `operation`, or nil when it validates.
    static func message(
        _ body: JSONValue, for operation: String = "CreateTrainingJob", in model: ServiceModel = .sageMaker
    ) -> String? {
        error(body, for: operation, in: model)?.message
    }

    /// The error `body` raises for `operation`, or nil when it validates.
    static func error(
        _ body: JSONValue, for operation: String = "CreateTrainingJob", in model: ServiceModel = .sageMaker
    ) -> RequestValidationError? {
        do {
            _ = try model.validateInput(of: operation, body)
            return nil
        } catch {
            return error
        }
    }
}
