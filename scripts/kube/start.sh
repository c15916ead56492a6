#!/usr/bin/env bash
# Starts a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager), loopback
# only, with no kubelet, for tests.  Usage: scripts/kube/start.sh DIR
#
# DIR receives:
#   kubeconfig        admin kubeconfig (token of a system:masters user, CA data embedded, TLS verified)
#   env               shell-sourceable: KUBECONFIG, KUBECTL, KUBE_API_URL, KUBE_TOKEN, KUBE_CA_FILE, ports, ...
#   pids              "name pid start-time" of each process started, for stop.sh
#   logs/             etcd.log, kube-apiserver.log, kube-controller-manager.log
#   pki/, tokens.csv  CA, serving cert, service-account key pair, kubelet-client cert, static tokens
#   etcd/             etcd's data
# Certificates and tokens are made once and reused when DIR is started again; ports are new each time.
# Stop with scripts/kube/stop.sh DIR.  Binaries come from scripts/kube/build.sh (run it first) or
# $KUBE_BIN_DIR.  Extra flags: $KUBE_APISERVER_EXTRA_ARGS, $KUBE_CONTROLLER_MANAGER_EXTRA_ARGS
# (word-split), e.g. KUBE_CONTROLLER_MANAGER_EXTRA_ARGS="--pod-eviction-timeout=30s".
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 DIR" >&2; exit 2; fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
DIR=$(cd "$1" && pwd)
BIN=${KUBE_BIN_DIR:-${SAGE_CACHE:-$HOME/.cache/sagetrain}/kube/bin}
# kubectl: the matching one from scripts/kube/kubectl.sh when it is there, else whatever is on PATH.
KUBECTL=${KUBECTL:-$BIN/kubectl}
[ -x "$KUBECTL" ] || KUBECTL=kubectl
ETCD=${ETCD_BIN:-$(command -v etcd || true)}
READY_TIMEOUT=${KUBE_READY_TIMEOUT:-60}
log() { echo "kube/start: $*"; }

for b in "$BIN/kube-apiserver" "$BIN/kube-controller-manager" "$ETCD"; do
  [ -x "$b" ] || { echo "kube/start: missing $b; run scripts/kube/build.sh first" >&2; exit 1; }
done
# "state start-time" of a process, from /proc/PID/stat fields 3 and 22 (cut after the ")" that
# closes the name in field 2, so the state comes first and the start time is field 20).
proc_state() {
  local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  echo "${stat%% *} $(echo "$stat" | cut -d' ' -f20)"
}
running() {  # pid start-time: that very process, and not exited (a zombie)
  local state; state=$(proc_state "$1") || return 1
  [ "${state#* }" = "$2" ] && [ "${state%% *}" != Z ]
}
if [ -s "$DIR/pids" ]; then
  while read -r name pid started; do
    if running "$pid" "$started"; then
      echo "kube/start: $name (pid $pid) from $DIR is still running; run stop.sh $DIR first" >&2; exit 1
    fi
  done < "$DIR/pids"
fi
: > "$DIR/pids"
mkdir -p "$DIR/logs" "$DIR/pki" "$DIR/etcd"
chmod 700 "$DIR/pki" "$DIR/etcd"

# If anything below fails, stop whatever was started already.
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "kube/start: failed; stopping what was started (logs in $DIR/logs)" >&2
    "$HERE/stop.sh" "$DIR" >&2 || true
  fi
}
trap on_exit EXIT

# --- Free loopback ports: bind all at once on port 0 so that they are distinct -------------------
read -r ETCD_PORT ETCD_PEER_PORT API_PORT CM_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# --- Certificates and keys (openssl), made once per DIR ---------------------------------------
PKI=$DIR/pki
SERVICE_CIDR=10.0.0.0/24     # only a setting: no traffic goes there (no kube-proxy)
SERVICE_IP=10.0.0.1          # ClusterIP of the `kubernetes` Service, in the serving certificate
if [ ! -s "$PKI/apiserver.crt" ]; then
  log "making certificates in $PKI"
  ( cd "$PKI"
    openssl req -x509 -new -nodes -newkey rsa:2048 -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=sagetrain-local-ca" 2>/dev/null
    sign() {  # name subject extensions
      openssl req -new -nodes -newkey rsa:2048 -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      printf '%s\n' "$3" > "$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:$SERVICE_IP"
    # The apiserver presents this to kubelets (e.g. a test's fake kubelet serving pod logs).
    sign kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
    # Service-account tokens: the apiserver signs (private) and verifies (public); the
    # controller-manager's token controller signs the legacy token secrets with the private key.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 600 ./*.key )
fi
if [ ! -s "$PKI/front-proxy-ca.crt" ]; then
  # Only so that the apiserver publishes a request-header CA in kube-system/extension-apiserver-
  # authentication: without one the controller-manager logs an error about it every few seconds.
  openssl req -x509 -new -nodes -newkey rsa:2048 -keyout "$PKI/front-proxy-ca.key" -out "$PKI/front-proxy-ca.crt" \
    -days 3650 -subj "/CN=sagetrain-local-front-proxy-ca" 2>/dev/null
  chmod 600 "$PKI/front-proxy-ca.key"
fi
if [ ! -s "$DIR/tokens.csv" ]; then
  # Static token file: token,user,uid,"groups".  RBAC's bootstrap policy binds the user
  # system:kube-controller-manager to the role of the same name.
  ADMIN_TOKEN=$(openssl rand -hex 24)
  CM_TOKEN=$(openssl rand -hex 24)
  ( umask 077
    printf '%s,admin,admin,"system:masters"\n' "$ADMIN_TOKEN" > "$DIR/tokens.csv"
    printf '%s,system:kube-controller-manager,system:kube-controller-manager\n' "$CM_TOKEN" >> "$DIR/tokens.csv" )
fi
ADMIN_TOKEN=$(sed -n 's/,admin,admin,.*//p' "$DIR/tokens.csv")
CM_TOKEN=$(sed -n 's/,system:kube-controller-manager,.*//p' "$DIR/tokens.csv")
API_URL=https://127.0.0.1:$API_PORT

write_kubeconfig() {  # file user token
  ( umask 077
    cat > "$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $API_URL
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $2
  user:
    token: $3
contexts:
- name: local
  context: {cluster: local, user: $2}
current-context: local
KUBECONFIG
  )
}
write_kubeconfig "$DIR/kubeconfig" admin "$ADMIN_TOKEN"
write_kubeconfig "$DIR/controller-manager.kubeconfig" system:kube-controller-manager "$CM_TOKEN"

# --- Processes ----------------------------------------------------------------------------------
# Each runs in its own session (setsid execs in place, so $! is the process itself): a Ctrl-C or
# the end of the caller's shell does not reach it; stop.sh ends it by the pid recorded here, with
# its start time so that a recycled pid is never signalled.
launch() {  # name command...
  local name=$1; shift
  setsid "$@" > "$DIR/logs/$name.log" 2>&1 < /dev/null &
  local pid=$!
  local state; state=$(proc_state "$pid") || state="gone 0"
  echo "$name $pid ${state#* }" >> "$DIR/pids"
}
alive() {  # name
  local name pid started
  while read -r name pid started; do
    [ "$name" != "$1" ] || { running "$pid" "$started"; return; }
  done < "$DIR/pids"
  return 1
}

T0=$(date +%s.%N)
log "starting etcd on 127.0.0.1:$ETCD_PORT"
launch etcd "$ETCD" --name local --data-dir "$DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" \
  --logger zap --log-outputs stderr --log-level warn

log "starting kube-apiserver on $API_URL"
# shellcheck disable=SC2086   # extra args are meant to be word-split
launch kube-apiserver "$BIN/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --insecure-port=0 \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" --cert-dir="$DIR/pki" \
  --token-auth-file="$DIR/tokens.csv" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --authorization-mode=Node,RBAC \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-signing-key-file="$PKI/sa.key" --service-account-key-file="$PKI/sa.pub" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --endpoint-reconciler-type=none \
  --allow-privileged=true \
  --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultTolerationSeconds,ResourceQuota,Priority \
  --kubelet-client-certificate="$PKI/kubelet-client.crt" --kubelet-client-key="$PKI/kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --profiling=false \
  ${KUBE_APISERVER_EXTRA_ARGS:-}

# Ready when /readyz answers ok (needs etcd, and the bootstrap RBAC policy and priority classes).
deadline=$(( $(date +%s) + READY_TIMEOUT ))
until [ "$(curl -s --cacert "$PKI/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" "$API_URL/readyz" 2>/dev/null)" = ok ]; do
  alive etcd || { echo "kube/start: etcd exited; see $DIR/logs/etcd.log" >&2; exit 1; }
  alive kube-apiserver || { echo "kube/start: kube-apiserver exited; see $DIR/logs/kube-apiserver.log" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "kube/start: kube-apiserver not ready after ${READY_TIMEOUT}s" >&2; exit 1; }
  sleep 0.2
done
API_READY_SECONDS=$(python3 -c "import time; print(f'{time.time() - $T0:.1f}')")
log "kube-apiserver ready after ${API_READY_SECONDS}s"

log "starting kube-controller-manager (secure port 127.0.0.1:$CM_PORT)"
# shellcheck disable=SC2086
launch kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$CM_PORT" --port=0 --cert-dir="$DIR/pki/controller-manager" \
  --leader-elect=false \
  --use-service-account-credentials=true \
  --controllers='*' \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --profiling=false \
  ${KUBE_CONTROLLER_MANAGER_EXTRA_ARGS:-}

# Ready for pods when the `default` ServiceAccount exists and has its token secret (the
# ServiceAccount admission plugin rejects pods until then): proves the controllers run.
until [ -n "$("$KUBECTL" --kubeconfig "$DIR/kubeconfig" -n default get serviceaccount default \
                -o 'jsonpath={.secrets[0].name}' 2>/dev/null)" ]; do
  alive kube-controller-manager || { echo "kube/start: kube-controller-manager exited; see $DIR/logs/kube-controller-manager.log" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "kube/start: no default ServiceAccount after ${READY_TIMEOUT}s" >&2; exit 1; }
  sleep 0.3
done
READY_SECONDS=$(python3 -c "import time; print(f'{time.time() - $T0:.1f}')")

cat > "$DIR/env" <<ENV
# Written by scripts/kube/start.sh; source it: . $DIR/env
export KUBECONFIG=$DIR/kubeconfig
export KUBECTL=$KUBECTL
export KUBE_DIR=$DIR
export KUBE_API_URL=$API_URL
export KUBE_TOKEN=$ADMIN_TOKEN
export KUBE_CA_FILE=$PKI/ca.crt
export KUBE_API_PORT=$API_PORT
export KUBE_ETCD_URL=http://127.0.0.1:$ETCD_PORT
export KUBE_ETCD_PORT=$ETCD_PORT
export KUBE_CONTROLLER_MANAGER_PORT=$CM_PORT
export KUBE_KUBELET_CLIENT_CERT=$PKI/kubelet-client.crt
ENV
chmod 600 "$DIR/env"
log "cluster ready after ${READY_SECONDS}s (apiserver ${API_READY_SECONDS}s); . $DIR/env"
