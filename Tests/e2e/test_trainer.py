"""The libtorch CNN trainer through the SageMaker API: a real (small) Fashion-MNIST training job on the local backend.

The trainer binary comes from SAGE_TRAINER_BIN (default `<repo>/.build/debug/trainer`; scripts/test.sh sets it), the
data from Debian's dataset-fashion-mnist. The job trains on 600 samples for one epoch, so it takes seconds.
"""
import json
import os
from pathlib import Path

import pytest

from e2e_support import REPO, ROLE, SageServer, file_uri, local_path, tar_members, unique_name, wait_for

TRAINER_BIN = os.environ.get("SAGE_TRAINER_BIN", str(REPO / ".build" / "debug" / "trainer"))
FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(scope="module")
def trainer_server(session_dir, server_binary):
    if not Path(TRAINER_BIN).is_file():
        pytest.fail(f"trainer binary not found at {TRAINER_BIN}: run `swift build --product trainer`")
    if not (FASHION_MNIST / "train-images-idx3-ubyte.gz").is_file():
        pytest.fail(f"{FASHION_MNIST} is missing: scripts/setup.sh installs dataset-fashion-mnist")
    directory = session_dir / "server-trainer"
    directory.mkdir(parents=True, exist_ok=True)
    image_map = directory / "image-map.json"
    image_map.write_text(json.dumps({"images": {"trainer:latest": {"entrypoint": [TRAINER_BIN]}}}))
    instance = SageServer(directory, image_map=image_map)
    instance.start()
    yield instance
    instance.stop()


def test_the_cnn_trains_through_the_sagemaker_api(trainer_server, tmp_path):
    sm = trainer_server.sagemaker()
    name = unique_name("cnn")
    sm.create_training_job(
        TrainingJobName=name, RoleArn=ROLE,
        AlgorithmSpecification={
            "TrainingImage": "trainer:latest", "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "test:accuracy", "Regex": r"Test Accuracy: ([0-9.]+)%"},
                                  {"Name": "train:loss", "Regex": r"train_loss=([0-9.]+)"}]},
        HyperParameters={"epochs": "1", "batch_size": "32", "dataset_size": "600", "test_dataset_size": "500",
                         "dataset_type": "mnist", "seed": "3", "num_threads": "1"},
        InputDataConfig=[{"ChannelName": "training", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": file_uri(FASHION_MNIST)}}}],
        OutputDataConfig={"S3OutputPath": file_uri(tmp_path)},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600})
    description = wait_for(sm, name, timeout=300, interval=0.5)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    metrics = {m["MetricName"]: m["Value"] for m in description["FinalMetricDataList"]}
    # One epoch on 600 images is far from the full model, but far above chance (10%).
    assert 30.0 < metrics["test:accuracy"] <= 100.0, metrics
    assert metrics["train:loss"] > 0
    members = tar_members(local_path(description["ModelArtifacts"]["S3ModelArtifacts"]))
    assert {"model.pt", "model.json"} <= set(members), sorted(members)
    architecture = json.loads(members["model.json"])
    assert architecture, "model.json describes the architecture"
    logs = trainer_server.logs()
    stream = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                       logStreamNamePrefix=name + "/")["logStreams"][0]["logStreamName"]
    lines = [e["message"] for e in logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs",
                                                       logStreamName=stream, startFromHead=True)["events"]]
    assert any(line.startswith("[RANK 0] --- Epoch 1/1 ---") for line in lines), lines[:10]
    assert any(line.startswith("=== Test Accuracy: ") for line in lines), lines[-5:]
