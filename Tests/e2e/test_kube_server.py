"""sage-server --backend kube against a real control plane (kube-apiserver 1.20 and kube-controller-manager from
scripts/kube), driven by boto3 as a user would, with only the permissions of deploy/'s server Role: the server
runs under the `sagetrain-server` ServiceAccount's token, in the `sagetrain` namespace made by `kubectl apply -k
deploy/`. There is no kubelet: the test binds each pod to a Node and moves it through its states by patching
`pods/status`, and a fake kubelet serves the pods' logs (the API server proxies `pods/log` to it).

What it shows: statuses come from the pods and Jobs (Starting, Downloading, Training, Uploading, Completed), the
algorithm's log reaches GetLogEvents and the metric definitions, the model artifacts come from the runtime
sidecar's termination message, a restarted server answers Describe the same from the cluster alone, and Stop
deletes the hosts and ends Stopped with the sidecar's upload.
"""
import json
import os
import time
import urllib.error
import urllib.request

import pytest

from e2e_support import SageServer, unique_name, wait_for, wait_for_secondary
from kube_support import DEPLOY, FakeKubelet, KubeCluster, kubectl, running, terminated
from kube_support import training_job_request as request

NAMESPACE = "sagetrain"
NODE = "e2e-node"


@pytest.fixture(scope="module")
def kube(session_dir):
    cluster = KubeCluster.start(session_dir / "kube-server")
    kubectl(cluster.kubeconfig, "apply", "-k", str(DEPLOY))
    kubelet = FakeKubelet(cluster, NODE, session_dir / "kube-server-kubelet")
    yield cluster, kubelet
    kubelet.close()
    cluster.stop()


@pytest.fixture(scope="module")
def server_environment(kube, session_dir):
    cluster, _ = kube
    kubeconfig = cluster.service_account_kubeconfig(
        NAMESPACE, "sagetrain-server", session_dir / "kube-server-account.kubeconfig")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KUBE")}
    environment.update({"KUBECONFIG": str(kubeconfig), "HOME": str(session_dir)})
    return environment


@pytest.fixture(scope="module")
def kube_server(server_environment, session_dir, server_binary):
    server = SageServer(session_dir / "server-kube", extra_args=["--backend", "kube"], env=server_environment)
    server.start()
    yield server
    server.stop()


def host_pod(cluster, name):
    job_label = [job for job in cluster.jobs(NAMESPACE, "app.kubernetes.io/managed-by=sagetrain")
                 if job["metadata"]["annotations"]["sagetrain.io/training-job-name"] == name]
    assert len(job_label) == 1, job_label
    base = job_label[0]["metadata"]["labels"]["sagetrain.io/training-job"]
    pod = cluster.wait_for_pod(NAMESPACE, f"sagetrain.io/training-job={base},sagetrain.io/host=algo-1")
    cluster.bind(pod, NODE)
    return pod


def wait_for_jobs(cluster, name, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        jobs = [job for job in cluster.jobs(NAMESPACE, "app.kubernetes.io/managed-by=sagetrain")
                if job["metadata"]["annotations"]["sagetrain.io/training-job-name"] == name]
        if jobs:
            return jobs
        time.sleep(0.1)
    raise AssertionError(f"no Kubernetes Job for {name}")


def test_a_job_runs_through_its_statuses_logs_and_metrics_and_survives_a_restart(
        kube, kube_server, server_environment, session_dir):
    cluster, kubelet = kube
    sm = kube_server.sagemaker()
    name = unique_name("Kube-Train")
    arn = sm.create_training_job(**request(name))["TrainingJobArn"]
    assert arn.endswith(f"training-job/{name.lower()}")
    assert sm.describe_training_job(TrainingJobName=name)["SecondaryStatus"] == "Starting"

    jobs = wait_for_jobs(cluster, name)
    assert jobs[0]["spec"]["activeDeadlineSeconds"] == 3600 and jobs[0]["spec"]["backoffLimit"] == 0
    pod = host_pod(cluster, name)
    assert pod["spec"]["hostname"] == "algo-1"
    kubelet.lines[(NAMESPACE, pod["metadata"]["name"])] = ["epoch 1 loss=0.75", "epoch 2 loss=0.25", "saved model"]

    cluster.set_pod_status(pod, "Pending", stage=running(), algo={"waiting": {"reason": "PodInitializing"}})
    wait_for_secondary(sm, name, "Downloading")
    cluster.set_pod_status(pod, "Running", stage=terminated(0), algo=running(), runtime=running())
    wait_for_secondary(sm, name, "Training")
    cluster.set_pod_status(pod, "Running", stage=terminated(0), algo=terminated(0), runtime=running())
    wait_for_secondary(sm, name, "Uploading")
    artifacts = f"s3://models/out/{name}/output/model.tar.gz"
    cluster.set_pod_status(pod, "Succeeded", stage=terminated(0), algo=terminated(0),
                           runtime=terminated(0, f"model artifacts: {artifacts}\n"))
    described = wait_for(sm, name)
    assert described["TrainingJobStatus"] == "Completed", described.get("FailureReason")
    assert described["ModelArtifacts"]["S3ModelArtifacts"] == artifacts
    assert [t["Status"] for t in described["SecondaryStatusTransitions"]] == [
        "Starting", "Downloading", "Training", "Uploading", "Completed"]
    assert described["FinalMetricDataList"][0]["MetricName"] == "train:loss"
    assert described["FinalMetricDataList"][0]["Value"] == 0.25

    logs = kube_server.logs()
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=name)
    [stream] = streams["logStreams"]
    assert stream["logStreamName"].startswith(f"{name}/algo-1-")
    events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs",
                                 logStreamName=stream["logStreamName"], startFromHead=True)["events"]
    assert [event["message"] for event in events] == ["epoch 1 loss=0.75", "epoch 2 loss=0.25", "saved model"]
    assert any("/containerLogs/sagetrain/" in path and "follow=true" in path for path in kubelet.requests)
    with urllib.request.urlopen(f"{kube_server.url}/jobs/{name}/logs", timeout=10) as response:
        alias = json.load(response)
    assert [line["message"] for line in alias["logs"]] == ["epoch 1 loss=0.75", "epoch 2 loss=0.25", "saved model"]

    # Restarted, with an empty state directory: the job's state lives in the cluster.
    kube_server.stop()
    assert kube_server.process.returncode == 0, kube_server.log_text()[-2000:]
    restarted = SageServer(session_dir / "server-kube-2", extra_args=["--backend", "kube"], env=server_environment)
    restarted.start()
    try:
        again = restarted.sagemaker().describe_training_job(TrainingJobName=name)
        for key in ("TrainingJobStatus", "SecondaryStatus", "SecondaryStatusTransitions", "ModelArtifacts",
                    "FinalMetricDataList", "CreationTime", "TrainingEndTime"):
            assert again[key] == described[key], key
        listed = restarted.sagemaker().list_training_jobs(StatusEquals="Completed")["TrainingJobSummaries"]
        assert name in [summary["TrainingJobName"] for summary in listed]
    finally:
        restarted.stop()
        kube_server.start()

    # DeleteTrainingJob removes the root record; the garbage collector removes the job's other objects.
    sm = kube_server.sagemaker()
    sm.delete_training_job(TrainingJobName=name)
    with pytest.raises(sm.exceptions.ClientError) as missing:
        sm.describe_training_job(TrainingJobName=name)
    assert missing.value.response["Error"]["Message"] == "Requested resource not found."
    deadline = time.time() + 30
    while cluster.jobs(NAMESPACE, f"sagetrain.io/training-job={pod['metadata']['labels']['sagetrain.io/training-job']}"):
        assert time.time() < deadline, "the job's Kubernetes Jobs were not garbage-collected"
        time.sleep(0.2)
    cluster.delete_pod_now(pod)


def log_messages(server, name, expected_count, timeout=10):
    logs = server.logs()
    deadline = time.time() + timeout
    while True:
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                            logStreamNamePrefix=name)["logStreams"]
        messages = [event["message"] for stream in streams for event in logs.get_log_events(
            logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=stream["logStreamName"],
            startFromHead=True)["events"]]
        if len(messages) >= expected_count or time.time() > deadline:
            return messages
        time.sleep(0.1)


def test_stop_deletes_the_hosts_and_ends_with_the_sidecars_upload(kube, kube_server):
    cluster, kubelet = kube
    sm = kube_server.sagemaker()
    name = unique_name("Kube-Stop")
    sm.create_training_job(**request(name))
    wait_for_jobs(cluster, name)
    pod = host_pod(cluster, name)
    kubelet.lines[(NAMESPACE, pod["metadata"]["name"])] = ["step 1", "step 2"]
    cluster.set_pod_status(pod, "Running", stage=terminated(0), algo=running(), runtime=running())
    wait_for_secondary(sm, name, "Training")
    assert log_messages(kube_server, name, 2) == ["step 1", "step 2"]

    # Restarted with its state directory (its log cache): the log is followed again, without repeating lines.
    kube_server.stop()
    kubelet.lines[(NAMESPACE, pod["metadata"]["name"])] += ["step 3"]
    kube_server.start()
    sm = kube_server.sagemaker()
    assert log_messages(kube_server, name, 3) == ["step 1", "step 2", "step 3"]
    time.sleep(0.5)
    assert log_messages(kube_server, name, 3) == ["step 1", "step 2", "step 3"]

    sm.stop_training_job(TrainingJobName=name)
    assert sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] == "Stopping"
    deadline = time.time() + 30
    while time.time() < deadline:
        current = cluster.request("GET", f"/api/v1/namespaces/{NAMESPACE}/pods/{pod['metadata']['name']}")
        if current["metadata"].get("deletionTimestamp"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the pod was not deleted gracefully")
    assert current["metadata"]["deletionGracePeriodSeconds"] == 120
    cluster.set_pod_status(pod, "Failed", stage=terminated(0), algo=terminated(143),
                           runtime=terminated(0, f"model artifacts: s3://models/out/{name}/output/model.tar.gz"))
    described = wait_for(sm, name)
    assert described["TrainingJobStatus"] == "Stopped"
    assert described["SecondaryStatus"] == "Stopped"
    assert described["ModelArtifacts"]["S3ModelArtifacts"] == f"s3://models/out/{name}/output/model.tar.gz"
    cluster.delete_pod_now(pod)


def test_an_unknown_instance_type_and_a_taken_name_are_refused(kube_server):
    sm = kube_server.sagemaker()
    name = unique_name("Kube-Twice")
    sm.create_training_job(**request(name))
    with pytest.raises(sm.exceptions.ResourceInUse):
        sm.create_training_job(**request(name.upper()))
    bad = request(unique_name("Kube-Bad"))
    bad["ResourceConfig"]["InstanceType"] = "ml.p5.48xlarge"  # in the service model, not in the instance table
    try:
        sm.create_training_job(**bad)
    except sm.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == "ValidationException"
        assert "ml.p5.48xlarge" in error.response["Error"]["Message"]
    else:
        raise AssertionError("an instance type the cluster does not know was accepted")


def test_a_server_that_may_not_watch_its_jobs_says_it_is_not_ready(kube, session_dir, server_binary):
    cluster, _ = kube
    # An account that can read the job records but not watch pods or Jobs.
    cluster.request("POST", f"/api/v1/namespaces/{NAMESPACE}/serviceaccounts",
                    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "records-only"}})
    cluster.request("POST", f"/apis/rbac.authorization.k8s.io/v1/namespaces/{NAMESPACE}/roles", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "records-only"},
        "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}]})
    cluster.request("POST", f"/apis/rbac.authorization.k8s.io/v1/namespaces/{NAMESPACE}/rolebindings", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "records-only"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "records-only"},
        "subjects": [{"kind": "ServiceAccount", "name": "records-only", "namespace": NAMESPACE}]})
    kubeconfig = cluster.service_account_kubeconfig(NAMESPACE, "records-only", session_dir / "records-only.kubeconfig")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KUBE")}
    environment.update({"KUBECONFIG": str(kubeconfig), "HOME": str(session_dir)})
    server = SageServer(session_dir / "server-kube-blind", extra_args=["--backend", "kube"], env=environment)
    server.start()
    try:
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response:
            assert response.status == 200
        deadline = time.time() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/readyz", timeout=10):
                    pass
            except urllib.error.HTTPError as error:
                body = json.load(error)
                assert error.code == 503 and body["status"] == "unavailable", body
                assert "forbidden" in body["reason"].lower(), body
                break
            assert time.time() < deadline, "/readyz stayed ready although the server cannot watch its jobs"
            time.sleep(0.2)
    finally:
        server.stop()
