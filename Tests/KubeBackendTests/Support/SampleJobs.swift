import ServiceModel
import TrainingJobs

/// Training jobs for the tests.
enum SampleJobs {
    /// A job of `instanceCount` hosts with two channels, hyperparameters, environment and a checkpoint location.
    static func job(
        name: String = "MNIST-Train-1", instanceType: String = "ml.m5.xlarge", instanceCount: Int = 2,
        extra: [String: JSONValue] = [:]
    ) -> TrainingJobSpecification {
        var request: [String: JSONValue] = [
            "TrainingJobName": .string(name),
            "AlgorithmSpecification": ["TrainingImage": "registry.example/trainer:1", "TrainingInputMode": "File"],
            "HyperParameters": ["epochs": "3", "lr": "0.01", "path": "$(HOME)/x"],
            "Environment": ["MODE": "test"],
            "InputDataConfig": [
                [
                    "ChannelName": "train",
                    "DataSource": ["S3DataSource": ["S3Uri": "s3://data/train/", "S3DataType": "S3Prefix"]],
                ],
                [
                    "ChannelName": "test",
                    "DataSource": ["S3DataSource": ["S3Uri": "s3://data/test/", "S3DataType": "S3Prefix"]],
                ],
            ],
            "OutputDataConfig": ["S3OutputPath": "s3://models/out/"],
            "ResourceConfig": [
                "InstanceType": .string(instanceType), "InstanceCount": .int(Int64(instanceCount)), "VolumeSizeInGB": 5,
            ],
            "StoppingCondition": ["MaxRuntimeInSeconds": 3600],
            "CheckpointConfig": ["S3Uri": "s3://models/checkpoints/"],
            "RoleArn": "arn:aws:iam::123456789012:role/train",
        ]
        request.merge(extra) { $1 }
        return TrainingJobSpecification(
            name: name, arn: "arn:aws:sagemaker:us-east-1:123456789012:training-job/\(name.lowercased())",
            request: .object(request))
    }
}
