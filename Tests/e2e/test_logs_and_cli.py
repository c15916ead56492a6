"""The CloudWatch Logs subset with boto3's `logs` client, and the AWS CLI (v1) against the same endpoint."""
import json
import os
import re
import subprocess
import time

import pytest
import requests
from botocore.exceptions import ClientError

from e2e_support import (
    AWS_CLI, LOG_GROUP, REGION, error_code, stream_events, training_request, unique_name, wait_for,
)

LINES = 23


@pytest.fixture(scope="module")
def jobs(server, tmp_path_factory):
    """Two finished jobs whose names share a prefix (`<a>` and `<a>-b`), so stream prefixes must end in '/'."""
    sm = server.sagemaker()
    out = tmp_path_factory.mktemp("output")
    first = unique_name("logs")
    second = first + "-b"
    sm.create_training_job(**training_request(first, out, hyperparameters={"lines": LINES, "metrics": "0.5,0.4"}))
    sm.create_training_job(**training_request(second, out, hyperparameters={"lines": 2}))
    for name in (first, second):
        assert wait_for(sm, name)["TrainingJobStatus"] == "Completed"
    return {"first": first, "second": second, "created": sm.describe_training_job(TrainingJobName=first)}


@pytest.fixture(scope="module")
def stream(server, jobs):
    streams = server.logs().describe_log_streams(
        logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/")["logStreams"]
    assert len(streams) == 1, streams
    return streams[0]


def test_describe_log_streams(server, jobs, stream):
    name = stream["logStreamName"]
    match = re.fullmatch(re.escape(jobs["first"]) + r"/algo-1-(\d+)", name)
    assert match, f"stream name {name} is not <job>/algo-1-<epoch seconds>"
    created = jobs["created"]["CreationTime"].timestamp()
    assert created - 2 <= int(match.group(1)) <= created + 30, "the suffix is the host's start in epoch seconds"
    assert stream["firstEventTimestamp"] <= stream["lastEventTimestamp"]
    assert stream["arn"] == f"arn:aws:logs:{REGION}:123456789012:log-group:{LOG_GROUP}:log-stream:{name}"
    both = server.logs().describe_log_streams(
        logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"])["logStreams"]
    assert sorted(s["logStreamName"].split("/")[0] for s in both) == sorted([jobs["first"], jobs["second"]])


def test_describe_log_streams_paging(server, jobs):
    logs = server.logs()
    page = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"], limit=1)
    assert len(page["logStreams"]) == 1 and page.get("nextToken")
    rest = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"], limit=1,
                                     nextToken=page["nextToken"])
    assert len(rest["logStreams"]) == 1
    assert rest["logStreams"][0]["logStreamName"] != page["logStreams"][0]["logStreamName"]
    assert "nextToken" not in rest


def test_get_log_events_from_head(server, stream):
    response = server.logs().get_log_events(
        logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], startFromHead=True)
    messages = [e["message"] for e in response["events"]]
    lines = [m for m in messages if m.startswith("probe line")]
    assert lines == [f"probe line {i} of {LINES}" for i in range(1, LINES + 1)]
    assert messages[0].startswith("PROBE-ENV "), "the first line the algorithm printed comes first"
    timestamps = [e["timestamp"] for e in response["events"]]
    assert timestamps == sorted(timestamps)
    assert all(e["ingestionTime"] >= e["timestamp"] - 1000 for e in response["events"])
    assert stream["firstEventTimestamp"] == timestamps[0] and stream["lastEventTimestamp"] == timestamps[-1]


def test_get_log_events_forward_paging(server, stream):
    logs = server.logs()
    everything = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"],
                                     startFromHead=True)["events"]
    collected, token, pages = [], None, 0
    while True:
        kwargs = {"nextToken": token} if token else {"startFromHead": True}
        response = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], limit=4,
                                       **kwargs)
        assert len(response["events"]) <= 4
        if response["nextForwardToken"] == token:
            assert response["events"] == [], "the end of the stream returns no events and the same token"
            break
        collected += response["events"]
        token = response["nextForwardToken"]
        pages += 1
        assert pages < 100
    assert collected == everything, "paging forward with limit 4 returns every event once, in order"
    assert pages == -(-len(everything) // 4)
    again = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], nextToken=token)
    assert again["nextForwardToken"] == token and again["events"] == []


def test_get_log_events_from_tail_and_backward(server, stream):
    logs = server.logs()
    everything = stream_events(logs, stream["logStreamName"])
    tail = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], limit=5)
    assert tail["events"] == everything[-5:], "without startFromHead the latest events come back"
    collected = list(tail["events"])
    token = tail["nextBackwardToken"]
    for _ in range(50):
        page = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], limit=5,
                                   nextToken=token)
        if not page["events"]:
            break
        collected = page["events"] + collected
        token = page["nextBackwardToken"]
    assert collected == everything


def test_filter_log_events(server, jobs):
    logs = server.logs()
    response = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/",
                                      filterPattern="loss")
    assert [e["message"] for e in response["events"]] == ["probe metric loss=0.5", "probe metric loss=0.4"]
    assert all(e["logStreamName"].startswith(jobs["first"] + "/") for e in response["events"])
    assert all(e["eventId"] for e in response["events"])
    phrase = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/",
                                    filterPattern='"probe line 7 of"')
    assert [e["message"] for e in phrase["events"]] == [f"probe line 7 of {LINES}"]
    every_line = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"],
                                        filterPattern="probe line")
    counts = {}
    for event in every_line["events"]:
        job = event["logStreamName"].split("/")[0]
        counts[job] = counts.get(job, 0) + 1
    assert counts == {jobs["first"]: LINES, jobs["second"]: 2}
    none = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/",
                                  filterPattern="SIGTERM")
    assert none["events"] == []


def test_filter_log_events_paging(server, jobs):
    logs = server.logs()
    collected, token = [], None
    for _ in range(100):
        response = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/",
                                          filterPattern="probe line", limit=5, **({"nextToken": token} if token else {}))
        assert len(response["events"]) <= 5
        collected += [e["message"] for e in response["events"]]
        token = response.get("nextToken")
        if not token:
            break
    assert collected == [f"probe line {i} of {LINES}" for i in range(1, LINES + 1)]
    paginated = logs.get_paginator("filter_log_events").paginate(
        logGroupName=LOG_GROUP, logStreamNamePrefix=jobs["first"] + "/", filterPattern="probe line",
        PaginationConfig={"PageSize": 6})
    assert [e["message"] for page in paginated for e in page["events"]] == collected


def test_time_windows_and_stream_names(server, jobs, stream):
    logs = server.logs()
    everything = stream_events(logs, stream["logStreamName"])
    last = everything[-1]["timestamp"]
    late = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], startFromHead=True,
                               startTime=last)["events"]
    assert late == [e for e in everything if e["timestamp"] >= last]
    early = logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream["logStreamName"], startFromHead=True,
                                endTime=last)["events"]
    assert early == [e for e in everything if e["timestamp"] < last], "endTime is exclusive"
    named = logs.filter_log_events(logGroupName=LOG_GROUP, logStreamNames=[stream["logStreamName"]])["events"]
    assert [e["message"] for e in named] == [e["message"] for e in everything]


def test_logs_are_readable_while_the_job_runs(server, tmp_path):
    """What `fit(logs=...)` and `aws logs` rely on: lines show up while the job is still training."""
    sm, logs = server.sagemaker(), server.logs()
    name = unique_name("live")
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"lines": 3, "sleep": 4}))
    deadline = time.time() + 10
    seen = []
    while time.time() < deadline:
        streams = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]
        if streams:
            seen = [e["message"] for e in logs.get_log_events(
                logGroupName=LOG_GROUP, logStreamName=streams[0]["logStreamName"], startFromHead=True)["events"]]
            if "probe line 3 of 3" in seen:
                break
        time.sleep(0.1)
    assert "probe line 3 of 3" in seen, f"the lines printed so far were not readable within 10 s: {seen}"
    assert sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] == "InProgress", \
        "the lines must be readable before the job ends"
    sm.stop_training_job(TrainingJobName=name)
    wait_for(sm, name)


def test_every_line_of_a_chatty_algorithm_is_kept(server, tmp_path):
    """5000 lines printed as fast as Python can: every one is stored, once, in order (more than one batch of the
    log writer arrives at once)."""
    sm, logs = server.sagemaker(), server.logs()
    name = unique_name("chatty")
    count = 5000
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"lines": count}))
    description = wait_for(sm, name, timeout=60)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    [stream] = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]
    messages = [e["message"] for e in stream_events(logs, stream["logStreamName"])]
    lines = [m for m in messages if m.startswith("probe line ")]
    numbers = [int(m.split()[2]) for m in lines]
    gaps = [(a, b) for a, b in zip(numbers, numbers[1:]) if b != a + 1]
    assert len(lines) == count and gaps == [], (
        f"{count - len(lines)} of {count} lines lost; jumps in the stored sequence: {gaps[:10]}")
    alias = requests.get(f"{server.url}/jobs/{name}/logs", timeout=10).json()["logs"]
    assert sum(line["message"].startswith("probe line ") for line in alias) == count


def test_odd_bytes_and_a_last_line_without_newline(server, tmp_path):
    """Bytes that are not UTF-8 do not break the stream; a last line without its newline is still logged."""
    sm, logs = server.sagemaker(), server.logs()
    name = unique_name("oddbytes")
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={
        "lines": 2, "binary": 1, "last_words": "probe last words"}))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    [stream] = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")["logStreams"]
    messages = [e["message"] for e in stream_events(logs, stream["logStreamName"])]
    odd = [m for m in messages if m.startswith("probe binary")]
    assert len(odd) == 1 and odd[0].endswith(" end"), odd
    assert "probe line 2 of 2" in messages
    assert messages[-1] == "probe last words", messages[-3:]


def test_unknown_log_group_and_stream(server, jobs, stream):
    logs = server.logs()
    calls = [
        lambda: logs.describe_log_streams(logGroupName="/aws/sagemaker/NoSuchGroup"),
        lambda: logs.get_log_events(logGroupName="/aws/sagemaker/NoSuchGroup",
                                    logStreamName=stream["logStreamName"]),
        lambda: logs.filter_log_events(logGroupName="/aws/sagemaker/NoSuchGroup"),
        lambda: logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=jobs["first"] + "/algo-9-1"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "ResourceNotFoundException"


# --- The AWS CLI (v1) ---------------------------------------------------------------------------------------------

def aws(server, *arguments, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-creds"),
        "AWS_PAGER": "",
    })
    completed = subprocess.run([AWS_CLI, *arguments, "--endpoint-url", server.url, "--output", "json"],
                               capture_output=True, text=True, env=env, timeout=60)
    assert completed.returncode == 0, f"aws {' '.join(arguments)} failed: {completed.stderr}"
    return json.loads(completed.stdout) if completed.stdout.strip() else None


def test_cli_describe_training_job(server, jobs, tmp_path):
    description = aws(server, "sagemaker", "describe-training-job", "--training-job-name", jobs["first"],
                      tmp_path=tmp_path)
    assert description["TrainingJobName"] == jobs["first"]
    assert description["TrainingJobStatus"] == "Completed"
    assert description["HyperParameters"]["lines"] == str(LINES)
    assert [t["Status"] for t in description["SecondaryStatusTransitions"]][-1] == "Completed"


def test_cli_list_training_jobs(server, jobs, tmp_path):
    listed = aws(server, "sagemaker", "list-training-jobs", "--name-contains", jobs["first"],
                 "--sort-by", "Name", "--sort-order", "Ascending", "--page-size", "1", tmp_path=tmp_path)
    names = [s["TrainingJobName"] for s in listed["TrainingJobSummaries"]]
    assert names == [jobs["first"], jobs["second"]], "the CLI follows NextToken across pages of 1"


def test_cli_get_log_events(server, jobs, stream, tmp_path):
    events = aws(server, "logs", "get-log-events", "--log-group-name", LOG_GROUP, "--log-stream-name",
                 stream["logStreamName"], "--start-from-head", tmp_path=tmp_path)
    lines = [e["message"] for e in events["events"] if e["message"].startswith("probe line")]
    assert lines == [f"probe line {i} of {LINES}" for i in range(1, LINES + 1)]


def test_cli_logs_tail_or_filter(server, jobs, tmp_path):
    """`aws logs tail` exists only in CLI v2; with v1 the equivalent is `aws logs filter-log-events`."""
    probe = subprocess.run([AWS_CLI, "logs", "tail", "help"], capture_output=True, text=True, timeout=60)
    if probe.returncode == 0 and "log-stream-name-prefix" in probe.stdout:
        completed = subprocess.run(
            [AWS_CLI, "logs", "tail", LOG_GROUP, "--log-stream-name-prefix", jobs["first"] + "/", "--since", "1h",
             "--endpoint-url", server.url, "--region", REGION], capture_output=True, text=True, timeout=60,
            env={**os.environ, "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"})
        assert completed.returncode == 0, completed.stderr
        messages = completed.stdout.splitlines()
    else:
        events = aws(server, "logs", "filter-log-events", "--log-group-name", LOG_GROUP,
                     "--log-stream-name-prefix", jobs["first"] + "/", "--page-size", "7", tmp_path=tmp_path)
        messages = [e["message"] for e in events["events"]]
    assert sum("probe line" in m for m in messages) == LINES
    assert any("probe metric loss=0.4" in m for m in messages)


def test_cli_reports_errors(server, tmp_path):
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": REGION}
    completed = subprocess.run(
        [AWS_CLI, "sagemaker", "describe-training-job", "--training-job-name", unique_name("nothere"),
         "--endpoint-url", server.url], capture_output=True, text=True, env=env, timeout=60)
    assert completed.returncode != 0
    assert "ValidationException" in completed.stderr and "Requested resource not found." in completed.stderr
