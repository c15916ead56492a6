"""CreateTrainingJob / DescribeTrainingJob with boto3: the full request echoed back, the status path, the times,
the metrics, the artifacts and the container contract the algorithm sees."""
import json
from datetime import timedelta

import pytest

from e2e_support import (
    ACCOUNT, ECR_IMAGE, IMAGE, REGION, ROLE, file_uri, local_path, tar_members, transitions, unique_name, wait_for,
)

STATUS_MESSAGES = {
    "Starting": "Starting the training job",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
}

# The members of CreateTrainingJobRequest that DescribeTrainingJobResponse also has.
ECHOED = [
    "HyperParameters", "AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig",
    "VpcConfig", "StoppingCondition", "EnableNetworkIsolation", "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining", "CheckpointConfig", "DebugHookConfig", "DebugRuleConfigurations",
    "TensorBoardOutputConfig", "ExperimentConfig", "ProfilerConfig", "ProfilerRuleConfigurations", "Environment",
    "RetryStrategy", "RemoteDebugConfig", "InfraCheckConfig",
]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("channels")
    training = root / "training"
    (training / "sub").mkdir(parents=True)
    (training / "part-0.csv").write_text("1,2,3\n4,5,6\n")
    (training / "sub" / "part-1.csv").write_text("7,8,9\n")
    validation = root / "single" / "validation.csv"
    validation.parent.mkdir()
    validation.write_text("10,11,12\n")
    return {"training": training, "validation": validation, "root": root}


@pytest.fixture(scope="module")
def full_job(server, data, tmp_path_factory):
    """One job created with every member the SageMaker SDK sends, run to completion; observed statuses kept."""
    sm = server.sagemaker()
    out = tmp_path_factory.mktemp("output")
    name = unique_name("full")
    request = {
        "TrainingJobName": name,
        "HyperParameters": {"lines": "3", "metrics": "0.9,0.5,0.25", "sleep": "1.5", "learning_rate": "0.01",
                            "sagemaker_program": "train.py"},
        "AlgorithmSpecification": {
            "TrainingImage": ECR_IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "train:loss", "Regex": "loss=([0-9.]+)"},
                {"Name": "never:seen", "Regex": "never=([0-9.]+)"},
            ],
            "EnableSageMakerMetricsTimeSeries": True,
        },
        "RoleArn": ROLE,
        "InputDataConfig": [
            {
                "ChannelName": "training",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": file_uri(data["training"]),
                                                "S3DataDistributionType": "FullyReplicated"}},
                "ContentType": "text/csv",
                "CompressionType": "None",
                "RecordWrapperType": "None",
                "InputMode": "File",
            },
            {
                "ChannelName": "validation",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": file_uri(data["validation"]),
                                                "S3DataDistributionType": "FullyReplicated"}},
                "ContentType": "text/csv",
                "CompressionType": "None",
                "RecordWrapperType": "None",
                "InputMode": "File",
            },
        ],
        "OutputDataConfig": {"S3OutputPath": file_uri(out), "CompressionType": "GZIP"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30,
                           "KeepAlivePeriodInSeconds": 0},
        "VpcConfig": {"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0"]},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "Tags": [{"Key": "team", "Value": "ml"}, {"Key": "project", "Value": "sagetrain"}],
        "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": True,
        "EnableManagedSpotTraining": False,
        "CheckpointConfig": {"S3Uri": file_uri(out / "checkpoints"), "LocalPath": "/opt/ml/checkpoints"},
        "DebugHookConfig": {
            "S3OutputPath": file_uri(out / "debug"),
            "LocalPath": "/opt/ml/output/tensors",
            "HookParameters": {"save_interval": "100"},
            "CollectionConfigurations": [{"CollectionName": "losses", "CollectionParameters": {"save_interval": "10"}}],
        },
        "TensorBoardOutputConfig": {"S3OutputPath": file_uri(out / "tensorboard"), "LocalPath": "/opt/ml/output/tensorboard"},
        "ExperimentConfig": {"ExperimentName": "exp", "TrialName": "trial", "TrialComponentDisplayName": "tc"},
        "ProfilerConfig": {"S3OutputPath": file_uri(out / "profiler"), "ProfilingIntervalInMilliseconds": 500,
                           "DisableProfiler": False},
        "ProfilerRuleConfigurations": [{
            "RuleConfigurationName": "ProfilerReport-1700000000",
            "RuleEvaluatorImage": "895741380848.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest",
            "RuleParameters": {"rule_to_invoke": "ProfilerReport"},
        }],
        "DebugRuleConfigurations": [{
            "RuleConfigurationName": "LossNotDecreasing",
            "RuleEvaluatorImage": "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest",
            "RuleParameters": {"rule_to_invoke": "LossNotDecreasing"},
        }],
        "Environment": {"MY_SETTING": "alpha", "ANOTHER": "beta"},
        "RetryStrategy": {"MaximumRetryAttempts": 1},
        "RemoteDebugConfig": {"EnableRemoteDebug": False},
        "InfraCheckConfig": {"EnableInfraCheck": False},
        "SessionChainingConfig": {"EnableSessionTagChaining": False},
    }
    seen = []
    response = sm.create_training_job(**request)
    description = wait_for(sm, name, timeout=30, interval=0.05, seen=seen)
    return {"name": name, "request": request, "response": response, "description": description, "seen": seen,
            "out": out}


def test_create_returns_the_arn(full_job):
    arn = full_job["response"]["TrainingJobArn"]
    assert arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{full_job['name'].lower()}"
    assert full_job["response"]["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_describe_echoes_the_request(full_job):
    description, request = full_job["description"], full_job["request"]
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    assert description["TrainingJobName"] == full_job["name"]
    assert description["TrainingJobArn"] == full_job["response"]["TrainingJobArn"]
    for member in ECHOED:
        if member in request:
            assert description.get(member) == request[member], f"{member} not echoed exactly"
    assert "Tags" not in description, "DescribeTrainingJob has no Tags member"
    assert description["ProfilingStatus"] == "Enabled"


def test_describe_of_a_minimal_request_fills_sagemaker_defaults(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("minimal")
    sm.create_training_job(
        TrainingJobName=name, RoleArn=ROLE, OutputDataConfig={"S3OutputPath": file_uri(tmp_path)},
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1})
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    assert description["StoppingCondition"] == {"MaxRuntimeInSeconds": 86400}
    assert description["EnableNetworkIsolation"] is False
    assert description["EnableInterContainerTrafficEncryption"] is False
    assert description["EnableManagedSpotTraining"] is False
    assert "FailureReason" not in description
    assert "FinalMetricDataList" not in description or description["FinalMetricDataList"] == []


def test_status_path_and_messages(full_job):
    description = full_job["description"]
    assert transitions(description) == ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    for transition in description["SecondaryStatusTransitions"]:
        assert transition["StatusMessage"] == STATUS_MESSAGES[transition["Status"]], transition
    assert description["SecondaryStatus"] == "Completed"
    observed = [pair for pair in full_job["seen"]]
    assert ("InProgress", "Training") in observed, f"a 1.5 s job was never seen Training: {observed}"
    order = ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    indices = [order.index(secondary) for _, secondary in observed]
    assert indices == sorted(indices), f"statuses observed out of order: {observed}"
    for status, secondary in observed:
        assert status == ("Completed" if secondary == "Completed" else "InProgress"), observed


def test_times_are_consistent(full_job):
    d = full_job["description"]
    steps = d["SecondaryStatusTransitions"]
    for previous, following in zip(steps, steps[1:]):
        assert previous["EndTime"] == following["StartTime"], (previous, following)
        assert previous["StartTime"] <= previous["EndTime"], previous
    assert steps[0]["StartTime"] >= d["CreationTime"] - timedelta(milliseconds=1)
    assert steps[-1]["StartTime"] == steps[-1]["EndTime"]
    assert d["CreationTime"] <= d["TrainingStartTime"] <= d["TrainingEndTime"] <= d["LastModifiedTime"]
    training = next(s for s in steps if s["Status"] == "Training")
    assert d["TrainingStartTime"] <= training["StartTime"]
    assert d["TrainingEndTime"] >= next(s for s in steps if s["Status"] == "Uploading")["StartTime"]
    assert d["LastModifiedTime"] >= steps[-1]["StartTime"]
    elapsed = (d["TrainingEndTime"] - d["TrainingStartTime"]).total_seconds()
    assert elapsed >= 1.5, f"the algorithm slept 1.5 s but training lasted {elapsed} s"
    assert d["TrainingTimeInSeconds"] >= 1
    assert abs(d["TrainingTimeInSeconds"] - elapsed) <= 1.0, (d["TrainingTimeInSeconds"], elapsed)
    assert d["BillableTimeInSeconds"] == d["TrainingTimeInSeconds"], "no spot savings: billable == training time"


def test_final_metrics_last_value_wins(full_job):
    metrics = full_job["description"]["FinalMetricDataList"]
    assert [m["MetricName"] for m in metrics] == ["train:loss"], "a metric that never matched must not be listed"
    assert metrics[0]["Value"] == pytest.approx(0.25)
    d = full_job["description"]
    assert d["TrainingStartTime"] <= metrics[0]["Timestamp"] <= d["TrainingEndTime"]


def test_model_artifacts_and_model_tar(full_job):
    name, out = full_job["name"], full_job["out"]
    uri = full_job["description"]["ModelArtifacts"]["S3ModelArtifacts"]
    assert uri == f"{file_uri(out)}/{name}/output/model.tar.gz"
    members = tar_members(local_path(uri))
    files = {k for k, v in members.items() if v is not None}
    assert files == {"model.json", "nested/weights.txt"}, members.keys()
    model = json.loads(members["model.json"])
    assert model["job"] == name
    assert model["hyperparameters"]["learning_rate"] == "0.01"
    assert members["nested/weights.txt"] == b"0.5 0.25 0.125\n"


def test_output_tar_holds_output_data(full_job):
    output_tar = full_job["out"] / full_job["name"] / "output" / "output.tar.gz"
    assert output_tar.is_file(), "output/data was not packaged as output.tar.gz"
    members = tar_members(output_tar)
    assert "probe.json" in members


@pytest.fixture(scope="module")
def seen_by_algorithm(full_job):
    members = tar_members(full_job["out"] / full_job["name"] / "output" / "output.tar.gz")
    return json.loads(members["probe.json"])


def test_contract_config_files(full_job, seen_by_algorithm):
    probe = seen_by_algorithm
    assert {"hyperparameters.json", "resourceconfig.json", "inputdataconfig.json",
            "checkpointconfig.json"} <= set(probe["config_files"])
    assert probe["hyperparameters"] == full_job["request"]["HyperParameters"]
    resources = probe["resourceconfig"]
    assert resources["current_host"] == "algo-1"
    assert resources["hosts"] == ["algo-1"]
    assert resources["current_instance_type"] == "ml.m5.xlarge"
    assert resources["network_interface_name"] == "eth0"
    inputs = probe["inputdataconfig"]
    assert set(inputs) == {"training", "validation"}
    assert inputs["training"]["TrainingInputMode"] == "File"
    assert inputs["training"]["S3DistributionType"] == "FullyReplicated"
    assert inputs["training"]["ContentType"] == "text/csv"
    assert probe["checkpointconfig"]["LocalPath"] == "/opt/ml/checkpoints"


def test_contract_channels_staged(seen_by_algorithm):
    channels = seen_by_algorithm["channels"]
    assert channels["training"] == {"part-0.csv": "1,2,3\n4,5,6\n", "sub/part-1.csv": "7,8,9\n"}
    assert channels["validation"] == {"validation.csv": "10,11,12\n"}


def test_contract_environment(server, full_job, seen_by_algorithm):
    env = seen_by_algorithm["env"]
    name = full_job["name"]
    base = str(server.job_dir(name))
    assert env["SAGEMAKER_BASE_DIR"] == base
    assert env["TRAINING_JOB_NAME"] == name
    assert env["TRAINING_JOB_ARN"] == full_job["response"]["TrainingJobArn"]
    assert json.loads(env["SM_HPS"]) == full_job["request"]["HyperParameters"]
    assert env["SM_HP_LEARNING_RATE"] == "0.01"
    assert env["SM_CHANNEL_TRAINING"] == base + "/input/data/training"
    assert env["SM_CHANNEL_VALIDATION"] == base + "/input/data/validation"
    assert json.loads(env["SM_CHANNELS"]) == ["training", "validation"]
    assert env["SM_MODEL_DIR"] == base + "/model"
    assert env["SM_OUTPUT_DATA_DIR"] == base + "/output/data"
    assert env["SM_CURRENT_HOST"] == "algo-1"
    assert json.loads(env["SM_HOSTS"]) == ["algo-1"]
    assert env["SM_CURRENT_INSTANCE_TYPE"] == "ml.m5.xlarge"
    assert int(env["SM_NUM_CPUS"]) >= 1
    assert env["SM_NUM_GPUS"] == "0"
    training_env = json.loads(env["SM_TRAINING_ENV"])
    assert training_env["job_name"] == name
    assert training_env["channel_input_dirs"]["training"] == base + "/input/data/training"
    assert env["WORLD_SIZE"] == "1" and env["RANK"] == "0"
    assert env["MASTER_ADDR"] and int(env["MASTER_PORT"]) > 0
    assert env["MY_SETTING"] == "alpha" and env["ANOTHER"] == "beta", "the request's Environment"
    assert env["PROBE_EXTRA"] == "from-image-map", "the image map's environment"
    assert env["AWS_REGION"] == REGION
    assert seen_by_algorithm["argv"] == ["train"], "the default container argument is 'train'"


def test_container_entrypoint_and_arguments(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("args")
    sm.create_training_job(
        TrainingJobName=name, RoleArn=ROLE, OutputDataConfig={"S3OutputPath": file_uri(tmp_path)},
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                "ContainerArguments": ["fit", "--fast"]},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1})
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    probe = json.loads(tar_members(tmp_path / name / "output" / "output.tar.gz")["probe.json"])
    assert probe["argv"] == ["fit", "--fast"]

    name = unique_name("entry")
    algorithm = server.image_map.parent / "algorithms" / "probe.py"
    sm.create_training_job(
        TrainingJobName=name, RoleArn=ROLE, OutputDataConfig={"S3OutputPath": file_uri(tmp_path)},
        AlgorithmSpecification={"TrainingImage": "not-in-the-map:1", "TrainingInputMode": "File",
                                "ContainerEntrypoint": ["python3", str(algorithm), "custom"]},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1})
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    probe = json.loads(tar_members(tmp_path / name / "output" / "output.tar.gz")["probe.json"])
    # ContainerEntrypoint replaces the image's command (and the image map entry) and takes precedence over the
    # default `train` argument: only its own arguments (and ContainerArguments, none here) follow it.
    assert probe["argv"] == ["custom"], probe["argv"]
