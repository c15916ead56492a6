"""The SageMaker Python SDK v2 (its own environment, SAGE_SDK_PYTHON) training through sage-server.

The SDK refuses file:// output paths in Estimator's constructor and file:// string inputs outside local mode (its own
client-side checks, recorded by the file-output and file-inputs scenarios). The closest honest run with the current
server, which takes file:// locations only, is the `fit` scenario: the estimator is built with an s3:// output path,
the attribute is then set to a file:// one, and the input channel is a TrainingInput whose S3Uri is file://. Every
request still comes from the SDK's own code (fit, wait, logs) through the real endpoint.
"""
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from e2e_support import HERE, REGION, SDK_PYTHON, local_path, tar_members, unique_name

pytestmark = pytest.mark.sdk

SDK_CONFIG = """SchemaVersion: '1.0'
SageMaker:
  PythonSDK:
    Modules:
      TelemetryOptOut: true
"""


@pytest.fixture(scope="module")
def sdk_runs(server, tmp_path_factory):
    if not Path(SDK_PYTHON).exists():
        pytest.fail(f"the SageMaker SDK environment is missing ({SDK_PYTHON}): run scripts/setup.sh "
                    "or set SAGE_SDK_PYTHON")
    root = tmp_path_factory.mktemp("sdk")
    data = root / "data"
    data.mkdir()
    (data / "train.csv").write_text("1,2,3\n4,5,6\n")
    (root / "sdk-config.yaml").write_text(SDK_CONFIG)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SAGEMAKER_"))}
    env.update({
        "AWS_ENDPOINT_URL": server.url,
        "AWS_ENDPOINT_URL_SAGEMAKER": server.url,
        "AWS_ENDPOINT_URL_LOGS": server.url,
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "sdk-secret",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": str(root / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(root / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "SAGEMAKER_USER_CONFIG_OVERRIDE": str(root / "sdk-config.yaml"),
        "SAGEMAKER_ADMIN_CONFIG_OVERRIDE": str(root / "sdk-config.yaml"),
        "SAGEMAKER_SUPPRESS_V2_WARNING": "1",
        "PYTHONUNBUFFERED": "1",
    })
    processes = {}
    for scenario in ("fit", "file-output", "file-inputs"):
        out = root / f"output-{scenario}"
        out.mkdir()
        name = unique_name("sdk-" + scenario)
        processes[scenario] = (name, out, subprocess.Popen(
            [SDK_PYTHON, str(HERE / "sdk_driver.py"), scenario, name, str(data), str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=root))
    runs = {}
    deadline = time.time() + 120
    for scenario, (name, out, process) in processes.items():
        try:
            output, _ = process.communicate(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            pytest.fail(f"the SDK scenario {scenario} did not finish in time:\n{output[-3000:]}")
        results = [line for line in output.splitlines() if line.startswith("SDK-RESULT ")]
        assert results, f"the SDK scenario {scenario} printed no result (exit {process.returncode}):\n{output[-3000:]}"
        result = json.loads(results[-1][len("SDK-RESULT "):])
        result.update({"job": name, "out": out, "output": output, "data": data})
        runs[scenario] = result
    return runs


def test_sdk_fit_completes(sdk_runs):
    run = sdk_runs["fit"]
    assert run["error"] is None, f"{run['error']}\n{run.get('traceback')}\n{run['output'][-2000:]}"
    assert run["status"] == "Completed"
    assert run["job_name"] == run["job"]
    assert run["model_data"] == f"file://{run['out']}/{run['job']}/output/model.tar.gz"
    members = tar_members(local_path(run["model_data"]))
    assert json.loads(members["model.json"])["hyperparameters"]["lines"] == "4"
    assert [(m["MetricName"], m["Value"]) for m in run["metrics"]] == [("train:loss", 0.6)]


def test_sdk_prints_the_training_output(sdk_runs):
    run = sdk_runs["fit"]
    printed = run["printed"]
    for i in range(1, 5):
        assert f"probe line {i} of 4" in printed, f"log line {i} missing from the SDK's output:\n{printed}"
    assert "probe metric loss=0.6" in printed
    assert "Training job completed" in printed or "Completed" in printed, printed
    assert "Training seconds:" in printed and "Billable seconds:" in printed, printed


def test_sdk_sent_what_its_estimator_holds(server, sdk_runs):
    run = sdk_runs["fit"]
    description = server.sagemaker().describe_training_job(TrainingJobName=run["job"])
    assert description["AlgorithmSpecification"]["TrainingImage"] == "probe:latest"
    assert description["Environment"] == {"FROM_SDK": "yes"}
    assert description["StoppingCondition"]["MaxRuntimeInSeconds"] == 600
    assert description["ResourceConfig"]["VolumeSizeInGB"] == 5
    [channel] = description["InputDataConfig"]
    assert channel["ChannelName"] == "training"
    assert channel["DataSource"]["S3DataSource"]["S3Uri"] == f"file://{run['data']}"
    assert channel["ContentType"] == "text/csv"
    probe = json.loads(tar_members(local_path(run["model_data"]).parent / "output.tar.gz")["probe.json"])
    assert probe["channels"]["training"] == {"train.csv": "1,2,3\n4,5,6\n"}
    assert probe["env"]["FROM_SDK"] == "yes"


def test_sdk_called_only_sagemaker_and_logs(server, sdk_runs):
    run = sdk_runs["fit"]
    services = {call.split(".")[0] for call in run["calls"]}
    assert services <= {"sagemaker", "cloudwatch-logs"}, run["calls"]
    assert "sagemaker.CreateTrainingJob" in run["calls"]
    assert "cloudwatch-logs.GetLogEvents" in run["calls"]
    port = int(server.url.rsplit(":", 1)[1])
    others = [c for c in run["connections"] if not (isinstance(c, list) and c[:2] == ["127.0.0.1", port])]
    assert others == [], f"the SDK opened connections elsewhere than the server: {others}"


def test_sdk_refuses_file_output_path_outside_local_mode(sdk_runs):
    """Documents the SDK's own client-side check that the `fit` scenario works around."""
    run = sdk_runs["file-output"]
    assert run["error"] and run["error"].startswith("RuntimeError"), run["error"]
    assert "only supported when using Local Mode" in run["error"]
    assert run["calls"] == [], "the SDK refused before calling the server"


def test_sdk_refuses_file_string_inputs_outside_local_mode(sdk_runs):
    run = sdk_runs["file-inputs"]
    assert run["error"] and run["error"].startswith("ValueError"), run["error"]
    assert "File URIs are supported in local mode only" in run["error"]
    assert "sagemaker.CreateTrainingJob" not in run["calls"]
