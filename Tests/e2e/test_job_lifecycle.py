"""Stopping, MaxRuntimeInSeconds, failures, unmapped images, multi-host jobs, DeleteTrainingJob and tags."""
import json
import threading
import time

import pytest
from botocore.exceptions import ClientError

from e2e_support import (
    LOG_GROUP, error_code, error_message, job_log_messages, local_path, probe_env, tar_members,
    training_request, transitions, unique_name, wait_for, wait_for_file, wait_for_secondary, wait_until_dead,
)


def start_long_job(server, tmp_path, prefix, **hp):
    sm = server.sagemaker()
    name = unique_name(prefix)
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"sleep": 60, **hp}))
    wait_for_secondary(sm, name, "Training")
    pid = int(wait_for_file(server.job_dir(name) / "probe.pid").read_text())
    wait_for_file(server.job_dir(name) / "output" / "data" / "probe.json")
    return sm, name, pid


def test_stop_training_job(server, tmp_path):
    sm, name, pid = start_long_job(server, tmp_path, "stop")
    response = sm.stop_training_job(TrainingJobName=name)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    seen = []
    description = wait_for(sm, name, timeout=20, interval=0.05, seen=seen)
    assert description["TrainingJobStatus"] == "Stopped", description.get("FailureReason")
    assert description["SecondaryStatus"] == "Stopped"
    assert transitions(description) == ["Starting", "Downloading", "Training", "Stopping", "Uploading", "Stopped"]
    assert all(status in ("Stopping", "Stopped") for status, _ in seen), seen
    assert "FailureReason" not in description
    assert wait_until_dead(pid), "the algorithm process survived the stop"
    artifacts = tar_members(local_path(description["ModelArtifacts"]["S3ModelArtifacts"]))
    assert artifacts.get("sigterm.txt") == b"stopped by SIGTERM\n", "the model written on SIGTERM is packaged"
    assert "model.json" in artifacts
    messages = job_log_messages(server.logs(), name)
    assert any("SIGTERM received" in m for m in messages), "the algorithm got SIGTERM"
    assert description["TrainingEndTime"] >= description["TrainingStartTime"]
    assert description["TrainingTimeInSeconds"] >= 1


def test_stop_kills_an_algorithm_that_ignores_sigterm(server, tmp_path):
    sm, name, pid = start_long_job(server, tmp_path, "stubborn", sigterm="ignore")
    started = time.time()
    sm.stop_training_job(TrainingJobName=name)
    description = wait_for(sm, name, timeout=20, interval=0.05)
    elapsed = time.time() - started
    assert description["TrainingJobStatus"] == "Stopped"
    assert elapsed >= server.grace - 0.3, f"SIGKILL came {elapsed:.2f}s after the stop, before the grace period"
    assert elapsed < server.grace + 8, f"the stop took {elapsed:.2f}s"
    assert wait_until_dead(pid), "SIGKILL after the grace period must end the algorithm"
    messages = job_log_messages(server.logs(), name)
    assert any("SIGTERM received" in m and "ignore" in m for m in messages), "SIGTERM came first"
    assert not any("saved after SIGTERM" in m for m in messages)
    artifacts = tar_members(local_path(description["ModelArtifacts"]["S3ModelArtifacts"]))
    assert "model.json" in artifacts, "what the algorithm wrote before the kill is still packaged"


def test_stop_of_a_finished_job_is_rejected(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("done")
    sm.create_training_job(**training_request(name, tmp_path))
    assert wait_for(sm, name)["TrainingJobStatus"] == "Completed"
    with pytest.raises(ClientError) as excinfo:
        sm.stop_training_job(TrainingJobName=name)
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == "The request was rejected because the training job is in status Completed."


def test_stop_returns_at_once(server, tmp_path):
    """StopTrainingJob only starts the stop: it answers at once, the job shows Stopping while the algorithm has its
    grace period, then Stopped (SageMaker's grace period is 120 s; no client waits that long for an answer)."""
    sm, name, pid = start_long_job(server, tmp_path, "quickstop", sigterm="ignore")
    started = time.time()
    sm.stop_training_job(TrainingJobName=name)
    took = time.time() - started
    assert took < 1.0, f"StopTrainingJob took {took:.2f}s: it waited for the {server.grace}s grace period"
    assert wait_for(sm, name, timeout=20)["TrainingJobStatus"] == "Stopped"


def test_stop_twice_is_rejected_while_stopping(server, tmp_path):
    sm, name, pid = start_long_job(server, tmp_path, "twice", sigterm="ignore")
    # The first stop runs in the background so that the checks below happen while the job is Stopping (the
    # algorithm ignores SIGTERM, so it stays Stopping for the 2 s grace period) even if the call blocks.
    first = threading.Thread(target=sm.stop_training_job, kwargs={"TrainingJobName": name})
    first.start()
    try:
        wait_for(sm, name, statuses=("Stopping",), timeout=5, interval=0.02)
        with pytest.raises(ClientError) as excinfo:
            sm.stop_training_job(TrainingJobName=name)
        assert error_code(excinfo) == "ValidationException"
        assert error_message(excinfo) == "The request was rejected because the training job is in status Stopping."
        with pytest.raises(ClientError) as excinfo:
            sm.delete_training_job(TrainingJobName=name)
        assert error_code(excinfo) == "ResourceInUse", "a Stopping job is not terminal and cannot be deleted"
    finally:
        first.join(30)
    assert wait_for(sm, name, timeout=20)["TrainingJobStatus"] == "Stopped"
    with pytest.raises(ClientError) as excinfo:
        sm.stop_training_job(TrainingJobName=name)
    assert error_message(excinfo) == "The request was rejected because the training job is in status Stopped."


def test_max_runtime_exceeded(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("maxrt")
    started = time.time()
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"sleep": 60}, max_runtime=2))
    description = wait_for(sm, name, timeout=20, interval=0.1)
    elapsed = time.time() - started
    assert description["TrainingJobStatus"] == "Stopped", description.get("FailureReason")
    assert description["SecondaryStatus"] == "MaxRuntimeExceeded"
    assert transitions(description)[-1] == "MaxRuntimeExceeded"
    assert transitions(description)[-2] == "Uploading"
    assert 2 <= elapsed < 12, f"a 2 s MaxRuntimeInSeconds ended after {elapsed:.1f}s"
    assert "FailureReason" not in description
    artifacts = tar_members(local_path(description["ModelArtifacts"]["S3ModelArtifacts"]))
    assert "sigterm.txt" in artifacts and "model.json" in artifacts, "the model is uploaded after the timeout"


def test_failure_reason_from_failure_file(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("failfile")
    sm.create_training_job(**training_request(
        name, tmp_path, hyperparameters={"exit_code": 1, "failure": "ValueError: the data is bad"}))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Failed"
    assert description["SecondaryStatus"] == "Failed"
    assert description["FailureReason"] == "ValueError: the data is bad"
    assert transitions(description) == ["Starting", "Downloading", "Training", "Failed"]
    assert description["TrainingEndTime"] >= description["TrainingStartTime"]


def test_failure_reason_is_truncated_to_1024(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("faillong")
    sm.create_training_job(**training_request(
        name, tmp_path, hyperparameters={"exit_code": 1, "failure_length": 3000}))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Failed"
    assert description["FailureReason"] == "F" + "x" * 1023


def test_failure_reason_from_exit_code(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("failcode")
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"exit_code": 3}))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Failed"
    assert description["FailureReason"] == "AlgorithmError: Exit Code: 3"


def test_unmapped_image_fails_naming_the_setting(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("unmapped")
    sm.create_training_job(**training_request(name, tmp_path, image="nobody/unknown-image:7"))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Failed"
    reason = description["FailureReason"]
    assert "nobody/unknown-image:7" in reason, reason
    assert "--image-map" in reason or "SAGE_IMAGE_MAP" in reason, reason


def test_multi_host_job(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("multi")
    sm.create_training_job(**training_request(
        name, tmp_path, instance_count=2, hyperparameters={"rendezvous": 1, "lines": 2}))
    description = wait_for(sm, name, timeout=40)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    logs = server.logs()
    streams = [s["logStreamName"] for s in logs.describe_log_streams(
        logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]]
    assert sorted(s.rsplit("-", 1)[0] for s in streams) == [f"{name}/algo-1", f"{name}/algo-2"], streams
    messages = job_log_messages(logs, name)
    env = probe_env(messages)
    assert set(env) == {"algo-1", "algo-2"}
    assert (env["algo-1"]["RANK"], env["algo-2"]["RANK"]) == ("0", "1")
    assert env["algo-1"]["WORLD_SIZE"] == env["algo-2"]["WORLD_SIZE"] == "2"
    assert env["algo-1"]["MASTER_ADDR"] == env["algo-2"]["MASTER_ADDR"]
    assert env["algo-1"]["MASTER_PORT"] == env["algo-2"]["MASTER_PORT"]
    assert json.loads(env["algo-2"]["SM_HOSTS"]) == ["algo-1", "algo-2"]
    assert env["algo-1"]["SAGEMAKER_BASE_DIR"] != env["algo-2"]["SAGEMAKER_BASE_DIR"]
    assert env["algo-1"]["pid"] != env["algo-2"]["pid"]
    assert any(m.startswith("RENDEZVOUS OK rank 0 heard from rank1") for m in messages), messages
    assert any(m.startswith("RENDEZVOUS OK rank 1") for m in messages), messages
    resources = json.loads(env["algo-2"]["SM_RESOURCE_CONFIG"])
    assert resources["current_host"] == "algo-2" and resources["hosts"] == ["algo-1", "algo-2"]


def test_multi_host_failure_fails_the_job_and_stops_the_other_host(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("multifail")
    started = time.time()
    sm.create_training_job(**training_request(name, tmp_path, instance_count=2, hyperparameters={
        "sleep": 60, "fail_host": "algo-2", "exit_code": 5, "failure": "host two broke", "fail_after": 1}))
    pid_one = int(wait_for_file(server.job_dir(name, "algo-1") / "probe.pid").read_text())
    description = wait_for(sm, name, timeout=30)
    assert description["TrainingJobStatus"] == "Failed"
    assert description["FailureReason"] == "host two broke"
    assert time.time() - started < 20, "the healthy host was not stopped when the other failed"
    assert wait_until_dead(pid_one), "algo-1 must be stopped when algo-2 fails"
    messages = job_log_messages(server.logs(), name)
    assert any("SIGTERM received on algo-1" in m for m in messages), "algo-1 is stopped with SIGTERM first"


def test_delete_training_job(server, tmp_path):
    sm, name, pid = start_long_job(server, tmp_path, "delete")
    with pytest.raises(ClientError) as excinfo:
        sm.delete_training_job(TrainingJobName=name)
    assert error_code(excinfo) == "ResourceInUse", "a running job cannot be deleted"
    assert sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] == "InProgress"
    sm.stop_training_job(TrainingJobName=name)
    assert wait_for(sm, name, timeout=20)["TrainingJobStatus"] == "Stopped"
    logs = server.logs()
    assert logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]
    sm.delete_training_job(TrainingJobName=name)
    with pytest.raises(ClientError) as excinfo:
        sm.describe_training_job(TrainingJobName=name)
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == "Requested resource not found."
    assert name not in [s["TrainingJobName"] for s in sm.list_training_jobs(NameContains=name)["TrainingJobSummaries"]]
    assert logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"] == [], \
        "the deleted job's logs are gone"
    # The name is free again, and the new job is a new job.
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"lines": 1}))
    again = wait_for(sm, name)
    assert again["TrainingJobStatus"] == "Completed", again.get("FailureReason")
    assert transitions(again)[0] == "Starting" and "Stopping" not in transitions(again)
    messages = job_log_messages(logs, name)
    assert not any("SIGTERM" in m for m in messages), "the old job's log lines came back"
    with pytest.raises(ClientError) as excinfo:
        sm.delete_training_job(TrainingJobName=unique_name("never-created"))
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == "Requested resource not found."


def test_tags(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("tags")
    arn = sm.create_training_job(**training_request(
        name, tmp_path, Tags=[{"Key": "team", "Value": "ml"}, {"Key": "stage", "Value": "dev"}]))["TrainingJobArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}, {"Key": "stage", "Value": "dev"}]
    added = sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "prod"}, {"Key": "owner", "Value": "ana"}])
    assert added["Tags"] == [{"Key": "stage", "Value": "prod"}, {"Key": "owner", "Value": "ana"}]
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}
    assert tags == {"team": "ml", "stage": "prod", "owner": "ana"}, "AddTags replaces by key and adds"
    sm.delete_tags(ResourceArn=arn, TagKeys=["team", "no-such-key"])
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}
    assert tags == {"stage": "prod", "owner": "ana"}
    assert "NextToken" not in sm.list_tags(ResourceArn=arn)
    wait_for(sm, name)
    assert {t["Key"] for t in sm.list_tags(ResourceArn=arn)["Tags"]} == {"stage", "owner"}, "tags outlive the run"
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(49)]
    with pytest.raises(ClientError) as excinfo:
        sm.add_tags(ResourceArn=arn, Tags=too_many)
    assert error_code(excinfo) in ("ResourceLimitExceeded", "ValidationException"), "50 tags at most"
    assert len(sm.list_tags(ResourceArn=arn)["Tags"]) == 2, "a refused AddTags changes nothing"

    missing = arn.rsplit("/", 1)[0] + "/" + unique_name("nobody")
    for call in (lambda: sm.list_tags(ResourceArn=missing),
                 lambda: sm.add_tags(ResourceArn=missing, Tags=[{"Key": "a", "Value": "b"}]),
                 lambda: sm.delete_tags(ResourceArn=missing, TagKeys=["a"])):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "ValidationException"
