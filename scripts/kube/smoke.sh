#!/usr/bin/env bash
# End-to-end checks of a control plane started by scripts/kube/start.sh DIR, with kubectl:
#   1. the admin kubeconfig works with TLS verification on;
#   2. a batch/v1 Job (restartPolicy Never, backoffLimit 0) gets a pod from the Job controller;
#      patching the pod's status to Running, then Succeeded, makes the Job Complete;
#   3. the same with Failed makes the Job Failed (BackoffLimitExceeded);
#   4. a pod with hostname algo-1 and a subdomain (headless Service) validates and is stored;
#   5. pod logs are proxied by the apiserver to a "kubelet": a Node whose status points at
#      127.0.0.1:PORT, where a small HTTPS server answers /containerLogs/...
# There is no kubelet and no scheduler: pods stay unbound (Pending) until a test patches them.
# Usage: scripts/kube/smoke.sh DIR      (leaves the cluster running; cleans up what it created)
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 DIR" >&2; exit 2; fi
# shellcheck disable=SC1091
. "$1/env"
NS=smoke-$RANDOM
NODE=smoke-node-$RANDOM
TIMEOUT=60s
k() { kubectl --request-timeout=20s "$@"; }
pass=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
fail() { echo "FAIL - $*" >&2; echo "smoke: $pass passed, 1 failed" >&2; exit 1; }

KUBELET_PID=""
WORK=$(mktemp -d)
cleanup() {
  [ -z "$KUBELET_PID" ] || kill "$KUBELET_PID" 2>/dev/null || true
  # A pod bound to a node is only marked Terminating by a normal delete (a kubelet would finish
  # it); force-delete it so that the namespace can go.
  k -n "$NS" delete pod logged --grace-period=0 --force >/dev/null 2>&1 || true
  k delete node "$NODE" --ignore-not-found >/dev/null 2>&1 || true
  k delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. Reachable, verified TLS (the kubeconfig embeds the CA; no insecure-skip-tls-verify).
grep -q insecure "$KUBECONFIG" && fail "kubeconfig is insecure"
k get namespaces >/dev/null || fail "kubectl get namespaces"
ok "kubectl get namespaces ($(k version -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])'))"

k create namespace "$NS" >/dev/null

job() {  # name
  k -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: batch/v1
kind: Job
metadata: {name: $1}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: algo, image: example.invalid/train:latest, command: [train]}
YAML
}
# The Job controller's pod; in a new namespace it comes once the ServiceAccount controllers have
# made the `default` ServiceAccount and its token (the Job controller retries with backoff).
job_pod() {  # job
  local pod="" end=$((SECONDS + 60))
  while [ -z "$pod" ]; do
    [ $SECONDS -lt $end ] || fail "no pod for job $1"
    sleep 0.5
    pod=$(k -n "$NS" get pods -l job-name="$1" -o 'jsonpath={.items[0].metadata.name}' 2>/dev/null || true)
  done
  echo "$pod"
}
set_phase() {  # pod phase
  k -n "$NS" patch pod "$1" --subresource=status --type=merge -p "{\"status\":{\"phase\":\"$2\"}}" >/dev/null \
    || fail "patch $1 status to $2"
}

# 2. Job -> pod -> Running -> Succeeded -> Job Complete.
start=$SECONDS
job ok-job
pod=$(job_pod ok-job)
ok "Job controller created pod $pod ($((SECONDS - start)) s)"
set_phase "$pod" Running
set_phase "$pod" Succeeded
k -n "$NS" wait --for=condition=Complete job/ok-job --timeout=$TIMEOUT >/dev/null || fail "job ok-job not Complete"
ok "Job Complete after the pod Succeeded (succeeded=$(k -n "$NS" get job ok-job -o 'jsonpath={.status.succeeded}'))"

# 3. Job -> pod -> Running -> Failed -> Job Failed (BackoffLimitExceeded).
job bad-job
pod=$(job_pod bad-job)
set_phase "$pod" Running
set_phase "$pod" Failed
k -n "$NS" wait --for=condition=Failed job/bad-job --timeout=$TIMEOUT >/dev/null || fail "job bad-job not Failed"
reason=$(k -n "$NS" get job bad-job -o 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}')
[ "$reason" = BackoffLimitExceeded ] || fail "job bad-job failed with reason '$reason'"
ok "Job Failed ($reason) after the pod Failed"

# 4. hostname + subdomain (what a SageMaker-style algo-1..N cluster uses), with its headless Service.
k -n "$NS" apply -f - >/dev/null <<'YAML' || fail "pod with hostname/subdomain rejected"
apiVersion: v1
kind: Service
metadata: {name: training-hosts}
spec:
  clusterIP: None
  selector: {sagetrain/job: smoke}
  ports: [{name: any, port: 7777}]
---
apiVersion: v1
kind: Pod
metadata: {name: algo-1, labels: {sagetrain/job: smoke}}
spec:
  hostname: algo-1
  subdomain: training-hosts
  restartPolicy: Never
  containers:
  - {name: algo, image: example.invalid/train:latest}
YAML
[ "$(k -n "$NS" get pod algo-1 -o 'jsonpath={.spec.hostname}.{.spec.subdomain}')" = algo-1.training-hosts ] \
  || fail "hostname/subdomain not stored"
ok "pod with hostname algo-1 and subdomain training-hosts accepted"

# 5. Logs through the apiserver's kubelet proxy, to a fake kubelet on 127.0.0.1.
openssl req -x509 -new -nodes -newkey rsa:2048 -keyout "$WORK/kubelet.key" -out "$WORK/kubelet.crt" \
  -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
cat > "$WORK/kubelet.py" <<'PY'
import http.server, ssl, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # /containerLogs/NS/POD/CONTAINER?...
        body = f"fake kubelet log for {self.path}\n".encode()
        self.send_response(200 if self.path.startswith("/containerLogs/") else 404)
        self.send_header("Content-Type", "text/plain"); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$WORK/kubelet.py" "$WORK/kubelet.crt" "$WORK/kubelet.key" > "$WORK/kubelet.port" &
KUBELET_PID=$!
for _ in $(seq 50); do [ -s "$WORK/kubelet.port" ] && break; sleep 0.1; done
KUBELET_PORT=$(cat "$WORK/kubelet.port")
k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Node
metadata: {name: $NODE}
YAML
k patch node "$NODE" --subresource=status --type=merge -p "{\"status\":{
  \"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],
  \"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":$KUBELET_PORT}}}}" >/dev/null || fail "patch node status"
k -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: logged}
spec:
  nodeName: $NODE
  restartPolicy: Never
  containers:
  - {name: algo, image: example.invalid/train:latest}
YAML
logs=$(k -n "$NS" logs logged -c algo --tail=5) || fail "kubectl logs through the fake kubelet"
[[ "$logs" == "fake kubelet log for /containerLogs/$NS/logged/algo"* ]] || fail "unexpected logs: $logs"
ok "pod logs proxied to the fake kubelet on 127.0.0.1:$KUBELET_PORT"

# 6. Deleting the namespace (namespace controller) and what was in it.
k -n "$NS" delete pod logged --grace-period=0 --force >/dev/null 2>&1
k delete namespace "$NS" --timeout=$TIMEOUT >/dev/null || fail "namespace $NS not deleted"
ok "namespace $NS deleted"
echo "smoke: $pass passed, 0 failed"
