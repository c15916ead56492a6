#!/usr/bin/env python3
"""Seeds training jobs into a SageMaker-compatible server with concurrent, unsigned CreateTrainingJob calls.

Raw http.client over keep-alive connections, one per worker thread, with the JSON bodies built up front:
boto3 would spend most of the time signing and parsing. Prints one JSON line with the count and the rate.

    seed.py --url http://127.0.0.1:PORT --count 10000 --names-file names.txt --output-path s3://bench/out
"""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse

# Four name groups, so that ListTrainingJobs with NameContains has something to filter (a quarter matches each).
GROUPS = ("alpha", "beta", "gamma", "delta")


def job_names(count):
    return [f"bench-{GROUPS[i % len(GROUPS)]}-{i:05d}" for i in range(count)]


def create_body(name, image, output_path):
    return json.dumps({
        "TrainingJobName": name,
        "RoleArn": "arn:aws:iam::123456789012:role/Bench",
        "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": output_path},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }).encode()


# moto_server picks the service from the SigV4 credential scope in Authorization (it does not check the
# signature); an unsigned SageMaker call would be routed to S3 and answered with ListBuckets. Every benchmark
# request therefore carries this well-formed but unverified header, to both servers (sagetrain ignores it when it
# runs without --credentials-file).
AUTHORIZATION = ("AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/sagemaker/aws4_request, "
                 "SignedHeaders=content-type;host;x-amz-target, Signature=" + "0" * 64)


def headers(operation):
    return {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"SageMaker.{operation}",
            "Authorization": AUTHORIZATION}


HEADERS = headers("CreateTrainingJob")


def worker(url, bodies, next_index, lock, failures):
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    while True:
        with lock:
            index = next_index[0]
            next_index[0] += 1
        if index >= len(bodies):
            break
        for attempt in range(3):  # a dropped keep-alive connection is retried on a new one
            try:
                connection.request("POST", "/", body=bodies[index], headers=HEADERS)
                response = connection.getresponse()
                payload = response.read()
                if response.status != 200:
                    with lock:
                        failures.append(f"HTTP {response.status}: {payload[:300]!r}")
                break
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
                if attempt == 2:
                    with lock:
                        failures.append(f"{type(error).__name__}: {error}")
    connection.close()


def call(url, operation, document):
    """One call; returns the decoded JSON answer, or raises with the status and body."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        connection.request("POST", "/", body=json.dumps(document).encode(), headers=headers(operation))
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"{operation}: HTTP {response.status}: {payload[:300]!r}")
    try:
        return json.loads(payload)
    except ValueError:
        raise RuntimeError(f"{operation}: not a JSON answer: {payload[:300]!r}") from None


def verify(url, names):
    """Checks that the server answers the benchmark's three calls as SageMaker would, so the load measures them."""
    name = names[len(names) // 2]
    described = call(url, "DescribeTrainingJob", {"TrainingJobName": name})
    if described.get("TrainingJobName") != name:
        raise RuntimeError(f"DescribeTrainingJob {name} answered {str(described)[:300]}")
    listed = call(url, "ListTrainingJobs", {"MaxResults": 100})
    if len(listed.get("TrainingJobSummaries", [])) != 100:
        raise RuntimeError(f"ListTrainingJobs answered {str(listed)[:300]}")
    filtered = call(url, "ListTrainingJobs",
                    {"MaxResults": 100, "SortBy": "Name", "SortOrder": "Ascending", "NameContains": "gamma"})
    summaries = filtered.get("TrainingJobSummaries", [])
    if not summaries or not all("gamma" in s["TrainingJobName"] for s in summaries):
        raise RuntimeError(f"ListTrainingJobs NameContains answered {str(filtered)[:300]}")
    return {"status": described.get("TrainingJobStatus"), "list_page": len(listed["TrainingJobSummaries"]),
            "name_contains_page": len(summaries),
            "name_contains_sorted": [s["TrainingJobName"] for s in summaries]
            == sorted(s["TrainingJobName"] for s in summaries)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--image", default="bench-unmapped:latest")
    parser.add_argument("--output-path", default="file:///tmp/bench-out")
    parser.add_argument("--names-file", help="write the job names here, one a line")
    options = parser.parse_args()

    names = job_names(options.count)
    bodies = [create_body(name, options.image, options.output_path) for name in names]
    next_index, lock, failures = [0], threading.Lock(), []
    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(options.url, bodies, next_index, lock, failures))
               for _ in range(options.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if options.names_file:
        with open(options.names_file, "w") as file:
            file.write("\n".join(names) + "\n")
    if failures:
        print(f"seed: {len(failures)} of {options.count} creates failed; first: {failures[0]}", file=sys.stderr)
        sys.exit(1)
    try:
        checked = verify(options.url, names)
    except RuntimeError as error:
        print(f"seed: the server does not answer as SageMaker: {error}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"created": options.count, "seconds": round(elapsed, 2),
                      "per_second": round(options.count / elapsed, 1), "verified": checked}))


if __name__ == "__main__":
    main()
