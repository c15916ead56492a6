"""Runs the SageMaker Python SDK v2 against sage-server; started by test_sagemaker_sdk.py with the SDK's own Python.

usage: sdk_driver.py SCENARIO JOB_NAME DATA_DIR OUTPUT_DIR

The endpoint, the fake credentials and the region come from the environment (AWS_ENDPOINT_URL...). Every AWS call
the SDK makes and every network connection it opens are recorded, and a JSON summary is printed on the last line,
after "SDK-RESULT ", so the test can check both what happened and that nothing but SageMaker and Logs was called.

Scenarios:
  fit            Estimator(output_path=s3://...) whose output_path is then set to file://OUTPUT_DIR (the SDK refuses
                 file:// in its constructor outside local mode), fit(inputs={"training": TrainingInput(file://DATA)},
                 wait=True, logs="All")
  s3-fit         Estimator(output_path=OUTPUT_DIR), fit(inputs={"training": DATA_DIR}, wait=True, logs="All") with
                 both s3:// URIs (a server with an S3 endpoint)
  file-output    Estimator(output_path="file://OUTPUT_DIR") as documented: records what the SDK raises
  file-inputs    fit(inputs="file://DATA") as a plain string: records what the SDK raises
"""
import io
import json
import os
import socket
import sys
import traceback
from contextlib import redirect_stdout

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "probe:latest"

calls = []
connections = []
_connect = socket.socket.connect


def recording_connect(self, address):
    connections.append(list(address) if isinstance(address, tuple) else address)
    return _connect(self, address)


socket.socket.connect = recording_connect


def main():
    scenario, job_name, data_dir, output_dir = sys.argv[1:5]
    import boto3
    import sagemaker
    from sagemaker.estimator import Estimator
    from sagemaker.inputs import TrainingInput

    boto_session = boto3.Session(region_name=os.environ["AWS_DEFAULT_REGION"])
    boto_session._session.register(
        "before-send", lambda request, event_name, **kwargs: calls.append(event_name.split(".", 1)[1]))
    session = sagemaker.Session(boto_session=boto_session, default_bucket="sagetrain-unused-bucket")
    result = {"scenario": scenario, "sagemaker_version": sagemaker.__version__, "error": None}

    def estimator(output_path):
        return Estimator(
            image_uri=IMAGE, role=ROLE, instance_count=1, instance_type="ml.m5.large", output_path=output_path,
            sagemaker_session=session, base_job_name="sdk",
            hyperparameters={"lines": 4, "metrics": "0.8,0.6", "sleep": 1},
            metric_definitions=[{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}],
            environment={"FROM_SDK": "yes"}, max_run=600, volume_size=5)

    printed = io.StringIO()
    try:
        if scenario == "fit":
            trainer = estimator("s3://sagetrain-unused-bucket/never-used")
            trainer.output_path = "file://" + output_dir
            with redirect_stdout(printed):
                trainer.fit(inputs={"training": TrainingInput("file://" + data_dir, content_type="text/csv")},
                            wait=True, logs="All", job_name=job_name)
            result["model_data"] = trainer.model_data
            result["status"] = trainer.latest_training_job.describe()["TrainingJobStatus"]
            result["job_name"] = trainer.latest_training_job.name
            result["metrics"] = trainer.latest_training_job.describe().get("FinalMetricDataList", [])
        elif scenario == "s3-fit":
            trainer = estimator(output_dir)
            with redirect_stdout(printed):
                trainer.fit(inputs={"training": data_dir}, wait=True, logs="All", job_name=job_name)
            result["model_data"] = trainer.model_data
            result["status"] = trainer.latest_training_job.describe()["TrainingJobStatus"]
        elif scenario == "file-output":
            estimator("file://" + output_dir)
            result["error"] = None
        elif scenario == "file-inputs":
            trainer = estimator("s3://sagetrain-unused-bucket/never-used")
            trainer.fit(inputs="file://" + data_dir, wait=False, job_name=job_name)
            result["error"] = None
        else:
            raise SystemExit(f"unknown scenario {scenario}")
    except Exception as error:  # the test asserts on what was raised
        result["error"] = f"{type(error).__name__}: {error}"
        result["traceback"] = traceback.format_exc()
    result["printed"] = printed.getvalue()
    result["calls"] = calls
    result["connections"] = [c for c in connections if c]
    print("SDK-RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
