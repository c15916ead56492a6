"""Helpers of the end-to-end suite: the server process, clients, job requests and waiting."""
import itertools
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import boto3
from botocore.config import Config

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ALGORITHMS_DIR = HERE / "algorithms"
SERVER_BIN = os.environ.get("SAGE_SERVER_BIN", str(REPO / ".build" / "debug" / "sage-server"))
SDK_PYTHON = os.environ.get("SAGE_SDK_PYTHON", os.path.expanduser("~/.cache/sagetrain/venv-sdk/bin/python"))
AWS_CLI = str(Path(sys.executable).parent / "aws")

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerRole"
IMAGE = "probe:latest"
ECR_IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/probe:1.0"
LOG_GROUP = "/aws/sagemaker/TrainingJobs"
TERMINAL = ("Completed", "Failed", "Stopped")
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# Every server process the suite started, for the leftover checks.
STARTED_SERVERS = []

_names = itertools.count(1)
_server_numbers = itertools.count(1)
_run = uuid.uuid4().hex[:6]


def unique_name(prefix):
    """A training job name unique to this run and test: `<prefix>-<run>-<n>` (at most 63 characters)."""
    name = f"{prefix}-{_run}-{next(_names)}"
    assert len(name) <= 63, name
    return name


def file_uri(path):
    return "file://" + str(Path(path).resolve())


def write_image_map(directory):
    """The image map of the suite: the probe algorithm under a plain name and an ECR-style glob."""
    probe = {
        "entrypoint": ["python3", "-u", "${IMAGE_MAP_DIR}/algorithms/probe.py"],
        "environment": {"PYTHONUNBUFFERED": "1", "PROBE_EXTRA": "from-image-map"},
    }
    # trainer:latest is the image the /jobs alias runs when a request names none.
    document = {"images": {IMAGE: probe, "*.dkr.ecr.*.amazonaws.com/probe:*": probe, "trainer:latest": probe}}
    path = Path(directory) / "image-map.json"
    path.write_text(json.dumps(document, indent=2))
    return path


class SageServer:
    """One sage-server process on a free port."""

    def __init__(self, directory, *, image_map=None, state_dir=None, credentials=None, grace=2, extra_args=(),
                 region=REGION, env=None):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.state_dir = Path(state_dir) if state_dir else self.directory / "state"
        self.image_map = image_map
        self.credentials = credentials
        self.grace = grace
        self.extra_args = list(extra_args)
        self.region = region
        self.env = env
        if region != REGION:
            self.extra_args += ["--region", region]
        self.process = None
        self.url = None
        self.starts = 0

    @property
    def pid(self):
        return self.process.pid

    def start(self, timeout=30):
        self.starts += 1
        number = next(_server_numbers)
        ready = self.directory / f"ready-{number}"
        self.log_path = self.directory / f"server-{number}.log"
        command = [
            SERVER_BIN, "--host", "127.0.0.1", "--port", "0", "--ready-file", str(ready),
            "--state-dir", str(self.state_dir), "--stop-grace-seconds", str(self.grace), "--log-format", "json",
        ]
        if self.image_map:
            command += ["--image-map", str(self.image_map)]
        if self.credentials:
            path = self.directory / "credentials"
            path.write_text("".join(f"{key} {secret}\n" for key, secret in self.credentials.items()))
            command += ["--credentials-file", str(path)]
        command += self.extra_args
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=self.env)
        STARTED_SERVERS.append(self.process)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"sage-server exited with {self.process.returncode}: {self.log_text()[-3000:]}")
            if ready.exists():
                text = ready.read_text().strip()
                if text.startswith("http://") and text.count(":") == 2:
                    self.url = text
                    return self
            time.sleep(0.05)
        self.process.kill()
        raise AssertionError(f"sage-server did not write {ready} within {timeout}s: {self.log_text()[-3000:]}")

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout=20):
        """SIGTERM (the server stops its jobs), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise AssertionError(f"sage-server did not stop within {timeout}s of SIGTERM")

    def kill9(self):
        self.process.kill()
        self.process.wait(10)

    def client(self, service="sagemaker", *, key=ACCESS_KEY, secret=SECRET_KEY, **config):
        options = {"retries": {"max_attempts": 1, "mode": "standard"}, "max_pool_connections": 20,
                   "read_timeout": 30, "connect_timeout": 5}
        options.update(config)
        return boto3.session.Session().client(
            service, endpoint_url=self.url, region_name=self.region, aws_access_key_id=key,
            aws_secret_access_key=secret, config=Config(**options))

    def sagemaker(self, **kwargs):
        return self.client("sagemaker", **kwargs)

    def logs(self, **kwargs):
        return self.client("logs", **kwargs)

    def job_dir(self, job, host="algo-1"):
        return self.state_dir / "jobs" / job / host


def training_request(name, output_dir, *, hyperparameters=None, image=IMAGE, instance_count=1, max_runtime=120,
                     channels=None, **extra):
    """A CreateTrainingJob request for the probe algorithm."""
    request = {
        "TrainingJobName": name,
        "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
        "RoleArn": ROLE,
        "OutputDataConfig": {"S3OutputPath": file_uri(output_dir)},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": instance_count, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": max_runtime},
        "HyperParameters": {k: str(v) for k, v in (hyperparameters or {}).items()},
    }
    if channels:
        request["InputDataConfig"] = [
            {
                "ChannelName": channel,
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri,
                                                "S3DataDistributionType": "FullyReplicated"}},
            }
            for channel, uri in channels.items()
        ]
    request.update(extra)
    return request


def wait_for(sm, name, statuses=TERMINAL, timeout=30, interval=0.1, seen=None):
    """Polls DescribeTrainingJob until TrainingJobStatus is one of `statuses`; `seen` collects the
    (TrainingJobStatus, SecondaryStatus) pairs observed along the way."""
    deadline = time.time() + timeout
    description = None
    while time.time() < deadline:
        description = sm.describe_training_job(TrainingJobName=name)
        pair = (description["TrainingJobStatus"], description["SecondaryStatus"])
        if seen is not None and (not seen or seen[-1] != pair):
            seen.append(pair)
        if description["TrainingJobStatus"] in statuses:
            return description
        time.sleep(interval)
    raise AssertionError(
        f"job {name} did not reach {statuses} within {timeout}s; last: "
        f"{description and (description['TrainingJobStatus'], description['SecondaryStatus'])}")


def wait_for_secondary(sm, name, secondary, timeout=30, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        description = sm.describe_training_job(TrainingJobName=name)
        if description["SecondaryStatus"] == secondary:
            return description
        if description["TrainingJobStatus"] in TERMINAL:
            raise AssertionError(f"job {name} ended ({description['TrainingJobStatus']}, "
                                 f"{description.get('FailureReason')}) before reaching {secondary}")
        time.sleep(interval)
    raise AssertionError(f"job {name} did not reach secondary status {secondary} within {timeout}s")


def wait_for_file(path, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if Path(path).exists() and Path(path).stat().st_size > 0:
            return Path(path)
        time.sleep(0.05)
    raise AssertionError(f"{path} did not appear within {timeout}s")


def transitions(description):
    return [t["Status"] for t in description["SecondaryStatusTransitions"]]


def local_path(uri):
    assert uri.startswith("file://"), uri
    return Path(uri[len("file://"):])


def tar_members(path):
    """{member name without './': bytes or None for directories}."""
    members = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            name = member.name[2:] if member.name.startswith("./") else member.name
            if name in ("", "."):
                continue
            members[name] = archive.extractfile(member).read() if member.isfile() else None
    return members


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def error_message(excinfo):
    return excinfo.value.response["Error"]["Message"]


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until_dead(pid, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


def stream_events(logs, stream):
    """All events of a stream, oldest first, via GetLogEvents paging."""
    events = []
    kwargs = {"logGroupName": LOG_GROUP, "logStreamName": stream, "startFromHead": True}
    token = None
    for _ in range(1000):
        response = logs.get_log_events(**kwargs, **({"nextToken": token} if token else {}))
        events += response["events"]
        if response["nextForwardToken"] == token:
            return events
        token = response["nextForwardToken"]
    raise AssertionError("GetLogEvents never returned the same forward token")


def job_log_messages(logs, job):
    streams = logs.describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=job + "/")["logStreams"]
    messages = []
    for stream in streams:
        messages += [e["message"] for e in stream_events(logs, stream["logStreamName"])]
    return messages


def probe_env(messages):
    """The PROBE-ENV documents the probe printed, by host."""
    found = {}
    for message in messages:
        if message.startswith("PROBE-ENV "):
            document = json.loads(message[len("PROBE-ENV "):])
            found[document.get("SM_CURRENT_HOST")] = document
    return found
