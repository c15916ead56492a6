"""Persistence: a server killed with SIGKILL (or stopped with SIGTERM) and started again on the same state
directory keeps its jobs, transitions, tags and logs; a job that was running ends Failed and is never run twice."""
import time

import pytest
from botocore.exceptions import ClientError

from e2e_support import (
    LOG_GROUP, SageServer, error_code, pid_alive, stream_events, training_request, transitions, unique_name,
    wait_for, wait_for_file, wait_for_secondary, wait_until_dead,
)

STABLE = ["TrainingJobName", "TrainingJobArn", "TrainingJobStatus", "SecondaryStatus", "SecondaryStatusTransitions",
          "CreationTime", "LastModifiedTime", "TrainingStartTime", "TrainingEndTime", "ModelArtifacts",
          "FinalMetricDataList", "HyperParameters", "AlgorithmSpecification", "ResourceConfig", "OutputDataConfig",
          "StoppingCondition", "TrainingTimeInSeconds", "BillableTimeInSeconds", "RoleArn"]


def streams_of(logs, job):
    return logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=job + "/")["logStreams"]


def test_restart_after_kill_9(session_dir, image_map, server_binary, tmp_path):
    directory = session_dir / f"restart-{unique_name('k')}"
    first = SageServer(directory, image_map=image_map)
    first.start()
    second = None
    try:
        sm, logs = first.sagemaker(), first.logs()
        done, running, deleted = unique_name("done"), unique_name("running"), unique_name("deleted")
        metrics = [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]
        request = training_request(done, tmp_path, hyperparameters={"lines": 5, "metrics": "0.7,0.3"},
                                   Tags=[{"Key": "keep", "Value": "me"}])
        request["AlgorithmSpecification"]["MetricDefinitions"] = metrics
        sm.create_training_job(**request)
        before = wait_for(sm, done)
        assert before["TrainingJobStatus"] == "Completed", before.get("FailureReason")
        sm.add_tags(ResourceArn=before["TrainingJobArn"], Tags=[{"Key": "added", "Value": "later"}])
        tags_before = sm.list_tags(ResourceArn=before["TrainingJobArn"])["Tags"]
        [stream] = streams_of(logs, done)
        events_before = stream_events(logs, stream["logStreamName"])
        assert len(events_before) >= 8

        sm.create_training_job(**training_request(deleted, tmp_path))
        wait_for(sm, deleted)
        sm.delete_training_job(TrainingJobName=deleted)

        sm.create_training_job(**training_request(running, tmp_path, hyperparameters={"sleep": 300,
                                                                                        "sigterm": "ignore"}))
        wait_for_secondary(sm, running, "Training")
        pid_file = first.job_dir(running) / "probe.pid"
        pid = int(wait_for_file(pid_file).read_text())
        wait_for_file(first.job_dir(running) / "output" / "data" / "probe.json")
        time.sleep(0.3)  # let the log writer store the first lines

        first.kill9()
        assert pid_alive(pid), "precondition: the algorithm outlives a server killed with SIGKILL"

        second = SageServer(directory, image_map=image_map, state_dir=first.state_dir)
        second.start()
        sm, logs = second.sagemaker(), second.logs()

        after = sm.describe_training_job(TrainingJobName=done)
        for member in STABLE:
            assert after.get(member) == before.get(member), f"{member} changed across the restart"
        assert sm.list_tags(ResourceArn=before["TrainingJobArn"])["Tags"] == tags_before
        [stream_after] = streams_of(logs, done)
        assert stream_after["logStreamName"] == stream["logStreamName"]
        assert stream_events(logs, stream["logStreamName"]) == events_before, "the logs survive the restart"

        lost = wait_for(sm, running, timeout=15)
        assert lost["TrainingJobStatus"] == "Failed", "a job running at the crash cannot be InProgress forever"
        assert lost["FailureReason"].startswith("InternalServerError"), lost["FailureReason"]
        assert transitions(lost)[-1] == "Failed"
        assert wait_until_dead(pid), f"the orphaned algorithm process {pid} was not killed by the new server"
        assert int(pid_file.read_text()) == pid, "the job was started again after the restart"
        assert len(streams_of(logs, running)) == 1, "the job was started again after the restart"
        time.sleep(1)
        assert sm.describe_training_job(TrainingJobName=running)["TrainingJobStatus"] == "Failed"

        with pytest.raises(ClientError) as excinfo:
            sm.describe_training_job(TrainingJobName=deleted)
        assert error_code(excinfo) == "ValidationException", "a deleted job stays deleted"

        listed = {s["TrainingJobName"] for s in sm.list_training_jobs(MaxResults=100)["TrainingJobSummaries"]}
        assert {done, running} <= listed and deleted not in listed
        with pytest.raises(ClientError) as excinfo:
            sm.create_training_job(**training_request(done, tmp_path))
        assert error_code(excinfo) == "ResourceInUse"
        sm.create_training_job(**training_request(deleted, tmp_path))
        fresh = wait_for(sm, deleted)
        assert fresh["TrainingJobStatus"] == "Completed", "the restarted server runs new jobs"
    finally:
        if second:
            second.stop()
        first.stop()


def test_restart_after_graceful_shutdown(session_dir, image_map, server_binary, tmp_path):
    directory = session_dir / f"restart-{unique_name('g')}"
    first = SageServer(directory, image_map=image_map)
    first.start()
    second = None
    try:
        sm = first.sagemaker()
        running = unique_name("shutdown")
        sm.create_training_job(**training_request(running, tmp_path, hyperparameters={"sleep": 300}))
        wait_for_secondary(sm, running, "Training")
        pid = int(wait_for_file(first.job_dir(running) / "probe.pid").read_text())
        first.stop()
        assert wait_until_dead(pid), "a server shutting down stops its jobs' processes"

        second = SageServer(directory, image_map=image_map, state_dir=first.state_dir)
        second.start()
        description = second.sagemaker().describe_training_job(TrainingJobName=running)
        assert description["TrainingJobStatus"] == "Failed"
        assert description["FailureReason"].startswith("InternalServerError"), description["FailureReason"]
        second.stop()
        for server in (first, second):
            assert server.process.returncode == 0, (
                f"SIGTERM must end the server cleanly (exit 0), got {server.process.returncode}: "
                f"{server.log_text()[-600:]}")
    finally:
        if second:
            second.stop()
        first.stop()


def test_sigterm_exits_cleanly(session_dir, image_map, server_binary):
    """An idle server asked to stop with SIGTERM exits with status 0, promptly, every time."""
    results = []
    for attempt in range(4):
        instance = SageServer(session_dir / f"sigterm-{unique_name('t')}", image_map=image_map)
        instance.start()
        time.sleep(0.3)
        started = time.time()
        instance.stop()
        results.append((instance.process.returncode, round(time.time() - started, 2)))
    assert [code for code, _ in results] == [0, 0, 0, 0], (
        f"(exit status, seconds) of four SIGTERM shutdowns: {results}; "
        "a negative status is the signal that ended the process (-4: SIGILL, a Swift runtime trap)")
    assert all(seconds < 2 for _, seconds in results), results
