"""The original project's REST API (/jobs), /openapi.json, /docs and the health endpoints, with plain HTTP."""
import json

import pytest
import requests
from openapi_spec_validator import validate

from e2e_support import file_uri, local_path, tar_members, unique_name, wait_for, wait_for_secondary


def url(server, path):
    return server.url + path


def post_job(server, body, raw=None):
    return requests.post(url(server, "/jobs"), data=raw if raw is not None else json.dumps(body),
                         headers={"Content-Type": "application/json"}, timeout=10)


def wait_status(server, name, statuses=("Completed", "Failed", "Stopped")):
    return wait_for(server.sagemaker(), name, statuses=statuses)


def test_create_get_list_logs(server, tmp_path):
    name = unique_name("alias")
    data = tmp_path / "dataset"
    data.mkdir()
    (data / "images.txt").write_text("cat\ndog\n")
    body = {"job_name": name, "image": "probe:latest", "epochs": 2, "batch_size": 8, "dataset_size": 100,
            "world_size": 1, "dataset_type": "imagefolder", "dataset_uri": file_uri(data),
            "hyperparameters": {"lines": "3", "lr": 0.5}}
    response = post_job(server, body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["job_name"] == name
    assert created["arn"].endswith(":training-job/" + name.lower())
    assert created["status"] == "InProgress"
    assert created["image"] == "probe:latest"
    assert created["world_size"] == 1
    assert created["hyperparameters"] == {"epochs": "2", "batch_size": "8", "dataset_size": "100",
                                          "dataset_type": "imagefolder", "lines": "3", "lr": "0.5"}

    wait_status(server, name)
    job = requests.get(url(server, f"/jobs/{name}"), timeout=10)
    assert job.status_code == 200
    job = job.json()
    assert job["status"] == "Completed", job.get("failure_reason")
    assert job["secondary_status"] == "Completed"
    assert job["created_at"] <= job["started_at"] <= job["ended_at"]
    model = tar_members(local_path(job["model_artifacts"]))
    assert json.loads(model["model.json"])["hyperparameters"]["epochs"] == "2"

    # The same job through the SageMaker API: the alias is a CreateTrainingJob.
    description = server.sagemaker().describe_training_job(TrainingJobName=name)
    assert description["ResourceConfig"]["InstanceCount"] == 1
    assert description["AlgorithmSpecification"]["TrainingImage"] == "probe:latest"
    [channel] = description["InputDataConfig"]
    assert channel["ChannelName"] == "training"
    assert channel["DataSource"]["S3DataSource"]["S3Uri"] == file_uri(data)
    probe = json.loads(tar_members(local_path(job["model_artifacts"]).parent / "output.tar.gz")["probe.json"])
    assert probe["channels"]["training"] == {"images.txt": "cat\ndog\n"}, "dataset_uri is the training channel"

    listed = requests.get(url(server, "/jobs"), timeout=10)
    assert listed.status_code == 200
    names = [j["job_name"] for j in listed.json()["jobs"]]
    assert name in names
    completed = requests.get(url(server, "/jobs"), params={"status": "Completed"}, timeout=10).json()["jobs"]
    assert name in [j["job_name"] for j in completed] and all(j["status"] == "Completed" for j in completed)
    running = requests.get(url(server, "/jobs"), params={"status": "InProgress"}, timeout=10).json()["jobs"]
    assert name not in [j["job_name"] for j in running]

    logs = requests.get(url(server, f"/jobs/{name}/logs"), timeout=10)
    assert logs.status_code == 200
    logs = logs.json()
    assert logs["job_name"] == name
    messages = [line["message"] for line in logs["logs"]]
    assert [m for m in messages if m.startswith("probe line")] == ["probe line 1 of 3", "probe line 2 of 3",
                                                                  "probe line 3 of 3"]
    assert all(line["stream"].startswith(name + "/algo-1-") for line in logs["logs"])
    limited = requests.get(url(server, f"/jobs/{name}/logs"), params={"limit": 2}, timeout=10).json()
    assert [line["message"] for line in limited["logs"]] == messages[:2]


def test_list_is_newest_first(server):
    first, second = unique_name("older"), unique_name("newer")
    for name in (first, second):
        assert post_job(server, {"job_name": name, "image": "probe:latest"}).status_code == 201
    names = [j["job_name"] for j in requests.get(url(server, "/jobs"), timeout=10).json()["jobs"]]
    assert names.index(second) < names.index(first)
    for name in (first, second):
        wait_status(server, name)


def test_default_image_and_world_size(server):
    name = unique_name("defaults")
    response = post_job(server, {"job_name": name, "world_size": 2, "hyperparameters": {"lines": "1"}})
    assert response.status_code == 201, response.text
    assert response.json()["image"] == "trainer:latest"
    assert response.json()["world_size"] == 2
    description = wait_status(server, name)
    assert description["TrainingJobStatus"] == "Completed", description.get("FailureReason")
    assert description["ResourceConfig"]["InstanceCount"] == 2


@pytest.mark.parametrize("body, field", [
    ({"colour": "blue"}, "colour"),
    ({"job_name": "bad_name"}, "job_name"),
    ({"job_name": "-dash"}, "job_name"),
    ({"job_name": "x" * 64}, "job_name"),
    ({}, "job_name"),
    ({"epochs": 0}, "epochs"),
    ({"epochs": 1001}, "epochs"),
    ({"epochs": "3"}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"world_size": 65}, "world_size"),
    ({"dataset_size": 0}, "dataset_size"),
    ({"dataset_type": "x"}, "dataset_type"),
    ({"image": ""}, "image"),
    ({"hyperparameters": ["a"]}, "hyperparameters"),
])
def test_create_rejects_a_bad_field(server, body, field):
    request = {"job_name": unique_name("bad"), **body}
    if body == {}:
        request = {}
    response = post_job(server, request)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert len(detail) >= 1
    assert detail[0]["field"] == field, detail
    assert detail[0]["loc"] == ["body", field], detail
    assert detail[0]["reason"], detail
    if "job_name" in request and request["job_name"] != body.get("job_name"):
        assert requests.get(url(server, f"/jobs/{request['job_name']}"), timeout=10).status_code == 404, \
            "a rejected request creates no job"


def test_create_rejects_malformed_json(server):
    response = post_job(server, None, raw=b'{"job_name": ')
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_duplicate_is_409(server):
    name = unique_name("dup")
    assert post_job(server, {"job_name": name, "image": "probe:latest"}).status_code == 201
    again = post_job(server, {"job_name": name, "image": "probe:latest"})
    assert again.status_code == 409, again.text
    wait_status(server, name)


def test_delete_stops_a_running_job(server):
    name = unique_name("stopme")
    assert post_job(server, {"job_name": name, "image": "probe:latest",
                             "hyperparameters": {"sleep": "60"}}).status_code == 201
    wait_for_secondary(server.sagemaker(), name, "Training")
    response = requests.delete(url(server, f"/jobs/{name}"), timeout=10)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "Stopping"
    description = wait_status(server, name)
    assert description["TrainingJobStatus"] == "Stopped"
    job = requests.get(url(server, f"/jobs/{name}"), timeout=10).json()
    assert job["status"] == "Stopped"
    assert job["model_artifacts"].endswith(f"/{name}/output/model.tar.gz")
    again = requests.delete(url(server, f"/jobs/{name}"), timeout=10)
    assert again.status_code == 409, "stopping a stopped job is a conflict"


def test_unknown_job_is_404(server):
    name = unique_name("ghost")
    for response in (requests.get(url(server, f"/jobs/{name}"), timeout=10),
                     requests.get(url(server, f"/jobs/{name}/logs"), timeout=10),
                     requests.delete(url(server, f"/jobs/{name}"), timeout=10)):
        assert response.status_code == 404, (response.request.method, response.request.url, response.text)


def test_openapi_document(server):
    response = requests.get(url(server, "/openapi.json"), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on an invalid OpenAPI 3.1 document
    assert {"/jobs", "/jobs/{name}", "/jobs/{name}/logs"} <= set(document["paths"])
    assert {"get", "post"} <= set(document["paths"]["/jobs"])
    assert {"get", "delete"} <= set(document["paths"]["/jobs/{name}"])
    assert set(document["paths"]["/jobs"]["post"]["responses"]) >= {"201", "409", "422"}


def test_docs_and_health(server):
    docs = requests.get(url(server, "/docs"), timeout=10)
    assert docs.status_code == 200
    assert docs.headers["Content-Type"].startswith("text/html")
    assert "<html" in docs.text.lower() and "/jobs" in docs.text
    for path in ("/healthz", "/readyz"):
        assert requests.get(url(server, path), timeout=10).status_code == 200, path
