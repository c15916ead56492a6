"""Server flags: --region and --account shape the ARNs and the jobs' environment; bad settings stop the start."""
import json
import subprocess

import pytest
from botocore.exceptions import ClientError

from e2e_support import (
    LOG_GROUP, SERVER_BIN, SageServer, local_path, tar_members, training_request, unique_name, wait_for,
)

REGION, ACCOUNT = "eu-west-1", "111122223333"


@pytest.fixture(scope="module")
def elsewhere(session_dir, image_map, server_binary):
    instance = SageServer(session_dir / "server-options", image_map=image_map, region=REGION,
                          extra_args=["--account", ACCOUNT])
    instance.start()
    yield instance
    instance.stop()


def test_region_and_account_in_arns_and_environment(elsewhere, tmp_path):
    sm = elsewhere.sagemaker()
    name = unique_name("Region")
    arn = sm.create_training_job(**training_request(name, tmp_path))["TrainingJobArn"]
    assert arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name.lower()}"
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    assert sm.list_tags(ResourceArn=arn)["Tags"] == []
    probe = json.loads(tar_members(local_path(description["ModelArtifacts"]["S3ModelArtifacts"]).parent
                                   / "output.tar.gz")["probe.json"])
    assert probe["env"]["AWS_REGION"] == REGION and probe["env"]["AWS_DEFAULT_REGION"] == REGION
    assert probe["env"]["TRAINING_JOB_ARN"] == arn
    [stream] = elsewhere.logs().describe_log_streams(
        logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]
    assert stream["arn"].startswith(f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{LOG_GROUP}:log-stream:")


def test_tags_need_an_arn_of_this_account_and_region(elsewhere, tmp_path):
    sm = elsewhere.sagemaker()
    name = unique_name("foreign")
    sm.create_training_job(**training_request(name, tmp_path))
    with pytest.raises(ClientError) as excinfo:
        sm.list_tags(ResourceArn=f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}")
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    wait_for(sm, name)


@pytest.mark.parametrize("arguments, words", [
    (["--account", "123"], "account"),
    (["--port", "70000"], "port"),
    (["--stop-grace-seconds", "-1"], "grace"),
    (["--log-format", "xml"], "log format"),
    (["--image-map", "/nonexistent/image-map.json"], "/nonexistent/image-map.json"),
])
def test_bad_settings_stop_the_start(tmp_path, server_binary, arguments, words):
    completed = subprocess.run(
        [SERVER_BIN, "--port", "0", "--state-dir", str(tmp_path / "state"), *arguments],
        capture_output=True, text=True, timeout=30)
    assert completed.returncode != 0, f"sage-server started with {arguments}"
    assert words in (completed.stderr + completed.stdout), completed.stderr
