"""The Kubernetes manifests in deploy/ against a real control plane (scripts/kube/start.sh: kube-apiserver 1.20 and
kube-controller-manager, no kubelet), with the matching kubectl 1.20 (scripts/kube/kubectl.sh), whose built-in
kustomize is the oldest one the manifests must work with:

- `kubectl apply --dry-run=server -k deploy/` passes every object through the API server's validation and admission;
- `kubectl apply -k deploy/` creates them, and a second apply changes nothing;
- the ReplicaSet controller makes the server's pod (it stays Pending: no scheduler), admitted with its account;
- RBAC, asked with `kubectl auth can-i --as system:serviceaccount:sagetrain:...`: the server's account can do exactly
  the verbs its Role lists on each of its resources and nothing else tried here (no Secrets, no pod creation, no RBAC,
  no other namespace); the runtime's account can read and watch pods and nothing more.

The images are not built here (no Docker engine); deploy/server.Dockerfile is not exercised.
"""
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kube_support import DEPLOY, KubeCluster, kubectl

NAMESPACE = "sagetrain"
SERVER = f"system:serviceaccount:{NAMESPACE}:sagetrain-server"
RUNTIME = f"system:serviceaccount:{NAMESPACE}:sagetrain-runtime"

# The server Role, as deploy/server-role.yaml grants it: (resource as `kubectl auth can-i` names it, subresource).
SERVER_GRANTS = {
    ("configmaps", None): {"get", "list", "watch", "create", "update", "delete"},
    ("services", None): {"create"},
    ("jobs.batch", None): {"list", "watch", "create", "delete"},
    ("pods", None): {"list", "watch"},
    ("pods", "log"): {"get"},
    ("events", None): set(),
}
ALL_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]


@pytest.fixture(scope="module")
def cluster(session_dir):
    """A fresh control plane for this module, in the session directory (so the leftover checks see its processes)."""
    started = KubeCluster.start(session_dir / "kube-deploy")
    yield started.kubeconfig
    started.stop()


def can_i(kubeconfig, user, verb, resource, subresource=None, namespace=NAMESPACE):
    """`kubectl auth can-i` as `user`: True or False, never an error taken for a no."""
    arguments = ["auth", "can-i", verb, resource, "--as", user]
    arguments += ["--all-namespaces"] if namespace is None else ["-n", namespace]
    if subresource:
        arguments.append(f"--subresource={subresource}")
    result = kubectl(kubeconfig, *arguments, check=False)
    answer = result.stdout.strip().split()[0] if result.stdout.strip() else ""
    assert answer in ("yes", "no") and result.returncode == (0 if answer == "yes" else 1), \
        f"kubectl {' '.join(arguments)}: exit {result.returncode}, {result.stdout!r} {result.stderr!r}"
    return answer == "yes"


def answers(kubeconfig, questions):
    """can_i for each (user, verb, resource, subresource, namespace), a few at a time."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(questions, pool.map(lambda question: can_i(kubeconfig, *question), questions)))


@pytest.fixture(scope="module")
def deployed(cluster):
    """deploy/ validated by a server-side dry run, then applied for real."""
    kubeconfig = cluster
    # A server-side dry run admits each object as if it were created, but creates nothing, not even the Namespace;
    # the NamespaceLifecycle admission plugin then refuses every object in the missing namespace. So the Namespace
    # is applied for real first (from its own file, as the kustomization has it), then the whole kustomization is
    # dry-run: every object, the Namespace included, goes through validation and admission.
    kubectl(kubeconfig, "apply", "-f", str(DEPLOY / "namespace.yaml"))
    dry_run = kubectl(kubeconfig, "apply", "--dry-run=server", "-k", str(DEPLOY))
    # The dry run created nothing.
    assert kubectl(kubeconfig, "-n", NAMESPACE, "get", "serviceaccount", "sagetrain-server",
                   check=False).returncode != 0
    applied = kubectl(kubeconfig, "apply", "-k", str(DEPLOY))
    return kubeconfig, dry_run.stdout, applied.stdout


EXPECTED_OBJECTS = [
    "namespace/sagetrain",
    "serviceaccount/sagetrain-server", "role.rbac.authorization.k8s.io/sagetrain-server",
    "rolebinding.rbac.authorization.k8s.io/sagetrain-server",
    "serviceaccount/sagetrain-runtime", "role.rbac.authorization.k8s.io/sagetrain-runtime",
    "rolebinding.rbac.authorization.k8s.io/sagetrain-runtime",
    "deployment.apps/sagetrain-server", "service/sagetrain-server",
]


def test_server_dry_run_accepts_every_object(deployed):
    _, dry_run, _ = deployed
    lines = dry_run.splitlines()
    for name in EXPECTED_OBJECTS:
        assert any(line.startswith(name + " ") and "(server dry run)" in line for line in lines), (name, dry_run)
    assert len(lines) == len(EXPECTED_OBJECTS), dry_run


def test_apply_creates_every_object_and_is_idempotent(deployed):
    kubeconfig, _, applied = deployed
    for name in EXPECTED_OBJECTS:
        assert any(line.startswith(name + " ") for line in applied.splitlines()), (name, applied)
    again = kubectl(kubeconfig, "apply", "-k", str(DEPLOY)).stdout
    assert all(line.endswith(" unchanged") for line in again.splitlines()), again
    names = kubectl(kubeconfig, "-n", NAMESPACE, "get",
                    "serviceaccounts,roles,rolebindings,deployments,services", "-o", "name").stdout.split()
    for name in EXPECTED_OBJECTS[1:]:
        assert name in names, (name, names)


def test_runtime_access_matches_what_the_backend_generates(deployed):
    """The runtime's objects as Sources/KubeBackend/Manifests/RuntimeAccess.swift makes them."""
    kubeconfig, _, _ = deployed
    labels = {"app.kubernetes.io/managed-by": "sagetrain"}
    role = json.loads(kubectl(kubeconfig, "-n", NAMESPACE, "get", "role", "sagetrain-runtime", "-o", "json").stdout)
    assert role["metadata"]["labels"] == labels
    assert role["rules"] == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]
    binding = json.loads(kubectl(kubeconfig, "-n", NAMESPACE, "get", "rolebinding", "sagetrain-runtime",
                                 "-o", "json").stdout)
    assert binding["metadata"]["labels"] == labels
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "sagetrain-runtime"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "sagetrain-runtime", "namespace": NAMESPACE}]
    account = json.loads(kubectl(kubeconfig, "-n", NAMESPACE, "get", "serviceaccount", "sagetrain-runtime",
                                 "-o", "json").stdout)
    assert account["metadata"]["labels"] == labels


def test_replica_set_creates_the_server_pod(deployed):
    """The Deployment's pod passes admission (ServiceAccount, LimitRanger, ...) with the server's account and
    settings; with no scheduler it stays Pending."""
    kubeconfig, _, _ = deployed
    deadline = time.time() + 60
    while True:
        pods = json.loads(kubectl(kubeconfig, "-n", NAMESPACE, "get", "pods", "-l",
                                  "app.kubernetes.io/name=sagetrain-server", "-o", "json").stdout)["items"]
        if pods or time.time() > deadline:
            break
        time.sleep(0.5)
    assert len(pods) == 1, "no pod from the Deployment after 60 s"
    spec = pods[0]["spec"]
    assert spec["serviceAccountName"] == "sagetrain-server"
    assert spec["securityContext"]["runAsNonRoot"] is True
    (container,) = spec["containers"]
    assert container["image"] == "sagetrain-server:latest"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    environment = {variable["name"]: variable for variable in container["env"]}
    assert environment["SAGE_BACKEND"]["value"] == "kube"
    assert environment["SAGE_KUBE_NAMESPACE"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.namespace"
    # The server's token is mounted (it talks to the API server in-cluster).
    assert any(mount["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount"
               for mount in container["volumeMounts"])


def test_server_account_has_exactly_its_roles_verbs(deployed):
    kubeconfig, _, _ = deployed
    questions = [(SERVER, verb, resource, subresource, NAMESPACE)
                 for (resource, subresource) in SERVER_GRANTS for verb in ALL_VERBS]
    got = answers(kubeconfig, questions)
    wrong = [f"{verb} {resource}{'/' + subresource if subresource else ''}: "
             f"{'allowed' if got[(user, verb, resource, subresource, ns)] else 'denied'}"
             for (user, verb, resource, subresource, ns) in questions
             if got[(user, verb, resource, subresource, ns)] != (verb in SERVER_GRANTS[(resource, subresource)])]
    assert wrong == []


def test_server_account_cannot_do_anything_else(deployed):
    kubeconfig, _, _ = deployed
    questions = [
        (SERVER, "get", "secrets", None, NAMESPACE),
        (SERVER, "list", "secrets", None, NAMESPACE),
        (SERVER, "create", "pods", None, NAMESPACE),
        (SERVER, "create", "pods", "exec", NAMESPACE),
        (SERVER, "update", "pods", "status", NAMESPACE),
        (SERVER, "update", "jobs.batch", "status", NAMESPACE),
        (SERVER, "delete", "namespaces", None, NAMESPACE),
        (SERVER, "delete", "namespaces", None, None),
        (SERVER, "create", "roles.rbac.authorization.k8s.io", None, NAMESPACE),
        (SERVER, "create", "rolebindings.rbac.authorization.k8s.io", None, NAMESPACE),
        (SERVER, "bind", "roles.rbac.authorization.k8s.io", None, NAMESPACE),
        (SERVER, "create", "serviceaccounts", None, NAMESPACE),
        (SERVER, "create", "serviceaccounts", "token", NAMESPACE),
        (SERVER, "create", "deployments.apps", None, NAMESPACE),
        (SERVER, "get", "nodes", None, None),
        # Its Role is for its own namespace only.
        (SERVER, "get", "configmaps", None, "default"),
        (SERVER, "list", "pods", None, None),
        (SERVER, "create", "jobs.batch", None, "kube-system"),
    ]
    got = answers(kubeconfig, questions)
    allowed = [question for question in questions if got[question]]
    assert allowed == []


def test_runtime_account_reads_pods_only(deployed):
    kubeconfig, _, _ = deployed
    questions = {
        (RUNTIME, "get", "pods", None, NAMESPACE): True,
        (RUNTIME, "list", "pods", None, NAMESPACE): True,
        (RUNTIME, "watch", "pods", None, NAMESPACE): True,
        (RUNTIME, "delete", "pods", None, NAMESPACE): False,
        (RUNTIME, "create", "pods", None, NAMESPACE): False,
        (RUNTIME, "patch", "pods", None, NAMESPACE): False,
        (RUNTIME, "get", "pods", "log", NAMESPACE): False,
        (RUNTIME, "get", "secrets", None, NAMESPACE): False,
        (RUNTIME, "get", "configmaps", None, NAMESPACE): False,
        (RUNTIME, "watch", "pods", None, "default"): False,
    }
    got = answers(kubeconfig, list(questions))
    wrong = {question: got[question] for question, expected in questions.items() if got[question] != expected}
    assert wrong == {}
