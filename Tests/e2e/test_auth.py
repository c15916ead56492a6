"""SigV4 authentication on a server started with --credentials-file: boto3 with the right and wrong keys, raw
unsigned and stale requests signed with botocore's SigV4Auth."""
import datetime
import json
from unittest import mock

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from e2e_support import (
    ACCESS_KEY, LOG_GROUP, REGION, SECRET_KEY, SageServer, error_code, error_message, training_request, unique_name,
    wait_for,
)

SECOND_KEY, SECOND_SECRET = "AKIDSECONDKEY", "second/secret+value"


@pytest.fixture(scope="module")
def secured(session_dir, image_map, server_binary):
    instance = SageServer(session_dir / "server-auth", image_map=image_map,
                          credentials={ACCESS_KEY: SECRET_KEY, SECOND_KEY: SECOND_SECRET})
    instance.start()
    yield instance
    instance.stop()


def signed_request(server, target, body, *, key=ACCESS_KEY, secret=SECRET_KEY, service="sagemaker", region=REGION,
                   at=None):
    """A request signed by botocore's SigV4Auth, at `at` (a UTC datetime) instead of now when given."""
    request = AWSRequest(method="POST", url=server.url + "/", data=body, headers={
        "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
    signer = SigV4Auth(Credentials(key, secret), service, region)
    if at is None:
        signer.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=at.replace(tzinfo=None)):
            signer.add_auth(request)
    return request.prepare()


def send(prepared, body=None):
    return requests.post(prepared.url, data=prepared.body if body is None else body,
                         headers=dict(prepared.headers), timeout=10)


def describe_body(name="anything"):
    return json.dumps({"TrainingJobName": name}).encode()


def assert_client_error_status(status, context=""):
    # AWS JSON services answer authentication failures with 400 or 403 depending on the service and the error;
    # the error code is what clients act on, so only the class of the status is checked.
    assert status in (400, 403), f"status {status}: {context}"


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def test_right_keys_work(secured, tmp_path):
    sm = secured.sagemaker()
    name = unique_name("authok")
    sm.create_training_job(**training_request(name, tmp_path, hyperparameters={"lines": 2}))
    assert wait_for(sm, name)["TrainingJobStatus"] == "Completed"
    assert name in [s["TrainingJobName"] for s in sm.list_training_jobs(NameContains=name)["TrainingJobSummaries"]]
    streams = secured.logs().describe_log_streams(logGroupName=LOG_GROUP, logStreamNamePrefix=name + "/")
    assert len(streams["logStreams"]) == 1, "the logs API is signed for the 'logs' service and accepted"
    other = secured.sagemaker(key=SECOND_KEY, secret=SECOND_SECRET)
    assert other.describe_training_job(TrainingJobName=name)["TrainingJobName"] == name


@pytest.mark.parametrize("service", ["sagemaker", "logs"])
def test_wrong_secret(secured, service):
    client = secured.client(service, secret="not-the-secret")
    with pytest.raises(ClientError) as excinfo:
        if service == "sagemaker":
            client.list_training_jobs()
        else:
            client.describe_log_streams(logGroupName=LOG_GROUP)
    assert error_code(excinfo) == "InvalidSignatureException"
    assert_client_error_status(excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"])


def test_unknown_access_key(secured):
    with pytest.raises(ClientError) as excinfo:
        secured.sagemaker(key="AKIDUNKNOWN", secret=SECRET_KEY).list_training_jobs()
    assert error_code(excinfo) == "UnrecognizedClientException"
    assert_client_error_status(excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"])


def test_a_secret_of_another_key(secured):
    with pytest.raises(ClientError) as excinfo:
        secured.sagemaker(key=SECOND_KEY, secret=SECRET_KEY).list_training_jobs()
    assert error_code(excinfo) == "InvalidSignatureException"


def test_unsigned_request(secured):
    response = requests.post(secured.url + "/", data=describe_body(), timeout=10, headers={
        "X-Amz-Target": "SageMaker.DescribeTrainingJob", "Content-Type": "application/x-amz-json-1.1"})
    assert_client_error_status(response.status_code, response.text)
    assert response.json()["__type"] == "MissingAuthenticationTokenException", response.text


def test_fresh_signature_by_hand_is_accepted(secured):
    response = send(signed_request(secured, "SageMaker.ListTrainingJobs", b"{}"))
    assert response.status_code == 200, response.text
    ten_minutes_ago = send(signed_request(secured, "SageMaker.ListTrainingJobs", b"{}",
                                          at=utcnow() - datetime.timedelta(minutes=10)))
    assert ten_minutes_ago.status_code == 200, "a clock 10 minutes off is within the 15 minutes allowed"


def test_signature_20_minutes_old_is_expired(secured):
    response = send(signed_request(secured, "SageMaker.ListTrainingJobs", b"{}",
                                   at=utcnow() - datetime.timedelta(minutes=20)))
    assert_client_error_status(response.status_code, response.text)
    assert response.json()["__type"] == "InvalidSignatureException"
    assert response.json()["message"].startswith("Signature expired"), response.json()["message"]


def test_signature_20_minutes_ahead_is_refused(secured):
    response = send(signed_request(secured, "SageMaker.ListTrainingJobs", b"{}",
                                   at=utcnow() + datetime.timedelta(minutes=20)))
    assert_client_error_status(response.status_code, response.text)
    assert response.json()["__type"] == "InvalidSignatureException"


def test_tampered_body(secured):
    prepared = signed_request(secured, "SageMaker.DescribeTrainingJob", describe_body("one"))
    response = send(prepared, body=describe_body("two"))
    assert_client_error_status(response.status_code, response.text)
    assert response.json()["__type"] == "InvalidSignatureException"


def test_tampered_target(secured):
    prepared = signed_request(secured, "SageMaker.ListTrainingJobs", b"{}")
    headers = dict(prepared.headers)
    headers["X-Amz-Target"] = "SageMaker.DescribeTrainingJob"
    response = requests.post(prepared.url, data=prepared.body, headers=headers, timeout=10)
    assert_client_error_status(response.status_code, "X-Amz-Target is a signed header")
    assert response.json()["__type"] == "InvalidSignatureException"


def test_wrong_region_in_scope(secured):
    response = send(signed_request(secured, "SageMaker.ListTrainingJobs", b"{}", region="eu-west-1"))
    assert_client_error_status(response.status_code, response.text)
    assert response.json()["__type"] in ("InvalidSignatureException", "SignatureDoesNotMatch")


def test_errors_behind_auth_still_surface(secured):
    with pytest.raises(ClientError) as excinfo:
        secured.sagemaker().describe_training_job(TrainingJobName=unique_name("missing"))
    assert error_code(excinfo) == "ValidationException"
    assert error_message(excinfo) == "Requested resource not found."


def test_health_endpoints_need_no_signature(secured):
    for path in ("/healthz", "/readyz"):
        assert requests.get(secured.url + path, timeout=10).status_code == 200


def test_jobs_alias_requires_authentication(secured):
    """With --credentials-file, every API request must be authenticated, the /jobs alias included: an anonymous
    POST /jobs must not run a job, and anonymous reads must not list them."""
    name = unique_name("anon")
    created = requests.post(secured.url + "/jobs", json={"job_name": name, "image": "probe:latest"}, timeout=10)
    listed = requests.get(secured.url + "/jobs", timeout=10)
    try:
        assert created.status_code in (401, 403), f"anonymous POST /jobs answered {created.status_code}"
        assert listed.status_code in (401, 403), f"anonymous GET /jobs answered {listed.status_code}"
        with pytest.raises(ClientError):
            secured.sagemaker().describe_training_job(TrainingJobName=name)
    finally:
        if created.status_code == 201:
            wait_for(secured.sagemaker(), name)
