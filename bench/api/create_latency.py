#!/usr/bin/env python3
"""CreateTrainingJob to "the algorithm process is running", against a sagetrain server started with an image map
that maps IMAGE to `PYTHON probe.py`; beside the floor of starting that same probe directly with subprocess.

For each of N sequential jobs (alternating with floor samples): take the time, send CreateTrainingJob (Environment BENCH_PROBE_FILE=...), wait for
the probe to write the time.time() of its first statement, and wait for the job to finish before the next one.
The floor does the same without the server: time, Popen(PYTHON probe.py), the probe's first statement. The bare
`PYTHON -c pass` wall time is printed as well. Prints one JSON document.

    create_latency.py --url URL --image bench-probe:latest --python /usr/bin/python3 --probe probe.py --work DIR
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed import headers  # noqa: E402  (the same Authorization header as the load)


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def summary(milliseconds):
    return {"n": len(milliseconds), "p50_ms": round(statistics.median(milliseconds), 1),
            "p99_ms": round(percentile(milliseconds, 0.99), 1), "max_ms": round(max(milliseconds), 1),
            "min_ms": round(min(milliseconds), 1)}


def wait_for_file(path, deadline):
    while time.monotonic() < deadline:
        try:
            with open(path) as file:
                text = file.read()
            if text:
                return float(text)
        except (FileNotFoundError, ValueError):
            pass
        time.sleep(0.001)
    raise TimeoutError(path)


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)

    def call(self, operation, document):
        self.connection.request("POST", "/", body=json.dumps(document).encode(), headers=headers(operation))
        response = self.connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation}: HTTP {response.status}: {payload[:300]!r}")
        return json.loads(payload)


def measure_server(options, client, index):
    """One job: (create to running, CreateTrainingJob call) in ms."""
    name = f"create-latency-{index:03d}"
    probe_file = os.path.join(options.work, name + ".started")
    request = {
        "TrainingJobName": name,
        "RoleArn": "arn:aws:iam::123456789012:role/Bench",
        "AlgorithmSpecification": {"TrainingImage": options.image, "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": f"file://{options.work}/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "Environment": {"BENCH_PROBE_FILE": probe_file},
    }
    before = time.time()
    client.call("CreateTrainingJob", request)
    answered = time.time()
    started = wait_for_file(probe_file, time.monotonic() + 10)
    deadline = time.monotonic() + 10  # let the job finish (model upload) so that jobs do not overlap
    while True:
        status = client.call("DescribeTrainingJob", {"TrainingJobName": name})["TrainingJobStatus"]
        if status in ("Completed", "Failed", "Stopped"):
            if status != "Completed":
                raise RuntimeError(f"{name} ended {status}")
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name} did not finish")
        time.sleep(0.005)
    return (started - before) * 1000, (answered - before) * 1000


def measure_floor(options, index):
    """The same probe started directly: (Popen to running, `python -c pass` wall) in ms."""
    probe_file = os.path.join(options.work, f"floor-{index:03d}.started")
    environment = dict(os.environ, BENCH_PROBE_FILE=probe_file)
    before = time.time()
    process = subprocess.Popen([options.python, options.probe, "train"], env=environment)
    started = wait_for_file(probe_file, time.monotonic() + 10)
    process.wait()
    before_bare = time.monotonic()
    subprocess.run([options.python, "-c", "pass"], check=True)
    return (started - before) * 1000, (time.monotonic() - before_bare) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--image", default="bench-probe:latest")
    parser.add_argument("--python", required=True, help="the interpreter the image map runs the probe with")
    parser.add_argument("--probe", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--count", type=int, default=20)
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)

    # Floor and server samples alternate, so that background load hits both alike.
    client = Client(options.url)
    server_running, server_calls, floor_running, floor_bare = [], [], [], []
    for index in range(options.count):
        running, bare = measure_floor(options, index)
        floor_running.append(running)
        floor_bare.append(bare)
        running, call = measure_server(options, client, index)
        server_running.append(running)
        server_calls.append(call)
    print(json.dumps({
        "create_to_running": summary(server_running),
        "create_call": summary(server_calls),
        "floor_popen_to_running": summary(floor_running),
        "floor_python_c_pass": summary(floor_bare),
    }))


if __name__ == "__main__":
    main()
