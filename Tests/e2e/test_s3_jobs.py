"""Training jobs whose data and artifacts live in S3: a real SeaweedFS server (it checks SigV4 signatures), the
server's `--s3-endpoint`, and the job runtime (`sage-runtime`) staging channels and storing `model.tar.gz`.

The trainer comes from SAGE_TRAINER_BIN, the probe algorithm from Tests/e2e/algorithms.
"""
import gzip
import io
import json
import os
import subprocess
import random
import struct
import sys
import tarfile
import zipfile
import zlib

import requests
from pathlib import Path

import pytest

from e2e_support import REPO, ROLE, SageServer, training_request, unique_name, wait_for, wait_for_file
from seaweed import start_seaweed

SDK_PYTHON = os.environ.get("SAGE_SDK_PYTHON", str(Path.home() / ".cache" / "sagetrain" / "venv-sdk" / "bin" / "python"))
TRAINER_BIN = os.environ.get("SAGE_TRAINER_BIN", str(REPO / ".build" / "debug" / "trainer"))
FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(scope="module")
def s3(session_dir):
    server = start_seaweed(session_dir / "seaweed-jobs")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def s3_server(session_dir, server_binary, image_map, s3):
    """A sage-server whose jobs reach SeaweedFS with its credentials; the image map adds the trainer."""
    directory = session_dir / "server-s3-jobs"
    directory.mkdir(parents=True, exist_ok=True)
    images = json.loads(Path(image_map).read_text())
    images["images"]["trainer:latest"] = {"entrypoint": [TRAINER_BIN]}
    map_path = Path(image_map).parent / "image-map-s3.json"  # beside the original: its paths are relative
    map_path.write_text(json.dumps(images))
    env = s3.environment()
    env.pop("AWS_ENDPOINT_URL_S3")  # the flag below says where S3 is
    models = s3.make_bucket("alias-models")
    instance = SageServer(directory, image_map=map_path, env=env,
                          extra_args=["--s3-endpoint", s3.endpoint, "--jobs-output-path", f"s3://{models}/jobs"])
    instance.start()
    yield instance
    instance.stop()


def s3_channel(name, uri, **source):
    return {"ChannelName": name, "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri, **source}}}


def tar_from_s3(client, bucket, key):
    body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
        return {m.name.lstrip("./"): archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}


def test_the_cnn_trains_from_s3_and_leaves_model_tar_gz_in_the_bucket(s3_server, s3, tmp_path):
    client = s3.client()
    bucket = s3.make_bucket()
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz"):
        client.upload_file(str(FASHION_MNIST / name), bucket, f"datasets/fashion/{name}")
    sm = s3_server.sagemaker()
    name = unique_name("s3cnn")
    sm.create_training_job(
        TrainingJobName=name, RoleArn=ROLE,
        AlgorithmSpecification={"TrainingImage": "trainer:latest", "TrainingInputMode": "File"},
        HyperParameters={"epochs": "1", "batch_size": "32", "dataset_size": "600", "test_dataset_size": "500",
                         "dataset_type": "mnist", "seed": "3", "num_threads": "1"},
        InputDataConfig=[s3_channel("training", f"s3://{bucket}/datasets/fashion/")],
        OutputDataConfig={"S3OutputPath": f"s3://{bucket}/output"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600})
    description = wait_for(sm, name, timeout=300, interval=0.5)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    artifacts = description["ModelArtifacts"]["S3ModelArtifacts"]
    assert artifacts == f"s3://{bucket}/output/{name}/output/model.tar.gz"
    seen = [t["Status"] for t in description["SecondaryStatusTransitions"]]
    assert seen == ["Starting", "Downloading", "Training", "Uploading", "Completed"], seen
    downloading = next(t for t in description["SecondaryStatusTransitions"] if t["Status"] == "Downloading")
    assert downloading["StatusMessage"] == "Downloading input data"

    # The AWS CLI (a different client) downloads it; the contents are the trainer's model.
    target = tmp_path / "model.tar.gz"
    subprocess.run(["aws", "--endpoint-url", s3.endpoint, "s3", "cp", artifacts, str(target)],
                   env=s3.environment(), check=True, capture_output=True)
    with tarfile.open(target) as archive:
        names = {m.name.lstrip("./") for m in archive.getmembers()}
    assert {"model.pt", "model.json"} <= names, sorted(names)
    metrics = tar_from_s3(client, bucket, f"output/{name}/output/output.tar.gz")
    assert "metrics.json" in metrics, sorted(metrics)


def test_prefix_sharding_manifest_and_gzip_channels(s3_server, s3, tmp_path):
    client = s3.client()
    bucket = s3.make_bucket()
    for index in range(5):
        client.put_object(Bucket=bucket, Key=f"shards/part-{index}.csv", Body=f"part {index}\n".encode())
    client.put_object(Bucket=bucket, Key="zipped/data.csv.gz", Body=gzip.compress(b"unzipped contents\n"))
    client.put_object(Bucket=bucket, Key="pics/cat/1.txt", Body=b"cat")
    client.put_object(Bucket=bucket, Key="pics/dog/2.txt", Body=b"dog")
    client.put_object(Bucket=bucket, Key="pics/unlisted.txt", Body=b"not in the manifest")
    client.put_object(Bucket=bucket, Key="manifests/pics.json", Body=json.dumps(
        [{"prefix": f"s3://{bucket}/pics/"}, "cat/1.txt", "dog/2.txt"]).encode())
    sm = s3_server.sagemaker()
    name = unique_name("s3chan")
    request = training_request(name, tmp_path, instance_count=2)
    request["OutputDataConfig"] = {"S3OutputPath": f"s3://{bucket}/out/"}
    request["InputDataConfig"] = [
        s3_channel("sharded", f"s3://{bucket}/shards/", S3DataDistributionType="ShardedByS3Key"),
        s3_channel("replicated", f"s3://{bucket}/shards/part-1.csv"),
        {**s3_channel("zipped", f"s3://{bucket}/zipped/"), "CompressionType": "Gzip"},
        s3_channel("manifest", f"s3://{bucket}/manifests/pics.json", S3DataType="ManifestFile"),
    ]
    sm.create_training_job(**request)
    description = wait_for(sm, name, timeout=60)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    probe = json.loads(tar_from_s3(client, bucket, f"out/{name}/output/output.tar.gz")["probe.json"])
    channels = probe["channels"]
    assert channels["sharded"] == {"part-0.csv": "part 0\n", "part-2.csv": "part 2\n", "part-4.csv": "part 4\n"}
    assert channels["replicated"] == {"part-1.csv": "part 1\n"}
    assert channels["zipped"] == {"data.csv": "unzipped contents\n"}
    assert channels["manifest"] == {"cat/1.txt": "cat", "dog/2.txt": "dog"}
    second_host = s3_server.job_dir(name, "algo-2") / "input" / "data" / "sharded"
    assert sorted(os.listdir(second_host)) == ["part-1.csv", "part-3.csv"]


def test_a_missing_prefix_fails_the_job_with_a_clear_reason(s3_server, s3, tmp_path):
    bucket = s3.make_bucket()
    sm = s3_server.sagemaker()
    name = unique_name("s3miss")
    request = training_request(name, tmp_path, channels={"training": f"s3://{bucket}/nothing/here/"})
    sm.create_training_job(**request)
    description = wait_for(sm, name, timeout=60)
    assert description["TrainingJobStatus"] == "Failed"
    assert description["FailureReason"].startswith("ClientError: Data download failed:"), description["FailureReason"]
    assert f"no objects under s3://{bucket}/nothing/here/" in description["FailureReason"]
    assert [t["Status"] for t in description["SecondaryStatusTransitions"]][-1] == "Failed"


def test_checkpoints_are_synced_to_s3_and_a_new_job_resumes_from_them(s3_server, s3, tmp_path):
    client = s3.client()
    bucket = s3.make_bucket()
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz"):
        client.upload_file(str(FASHION_MNIST / name), bucket, f"data/{name}")
    sm = s3_server.sagemaker()

    def train(name, epochs):
        sm.create_training_job(
            TrainingJobName=name, RoleArn=ROLE,
            AlgorithmSpecification={"TrainingImage": "trainer:latest", "TrainingInputMode": "File"},
            HyperParameters={"epochs": str(epochs), "batch_size": "50", "dataset_size": "300",
                             "test_dataset_size": "200", "dataset_type": "mnist", "seed": "5", "num_threads": "1"},
            InputDataConfig=[s3_channel("training", f"s3://{bucket}/data/")],
            OutputDataConfig={"S3OutputPath": f"s3://{bucket}/output"},
            CheckpointConfig={"S3Uri": f"s3://{bucket}/checkpoints/run-1"},
            ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
            StoppingCondition={"MaxRuntimeInSeconds": 600})
        description = wait_for(sm, name, timeout=300, interval=0.5)
        assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
        return description

    first = unique_name("ckpt-a")
    train(first, 1)
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=bucket, Prefix="checkpoints/run-1/")["Contents"]}
    assert {"checkpoints/run-1/epoch-0001.pt", "checkpoints/run-1/epoch-0001.json"} <= keys, keys
    second = unique_name("ckpt-b")
    train(second, 2)
    logs = s3_server.logs()
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                        logStreamNamePrefix=f"{second}/")["logStreams"]
    messages = [e["message"] for e in logs.get_log_events(
        logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=streams[0]["logStreamName"])["events"]]
    assert any("resumed from the checkpoint of epoch 1" in m for m in messages), messages[:20]
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=bucket, Prefix="checkpoints/run-1/")["Contents"]}
    assert "checkpoints/run-1/epoch-0002.json" in keys, keys


def test_the_sagemaker_sdk_fits_with_s3_paths(s3_server, s3, tmp_path):
    """The SDK v2 as documented, without local-mode workarounds: s3:// inputs and output path."""
    if not Path(SDK_PYTHON).exists():
        pytest.fail(f"the SageMaker SDK environment is missing ({SDK_PYTHON}): run scripts/setup.sh")
    client = s3.client()
    bucket = s3.make_bucket()
    client.put_object(Bucket=bucket, Key="sdk/data/train.csv", Body=b"1,2,3\n")
    config = tmp_path / "sdk-config.yaml"
    config.write_text("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
    env = {k: v for k, v in s3.environment().items() if not k.startswith("SAGEMAKER_")}
    env.update({"AWS_ENDPOINT_URL": s3_server.url, "AWS_ENDPOINT_URL_SAGEMAKER": s3_server.url,
                "AWS_ENDPOINT_URL_LOGS": s3_server.url, "AWS_EC2_METADATA_DISABLED": "true",
                "SAGEMAKER_USER_CONFIG_OVERRIDE": str(config), "SAGEMAKER_ADMIN_CONFIG_OVERRIDE": str(config),
                "SAGEMAKER_SUPPRESS_V2_WARNING": "1", "PYTHONUNBUFFERED": "1"})
    name = unique_name("sdk-s3")
    output = subprocess.run(
        [SDK_PYTHON, str(Path(__file__).parent / "sdk_driver.py"), "s3-fit", name, f"s3://{bucket}/sdk/data/",
         f"s3://{bucket}/sdk/output"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180).stdout
    results = [line for line in output.splitlines() if line.startswith("SDK-RESULT ")]
    assert results, output[-3000:]
    result = json.loads(results[-1][len("SDK-RESULT "):])
    assert result["error"] is None, result.get("traceback")
    assert result["status"] == "Completed"
    assert result["model_data"] == f"s3://{bucket}/sdk/output/{name}/output/model.tar.gz"
    probe = json.loads(tar_from_s3(client, bucket, f"sdk/output/{name}/output/output.tar.gz")["probe.json"])
    assert probe["channels"]["training"] == {"train.csv": "1,2,3\n"}


def grayscale_png(width, height, pixels):
    """A PNG file (8-bit grayscale) written with the standard library."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(pixels[y * width:(y + 1) * width]) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_the_jobs_alias_trains_on_an_imagefolder_zip_in_s3(s3_server, s3, tmp_path):
    client = s3.client()
    bucket = s3.make_bucket()
    generator = random.Random(7)
    archive = tmp_path / "dataset.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for label, level in (("bright", 200), ("dark", 40)):
            for index in range(30):
                pixels = [max(0, min(255, level + generator.randint(-30, 30))) for _ in range(16 * 16)]
                zipped.writestr(f"{label}/{index}.png", grayscale_png(16, 16, pixels))
    client.upload_file(str(archive), bucket, "datasets/shapes.zip")
    name = unique_name("alias-s3")
    body = {"job_name": name, "image": "trainer:latest", "epochs": 2, "batch_size": 8, "world_size": 1,
            "dataset_type": "imagefolder", "dataset_uri": f"s3://{bucket}/datasets/shapes.zip",
            "hyperparameters": {"image_size": "16", "num_threads": "1", "seed": "1"}}
    response = requests.post(f"{s3_server.url}/jobs", json=body, timeout=10)
    assert response.status_code == 201, response.text
    wait_for(s3_server.sagemaker(), name, timeout=180, interval=0.5)
    job = requests.get(f"{s3_server.url}/jobs/{name}", timeout=10).json()
    assert job["status"] == "Completed", job.get("failure_reason")
    assert job["model_artifacts"] == f"s3://alias-models/jobs/{name}/output/model.tar.gz"
    model = tar_from_s3(client, "alias-models", f"jobs/{name}/output/model.tar.gz")
    architecture = json.loads(model["model.json"])
    assert "bright" in json.dumps(architecture) and "dark" in json.dumps(architecture), architecture


def test_a_stopped_job_still_stores_its_model_in_s3(s3_server, s3, tmp_path):
    client = s3.client()
    bucket = s3.make_bucket()
    sm = s3_server.sagemaker()
    name = unique_name("s3stop")
    request = training_request(name, tmp_path, hyperparameters={"sleep": 60})
    request["OutputDataConfig"] = {"S3OutputPath": f"s3://{bucket}/models"}
    sm.create_training_job(**request)
    wait_for(sm, name, statuses=("InProgress",), timeout=30)
    wait_for_file(s3_server.job_dir(name) / "probe.pid", timeout=30)  # its SIGTERM handler is installed
    sm.stop_training_job(TrainingJobName=name)
    description = wait_for(sm, name, timeout=60)
    assert description["TrainingJobStatus"] == "Stopped", description.get("FailureReason")
    assert description["ModelArtifacts"]["S3ModelArtifacts"] == f"s3://{bucket}/models/{name}/output/model.tar.gz"
    model = tar_from_s3(client, bucket, f"models/{name}/output/model.tar.gz")
    assert "sigterm.txt" in model, sorted(model)


def test_the_server_never_logs_the_s3_secret(s3_server, s3):
    # Runs last in this module: every job above has been through the runtime by now.
    assert s3.secret_key not in s3_server.log_text()
    assert s3.access_key  # the key id may appear; the secret must not
