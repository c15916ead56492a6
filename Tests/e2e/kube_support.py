"""The suite's Kubernetes control plane (scripts/kube/start.sh: etcd, kube-apiserver 1.20, kube-controller-manager;
no kubelet, no scheduler), the matching kubectl, and the test's stand-in for the kubelet: a REST client that binds
pods to a Node and patches `pods/status`, and a small HTTPS server the API server proxies pod logs to.
"""
import base64
import http.server
import json
import os
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from e2e_support import REPO, ROLE

KUBE_SCRIPTS = REPO / "scripts" / "kube"
DEPLOY = REPO / "deploy"
CACHE = os.environ.get("SAGE_CACHE", os.path.expanduser("~/.cache/sagetrain"))
KUBE_BIN = os.environ.get("KUBE_BIN_DIR", os.path.join(CACHE, "kube", "bin"))
KUBECTL = os.environ.get("KUBECTL", os.path.join(KUBE_BIN, "kubectl"))


class KubeCluster:
    """A cluster started by scripts/kube/start.sh in `directory`, reached with its admin token."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.kubeconfig = self.directory / "kubeconfig"
        env = {}
        for line in (self.directory / "env").read_text().splitlines():
            if line.startswith("export "):
                key, _, value = line[len("export "):].partition("=")
                env[key] = value
        self.url = env["KUBE_API_URL"]
        self.token = env["KUBE_TOKEN"]
        self.ca_file = env["KUBE_CA_FILE"]
        self.context = ssl.create_default_context(cafile=self.ca_file)
        self.start_times = {}

    @classmethod
    def start(cls, directory):
        binaries = [os.path.join(KUBE_BIN, "kube-apiserver"), os.path.join(KUBE_BIN, "kube-controller-manager"),
                    KUBECTL]
        for binary in binaries:
            if not os.access(binary, os.X_OK):
                raise AssertionError(f"{binary} not found: run scripts/kube/build.sh (it also runs kubectl.sh)")
        started = subprocess.run([str(KUBE_SCRIPTS / "start.sh"), str(directory)], capture_output=True, text=True,
                                 timeout=180, env={**os.environ, "KUBECTL": KUBECTL})
        if started.returncode != 0:
            subprocess.run([str(KUBE_SCRIPTS / "stop.sh"), str(directory)], capture_output=True, timeout=60)
            raise AssertionError(f"scripts/kube/start.sh failed ({started.returncode}):\n"
                                 f"{started.stdout}\n{started.stderr}")
        return cls(directory)

    def stop(self):
        subprocess.run([str(KUBE_SCRIPTS / "stop.sh"), str(self.directory)], capture_output=True, timeout=120,
                       check=True)

    def request(self, method, path, body=None, content_type="application/json"):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def pods(self, namespace, selector):
        query = urllib.parse.urlencode({"labelSelector": selector})
        return self.request("GET", f"/api/v1/namespaces/{namespace}/pods?{query}")["items"]

    def jobs(self, namespace, selector):
        query = urllib.parse.urlencode({"labelSelector": selector})
        return self.request("GET", f"/apis/batch/v1/namespaces/{namespace}/jobs?{query}")["items"]

    def wait_for_pod(self, namespace, selector, timeout=40):
        deadline = time.time() + timeout
        while time.time() < deadline:
            live = [pod for pod in self.pods(namespace, selector) if not pod["metadata"].get("deletionTimestamp")]
            if live:
                return live[0]
            time.sleep(0.1)
        raise AssertionError(f"no pod for {selector} within {timeout}s")

    def bind(self, pod, node):
        namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        self.request("POST", f"/api/v1/namespaces/{namespace}/pods/{name}/binding", {
            "apiVersion": "v1", "kind": "Binding", "metadata": {"name": name},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node}})

    def set_pod_status(self, pod, phase, stage=None, algo=None, runtime=None):
        """Sets the pod's phase and container states (each a dict such as {"running": {...}})."""
        def status(name, state):
            return {"name": name, "ready": False, "restartCount": 0, "image": "x", "imageID": "", "state": state}
        # The kubelet sets startTime once, when it starts the pod.
        body = {"phase": phase, "startTime": self.start_times.setdefault(
            pod["metadata"]["uid"], time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))}
        if stage:
            body["initContainerStatuses"] = [status("stage", stage)]
        containers = [status(name, state) for name, state in (("algo", algo), ("runtime", runtime)) if state]
        if containers:
            body["containerStatuses"] = containers
        namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        return self.request("PATCH", f"/api/v1/namespaces/{namespace}/pods/{name}/status", {"status": body},
                            content_type="application/merge-patch+json")

    def delete_pod_now(self, pod):
        namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        try:
            self.request("DELETE", f"/api/v1/namespaces/{namespace}/pods/{name}",
                         {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0})
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise

    def service_account_kubeconfig(self, namespace, account, path):
        """A kubeconfig holding `account`'s token (its token Secret, made by the token controller)."""
        deadline = time.time() + 30
        secrets = []
        while time.time() < deadline and not secrets:
            secrets = self.request("GET", f"/api/v1/namespaces/{namespace}/serviceaccounts/{account}").get(
                "secrets") or []
            time.sleep(0.1)
        assert secrets, f"no token Secret for {namespace}/{account}"
        secret = self.request("GET", f"/api/v1/namespaces/{namespace}/secrets/{secrets[0]['name']}")
        token = base64.b64decode(secret["data"]["token"]).decode()
        ca = base64.b64encode(Path(self.ca_file).read_bytes()).decode()
        Path(path).write_text(json.dumps({
            "apiVersion": "v1", "kind": "Config", "current-context": account,
            "clusters": [{"name": "test", "cluster": {"server": self.url, "certificate-authority-data": ca}}],
            "users": [{"name": account, "user": {"token": token}}],
            "contexts": [{"name": account, "context": {"cluster": "test", "user": account, "namespace": namespace}}],
        }))
        return path


def kubectl(kubeconfig, *arguments, check=True):
    result = subprocess.run([KUBECTL, "--kubeconfig", str(kubeconfig), "--request-timeout=30s", *arguments],
                            capture_output=True, text=True, timeout=90)
    if check:
        assert result.returncode == 0, f"kubectl {' '.join(arguments)} exited {result.returncode}:\n" \
                                       f"{result.stdout}\n{result.stderr}"
    return result


def running():
    return {"running": {"startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}}


def terminated(code, message=None, reason=None):
    state = {"exitCode": code, "reason": reason or ("Completed" if code == 0 else "Error")}
    if message is not None:
        state["message"] = message
    return {"terminated": state}


class FakeKubelet:
    """An HTTPS server the API server proxies `pods/log` requests to (a Node's kubeletEndpoint): it answers
    /containerLogs/NS/POD/CONTAINER with the lines set for that pod, timestamped as `timestamps=true` asks."""

    def __init__(self, cluster, node, directory):
        self.lines = {}
        self.stamped = {}
        self.requests = []
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        key, certificate = directory / "kubelet.key", directory / "kubelet.crt"
        subprocess.run(["openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", str(key),
                        "-out", str(certificate), "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        kubelet = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parts = self.path.split("?")[0].split("/")
                kubelet.requests.append(self.path)
                if len(parts) != 5 or parts[1] != "containerLogs":  # /containerLogs/NS/POD/CONTAINER
                    self.send_error(404)
                    return
                key = (parts[2], parts[3])
                # Each line keeps the time it was first served, as a container's log does.
                stamped = kubelet.stamped.setdefault(key, [])
                for line in kubelet.lines.get(key, [])[len(stamped):]:
                    now = time.time_ns()
                    stamped.append((f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(now // 10**9))}"
                                    f".{now % 10**9:09d}Z", line))
                    time.sleep(0.002)  # distinct milliseconds, as lines written apart are
                body = "".join(f"{stamp} {line}\n" for stamp, line in stamped).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(certificate), str(key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.node = node
        port = self.server.server_address[1]
        try:
            cluster.request("POST", "/api/v1/nodes", {"apiVersion": "v1", "kind": "Node", "metadata": {"name": node}})
        except urllib.error.HTTPError as error:
            if error.code != 409:
                raise
        cluster.request("PATCH", f"/api/v1/nodes/{node}/status", {"status": {
            "addresses": [{"type": "InternalIP", "address": "127.0.0.1"}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": port}}}},
            content_type="application/merge-patch+json")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def training_job_request(name, max_runtime=3600):
    """A one-host CreateTrainingJob request with S3 data and output and a loss metric."""
    return {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": "registry.example/trainer:1", "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}],
        },
        "RoleArn": ROLE,
        "HyperParameters": {"epochs": "2"},
        "InputDataConfig": [{"ChannelName": "training", "DataSource": {"S3DataSource": {
            "S3Uri": "s3://datasets/mnist/", "S3DataType": "S3Prefix", "S3DataDistributionType": "FullyReplicated"}}}],
        "OutputDataConfig": {"S3OutputPath": "s3://models/out"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": max_runtime},
    }
