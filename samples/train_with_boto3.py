#!/usr/bin/env python3
"""Submit a training job to a sagetrain server with boto3, wait for it, and print the outcome.

    python3 samples/train_with_boto3.py --endpoint http://127.0.0.1:8080 [--name NAME] [--algorithm cnn|linear]

Exactly what you would run against SageMaker, plus `endpoint_url`. `cnn` (the default) trains the libtorch CNN
(`trainer:latest`) on Fashion-MNIST from Debian's dataset-fashion-mnist; `linear` trains the small standard-library
model in samples/algorithms on samples/data. The model goes to --output (a file:// URI).
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
    parser.add_argument("--name", help="default: sample-ALGORITHM-TIMESTAMP")
    parser.add_argument("--algorithm", choices=["cnn", "linear"], default="cnn")
    parser.add_argument("--data", help="training channel URI (default: the algorithm's sample data)")
    parser.add_argument("--output", default="file://" + os.path.abspath(os.path.join(HERE, "..", ".state", "output")))
    parser.add_argument("--epochs", help="default: 2 for cnn, 20 for linear")
    parser.add_argument("--dataset-size", default="20000", help="cnn: train on the first N samples")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    args.name = args.name or f"sample-{args.algorithm}-{int(time.time())}"
    if args.algorithm == "cnn":
        image = "trainer:latest"
        data = args.data or "file:///usr/share/datasets/fashion-mnist"
        hyperparameters = {"epochs": args.epochs or "2", "batch_size": "64", "dataset_size": args.dataset_size,
                           "dataset_type": "mnist", "lr": "0.001", "optimizer": "adam", "seed": "1"}
        metrics = [{"Name": "train:loss", "Regex": r"train_loss=([0-9.eE+-]+)"},
                   {"Name": "test:accuracy", "Regex": r"Test Accuracy: ([0-9.]+)%"}]
    else:
        image = "sample-linear:latest"
        data = args.data or "file://" + os.path.join(HERE, "data")
        hyperparameters = {"epochs": args.epochs or "20", "lr": "0.1", "batch_size": "32"}
        metrics = [{"Name": "train:loss", "Regex": r"train_loss=([0-9.eE+-]+)"},
                   {"Name": "test:mse", "Regex": r"test_mse=([0-9.eE+-]+)"}]

    session = boto3.Session(aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
                            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
                            region_name=os.environ.get("AWS_REGION", "us-east-1"))
    sagemaker = session.client("sagemaker", endpoint_url=args.endpoint)
    logs = session.client("logs", endpoint_url=args.endpoint)

    sagemaker.create_training_job(
        TrainingJobName=args.name,
        RoleArn="arn:aws:iam::123456789012:role/SageMakerRole",
        AlgorithmSpecification={
            "TrainingImage": image,
            "TrainingInputMode": "File",
            "MetricDefinitions": metrics,
        },
        HyperParameters=hyperparameters,
        InputDataConfig=[{
            "ChannelName": "training",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data,
                                            "S3DataDistributionType": "FullyReplicated"}},
        }],
        OutputDataConfig={"S3OutputPath": args.output},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
        Tags=[{"Key": "project", "Value": "sagetrain-sample"}],
    )
    print(f"created training job {args.name} ({image}, hyperparameters {hyperparameters})")
    sagemaker.get_waiter("training_job_completed_or_stopped").wait(
        TrainingJobName=args.name, WaiterConfig={"Delay": 1, "MaxAttempts": int(args.timeout)})
    job = sagemaker.describe_training_job(TrainingJobName=args.name)

    for stream in logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                            logStreamNamePrefix=args.name + "/")["logStreams"]:
        events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs",
                                     logStreamName=stream["logStreamName"], startFromHead=True)["events"]
        print(f"--- log stream {stream['logStreamName']} (last lines)")
        for event in events[-6:]:
            print("   ", event["message"])

    print("status:", job["TrainingJobStatus"], "/", job["SecondaryStatus"])
    for transition in job["SecondaryStatusTransitions"]:
        print(f"  {transition['Status']:<12} {transition['StatusMessage']}")
    for metric in job.get("FinalMetricDataList", []):
        print(f"metric {metric['MetricName']} = {metric['Value']:.4f}")
    accuracy = [m["Value"] for m in job.get("FinalMetricDataList", []) if m["MetricName"] == "test:accuracy"]
    if accuracy:
        print(f"test accuracy: {accuracy[0]:.2f}%")
    if job["TrainingJobStatus"] == "Completed":
        print("model:", job["ModelArtifacts"]["S3ModelArtifacts"])
        return 0
    print("failure:", job.get("FailureReason", "(none)"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
