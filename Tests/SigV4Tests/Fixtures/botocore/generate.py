#!/usr/bin/env python3
"""Records real botocore requests (SigV4-signed, clock pinned) as JSON fixtures.

Each case calls a real botocore client (sagemaker / logs, AWS JSON 1.1) against
http://127.0.0.1:8080; a 'before-send' hook captures the fully signed request
and aborts before any network I/O. The credentials are made-up examples.

Usage: python3 generate.py   (writes *.json next to this script)
"""
import datetime
import hashlib
import json
import os
import sys
from unittest import mock

import botocore
import botocore.auth
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
ENDPOINT = "http://127.0.0.1:8080"
HOST = "127.0.0.1:8080"
REGION = "us-east-1"
ACCESS_KEY = "AKIDSAGETRAINEXAMPLE"
SECRET_KEY = "sagetrain/EXAMPLE+secret/key/0123456789ab"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQEXAMPLE+token/with=="
TIMESTAMP = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def capture(service, operation, params, with_token):
    session = botocore.session.get_session()
    client = session.create_client(
        service,
        region_name=REGION,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=SESSION_TOKEN if with_token else None,
    )

    def before_send(request, **kwargs):
        raise Captured(request)

    client.meta.events.register("before-send", before_send)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIMESTAMP.replace(tzinfo=None)):
        try:
            getattr(client, operation)(**params)
        except Captured as captured:
            return captured.request
    raise RuntimeError("request was not captured")


def record(name, description, service, operation, params, with_token):
    request = capture(service, operation, params, with_token)
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = request.url
    path_and_query = url[len(ENDPOINT):]
    path, _, query = path_and_query.partition("?")
    fixture = {
        "name": name,
        "description": description,
        "generator": "botocore %s client.%s, before-send hook, botocore.auth.get_current_datetime patched" % (botocore.__version__, operation),
        "credentials": {
            "access_key_id": ACCESS_KEY,
            "secret_access_key": SECRET_KEY,
            "session_token": SESSION_TOKEN if with_token else None,
        },
        "region": REGION,
        "service": service,
        "timestamp": TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "amz_date": TIMESTAMP.strftime("%Y%m%dT%H%M%SZ"),
        "request": {
            "method": request.method,
            "url": url,
            "host": HOST,
            "path": path,
            "query": query,
            "headers": [[text(k), text(v)] for k, v in request.headers.items()],
            "body_utf8": body.decode("utf-8"),
            "body_sha256": hashlib.sha256(body).hexdigest(),
        },
        "notes": "'host' is not among botocore's headers: the HTTP layer sends Host from the URL, and botocore signs that value.",
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(fixture, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote", name)


def main():
    record(
        "sagemaker-describe-training-job-session-token",
        "SageMaker DescribeTrainingJob with temporary credentials (X-Amz-Security-Token signed).",
        "sagemaker", "describe_training_job", {"TrainingJobName": "my-training-job"}, True,
    )
    record(
        "sagemaker-create-training-job",
        "SageMaker CreateTrainingJob with long-term credentials and a non-trivial JSON body.",
        "sagemaker", "create_training_job",
        {
            "TrainingJobName": "résumé-job-1",
            "AlgorithmSpecification": {"TrainingImage": "local/train:latest", "TrainingInputMode": "File"},
            "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/output/"},
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "HyperParameters": {"epochs": "3", "learning rate": "0.1 / 2"},
        },
        False,
    )
    record(
        "logs-get-log-events",
        "CloudWatch Logs GetLogEvents (service 'logs') with temporary credentials.",
        "logs", "get_log_events",
        {"logGroupName": "/aws/sagemaker/TrainingJobs", "logStreamName": "my-training-job/algo-1-1704164645", "startFromHead": True},
        True,
    )


if __name__ == "__main__":
    sys.exit(main())
