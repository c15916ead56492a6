"""SageMaker's error answers, checked on the error code and message boto3 reports, plus raw HTTP for what boto3
cannot send; and concurrent creates of one name."""
import json
import threading

import pytest
import requests
from botocore.exceptions import ClientError

from e2e_support import (
    ACCOUNT, REGION, error_code, error_message, file_uri, training_request, unique_name, wait_for,
)

NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"


def raw(server, target, body, content_type="application/x-amz-json-1.1"):
    headers = {"Content-Type": content_type}
    if target is not None:
        headers["X-Amz-Target"] = target
    return requests.post(server.url + "/", data=body, headers=headers, timeout=10)


@pytest.mark.parametrize("operation", ["describe_training_job", "stop_training_job", "delete_training_job"])
def test_unknown_job(server, operation):
    sm = server.sagemaker()
    with pytest.raises(ClientError) as excinfo:
        getattr(sm, operation)(TrainingJobName=unique_name("missing"))
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == "Requested resource not found."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_duplicate_name_is_resource_in_use(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("Dup")
    arn = sm.create_training_job(**training_request(name, tmp_path))["TrainingJobArn"]
    for duplicate in (name, name.lower(), name.upper()):
        with pytest.raises(ClientError) as excinfo:
            sm.create_training_job(**training_request(duplicate, tmp_path))
        assert error_code(excinfo) == "ResourceInUse", f"{duplicate} duplicates {name} (ARNs are lower-case)"
        assert arn in error_message(excinfo), error_message(excinfo)
    assert arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name.lower()}"
    wait_for(sm, name)


@pytest.mark.parametrize("bad", ["bad_name", "-leading", "trailing-", "has space", "x" * 64, "é"])
def test_invalid_job_name(server, tmp_path, bad):
    sm = server.sagemaker(parameter_validation=False)
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**training_request(bad, tmp_path))
    assert error_code(excinfo) == "ValidationException"
    message = error_message(excinfo)
    clause = (f"Value '{bad}' at 'trainingJobName' failed to satisfy constraint: "
              f"Member must satisfy regular expression pattern: {NAME_PATTERN}")
    if len(bad) > 63:
        assert message.startswith("2 validation errors detected: "), message
        assert clause in message, message
        assert (f"Value '{bad}' at 'trainingJobName' failed to satisfy constraint: "
                "Member must have length less than or equal to 63") in message, message
    else:
        assert message == "1 validation error detected: " + clause


@pytest.mark.parametrize("operation", ["describe_training_job", "stop_training_job", "delete_training_job"])
def test_invalid_name_on_other_operations(server, operation):
    sm = server.sagemaker()
    with pytest.raises(ClientError) as excinfo:
        getattr(sm, operation)(TrainingJobName="no_underscores")
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == (
        "1 validation error detected: Value 'no_underscores' at 'trainingJobName' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {NAME_PATTERN}")


def test_missing_required_member(server, tmp_path):
    sm = server.sagemaker(parameter_validation=False)
    request = training_request(unique_name("norole"), tmp_path)
    del request["RoleArn"]
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**request)
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == (
        "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")


def test_several_violations_are_counted(server, tmp_path):
    sm = server.sagemaker(parameter_validation=False)
    request = training_request("bad_name", tmp_path)
    request["StoppingCondition"]["MaxRuntimeInSeconds"] = 0
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**request)
    assert error_code(excinfo) == "ValidationException"
    message = error_message(excinfo)
    assert message.startswith("2 validation errors detected: "), message
    assert "Value 'bad_name' at 'trainingJobName'" in message, message
    assert ("Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1") in message, message


def test_zero_instances_is_rejected(server, tmp_path):
    """The model allows InstanceCount 0 (for InstanceGroups); without instance groups there is nothing to train on,
    so SageMaker refuses the request: a job must not 'complete' without ever running its algorithm."""
    sm = server.sagemaker()
    name = unique_name("zero")
    request = training_request(name, tmp_path)
    request["ResourceConfig"]["InstanceCount"] = 0
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**request)
    assert error_code(excinfo) == "ValidationException"


def test_output_schemes_the_platform_cannot_write_are_rejected(server):
    """s3:// and file:/// are stored to; an https:// output path (valid in the service model) is refused up front."""
    sm = server.sagemaker()
    request = training_request(unique_name("httpsout"), "/unused")
    request["OutputDataConfig"] = {"S3OutputPath": "https://bucket.example/prefix"}
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**request)
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == ("OutputDataConfig.S3OutputPath 'https://bucket.example/prefix' uses a scheme this "
                                      "platform does not support yet; supported: file://, s3://.")


@pytest.mark.parametrize("change, words", [
    (lambda r: r["AlgorithmSpecification"].update(MetricDefinitions=[{"Name": "m", "Regex": "([0-9"}]), "([0-9"),
    (lambda r: r.update(InputDataConfig=[r["InputDataConfig"][0], r["InputDataConfig"][0]]), "training"),
    (lambda r: r["OutputDataConfig"].update(S3OutputPath="file://relative/path"), "file://relative/path"),
    (lambda r: r["InputDataConfig"][0]["DataSource"]["S3DataSource"].update(S3Uri="https://b.example/d"), "https://"),
    (lambda r: r["InputDataConfig"][0]["DataSource"]["S3DataSource"].update(S3DataType="AugmentedManifestFile"),
     "AugmentedManifestFile"),
    (lambda r: r["AlgorithmSpecification"].pop("TrainingImage"), "TrainingImage"),
])
def test_requests_the_platform_refuses(server, tmp_path, change, words):
    sm = server.sagemaker()
    name = unique_name("refused")
    request = training_request(name, tmp_path, channels={"training": file_uri(tmp_path)})
    change(request)
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**request)
    assert error_code(excinfo) == "ValidationException"
    assert words in error_message(excinfo), error_message(excinfo)
    with pytest.raises(ClientError):
        sm.describe_training_job(TrainingJobName=name)


def test_missing_channel_data_fails_the_job(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("nodata")
    missing = tmp_path / "does-not-exist"
    sm.create_training_job(**training_request(name, tmp_path, channels={"training": file_uri(missing)}))
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Failed"
    assert str(missing) in description["FailureReason"], description["FailureReason"]
    assert "Training" not in [t["Status"] for t in description["SecondaryStatusTransitions"]], \
        "the algorithm must not start without its data"


def test_malformed_json_is_serialization_exception(server):
    response = raw(server, "SageMaker.DescribeTrainingJob", b'{"TrainingJobName": "x",')
    assert response.status_code == 400
    assert response.json()["__type"] == "SerializationException", response.text
    assert response.json()["message"]
    response = raw(server, "SageMaker.ListTrainingJobs", b"[1, 2]")
    assert response.status_code == 400 and response.json()["__type"] == "SerializationException", response.text


def test_wrong_member_type_is_serialization_exception(server):
    response = raw(server, "SageMaker.DescribeTrainingJob", json.dumps({"TrainingJobName": 42}))
    assert response.status_code == 400
    assert response.json()["__type"] == "SerializationException", response.text


@pytest.mark.parametrize("target", ["SageMaker.NoSuchOperation", "Bogus.DescribeTrainingJob", "SageMaker", "",
                                    None])
def test_unknown_operation(server, target):
    response = raw(server, target, b"{}")
    assert response.status_code == 400, response.text
    assert response.json()["__type"] == "UnknownOperationException", response.text


def test_error_response_format(server):
    response = raw(server, "SageMaker.DescribeTrainingJob", json.dumps({"TrainingJobName": unique_name("nope")}))
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/x-amz-json-1.1")
    assert response.json() == {"__type": "ValidationException", "message": "Requested resource not found."}
    assert response.headers.get("x-amzn-RequestId")


def test_concurrent_creates_of_one_name(server, tmp_path):
    sm = server.sagemaker()
    name = unique_name("race")
    barrier = threading.Barrier(8)
    outcomes = []
    lock = threading.Lock()

    def create():
        barrier.wait()
        try:
            sm.create_training_job(**training_request(name, tmp_path))
            result = "created"
        except ClientError as error:
            result = error.response["Error"]["Code"]
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["ResourceInUse"] * 7 + ["created"], outcomes
    description = wait_for(sm, name)
    assert description["TrainingJobStatus"] == "Completed", "the one job runs once"
    assert len(server.logs().describe_log_streams(
        logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=name + "/")["logStreams"]) == 1


def test_concurrent_creates_of_many_names(server, tmp_path):
    sm = server.sagemaker()
    marker = unique_name("many")
    barrier = threading.Barrier(8)
    errors = []

    def create(worker):
        barrier.wait()
        for i in range(4):
            try:
                sm.create_training_job(**training_request(f"{marker}-{worker}-{i}", tmp_path))
            except ClientError as error:
                errors.append(error)

    threads = [threading.Thread(target=create, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    listed = sm.list_training_jobs(NameContains=marker, MaxResults=100)["TrainingJobSummaries"]
    assert len(listed) == 32
    for summary in listed:
        assert wait_for(sm, summary["TrainingJobName"], timeout=60)["TrainingJobStatus"] == "Completed"
