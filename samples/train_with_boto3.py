#!/usr/bin/env python3
"""Submit a training job to a sagetrain server with boto3, wait for it, and print the outcome.

    python3 samples/train_with_boto3.py --endpoint http://127.0.0.1:8080 [--name NAME] [--image sample-linear:latest]

Exactly what you would run against SageMaker, plus `endpoint_url`. The sample job trains the linear model in
samples/algorithms on samples/data and writes model.tar.gz under --output (a file:// URI).
"""
import argparse
import os
import sys
import time

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", default=os.environ.get("SAGE_ENDPOINT", "http://127.0.0.1:8080"))
    parser.add_argument("--name", default=f"sample-linear-{int(time.time())}")
    parser.add_argument("--image", default="sample-linear:latest")
    parser.add_argument("--data", default="file://" + os.path.join(HERE, "data"))
    parser.add_argument("--output", default="file://" + os.path.abspath(os.path.join(HERE, "..", ".state", "output")))
    parser.add_argument("--epochs", default="20")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    session = boto3.Session(aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
                            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
                            region_name=os.environ.get("AWS_REGION", "us-east-1"))
    sagemaker = session.client("sagemaker", endpoint_url=args.endpoint)
    logs = session.client("logs", endpoint_url=args.endpoint)

    sagemaker.create_training_job(
        TrainingJobName=args.name,
        RoleArn="arn:aws:iam::123456789012:role/SageMakerRole",
        AlgorithmSpecification={
            "TrainingImage": args.image,
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "train:loss", "Regex": r"train_loss=([0-9.eE+-]+)"},
                {"Name": "test:mse", "Regex": r"test_mse=([0-9.eE+-]+)"},
            ],
        },
        HyperParameters={"epochs": args.epochs, "lr": "0.1", "batch_size": "32"},
        InputDataConfig=[{
            "ChannelName": "training",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": args.data,
                                            "S3DataDistributionType": "FullyReplicated"}},
        }],
        OutputDataConfig={"S3OutputPath": args.output},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
        Tags=[{"Key": "project", "Value": "sagetrain-sample"}],
    )
    print(f"created training job {args.name}")
    sagemaker.get_waiter("training_job_completed_or_stopped").wait(
        TrainingJobName=args.name, WaiterConfig={"Delay": 1, "MaxAttempts": int(args.timeout)})
    job = sagemaker.describe_training_job(TrainingJobName=args.name)

    for stream in logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                            logStreamNamePrefix=args.name + "/")["logStreams"]:
        events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs",
                                     logStreamName=stream["logStreamName"], startFromHead=True)["events"]
        print(f"--- log stream {stream['logStreamName']} (last lines)")
        for event in events[-5:]:
            print("   ", event["message"])

    print("status:", job["TrainingJobStatus"], "/", job["SecondaryStatus"])
    for transition in job["SecondaryStatusTransitions"]:
        print(f"  {transition['Status']:<12} {transition['StatusMessage']}")
    for metric in job.get("FinalMetricDataList", []):
        print(f"metric {metric['MetricName']} = {metric['Value']:.6f}")
    if job["TrainingJobStatus"] == "Completed":
        print("model:", job["ModelArtifacts"]["S3ModelArtifacts"])
        return 0
    print("failure:", job.get("FailureReason", "(none)"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
