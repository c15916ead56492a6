import ServiceModel
import Testing

@testable import TrainingJobs

@Suite("SageMaker container contract")
struct ContainerContractTests {
    let request: JSONValue = [
        "TrainingJobName": "Contract-Job",
        "AlgorithmSpecification": ["TrainingImage": "trainer:latest", "TrainingInputMode": "File"],
        "HyperParameters": ["epochs": "3", "learning-rate": "0.1"],
        "Environment": ["MY_VAR": "yes"],
        "InputDataConfig": [
            [
                "ChannelName": "training", "ContentType": "application/x-idx",
                "DataSource": [
                    "S3DataSource": [
                        "S3DataType": "S3Prefix", "S3Uri": "file:///data/train",
                        "S3DataDistributionType": "ShardedByS3Key",
                    ]
                ],
            ],
            [
                "ChannelName": "test",
                "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": "file:///data/test"]],
            ],
        ],
        "OutputDataConfig": ["S3OutputPath": "file:///out"],
        "ResourceConfig": ["InstanceType": "ml.c5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 5],
        "StoppingCondition": ["MaxRuntimeInSeconds": 60],
        "CheckpointConfig": ["S3Uri": "file:///ckpt"],
    ]

    func contract(host: String) -> ContainerContract {
        let job = TrainingJobSpecification(name: "Contract-Job", arn: "arn:x", request: request)
        return ContainerContract(
            job: job, currentHost: host, root: "/jobs/Contract-Job/\(host)", master: ("127.0.0.1", 29500), cpuCount: 2)
    }

    @Test func specificationReadsTheRequest() {
        let job = contract(host: "algo-1").job
        #expect(job.hostNames == ["algo-1", "algo-2"])
        #expect(job.maxRuntimeInSeconds == 60)
        #expect(job.channels.map(\.name) == ["training", "test"])
        #expect(job.channels[0].distribution == "ShardedByS3Key")
        #expect(job.channels[1].distribution == "FullyReplicated")
        #expect(job.checkpoint == CheckpointLocation(s3URI: "file:///ckpt", localPath: "/opt/ml/checkpoints"))
    }

    @Test func configurationFilesFollowTheContract() {
        let contract = contract(host: "algo-2")
        #expect(contract.hyperParametersDocument == ["epochs": "3", "learning-rate": "0.1"])
        #expect(contract.resourceConfigDocument["current_host"] == "algo-2")
        #expect(contract.resourceConfigDocument["hosts"] == ["algo-1", "algo-2"])
        #expect(contract.resourceConfigDocument["current_instance_type"] == "ml.c5.xlarge")
        #expect(contract.inputDataConfigDocument["training"]?["ContentType"] == "application/x-idx")
        #expect(contract.inputDataConfigDocument["training"]?["S3DistributionType"] == "ShardedByS3Key")
        #expect(contract.inputDataConfigDocument["test"]?["TrainingInputMode"] == "File")
        #expect(
            contract.configurationFiles.map(\.path) == [
                "input/config/hyperparameters.json", "input/config/resourceconfig.json",
                "input/config/inputdataconfig.json", "input/config/checkpointconfig.json",
            ])
        #expect(contract.checkpointDirectory == "/jobs/Contract-Job/algo-2/checkpoints")
    }

    @Test func environmentHasTheToolkitAndDistributedVariables() {
        let env = contract(host: "algo-2").environment
        #expect(env["SAGEMAKER_BASE_DIR"] == "/jobs/Contract-Job/algo-2")
        #expect(env["TRAINING_JOB_NAME"] == "Contract-Job")
        #expect(env["TRAINING_JOB_ARN"] == "arn:x")
        #expect(env["MY_VAR"] == "yes")
        #expect(env["SM_MODEL_DIR"] == "/jobs/Contract-Job/algo-2/model")
        #expect(env["SM_CHANNEL_TRAINING"] == "/jobs/Contract-Job/algo-2/input/data/training")
        #expect(env["SM_CHANNELS"] == #"["test","training"]"#)
        #expect(env["SM_HP_LEARNING_RATE"] == "0.1")
        #expect(env["SM_CURRENT_HOST"] == "algo-2")
        #expect(env["SM_HOSTS"] == #"["algo-1","algo-2"]"#)
        #expect(env["SM_NUM_CPUS"] == "2")
        #expect(env["MASTER_ADDR"] == "127.0.0.1")
        #expect(env["MASTER_PORT"] == "29500")
        #expect(env["WORLD_SIZE"] == "2")
        #expect(env["RANK"] == "1")
        let hps = try? JSONValue(parsing: env["SM_HPS"] ?? "")
        #expect(hps == ["epochs": "3", "learning-rate": "0.1"])
        let training = try? JSONValue(parsing: env["SM_TRAINING_ENV"] ?? "")
        #expect(training?["is_master"] == false)
        #expect(training?["channel_input_dirs"]?["test"] == "/jobs/Contract-Job/algo-2/input/data/test")
    }
}
