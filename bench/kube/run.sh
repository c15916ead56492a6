#!/usr/bin/env bash
# bench/kube/run.sh: the Kubernetes backend's control plane (sage-server --backend kube) against kubectl 1.20's
# watch (client-go), in one run, on the test cluster of scripts/kube (etcd, kube-apiserver 1.20,
# kube-controller-manager; no kubelet, no scheduler) with the API server's audit log on.
#
#   1. builds sage-server (release) in the project's .build;
#   2. starts the cluster with an audit policy (Metadata, ResponseComplete only) in a work dir under /tmp;
#   3. measure.py: applies deploy/, starts sage-server under the `sagetrain-server` ServiceAccount, creates and
#      completes BENCH_FINISHED jobs, creates BENCH_JOBS more and moves them one at a time to Training, idles,
#      moves them one at a time to Uploading, completes them. It plays the kubelet (binds pods, patches their
#      status, holds their log follows open) and times each status change as kubectl's watch prints it and as
#      DescribeTrainingJob shows it; the audit log gives the server's requests in every phase;
#   4. report.py: the table and the ratios ours/kubectl; results/<UTC timestamp>.json.
# Exits 0 whether targets pass or miss; non-zero only when a step breaks. The cluster is stopped on exit.
#
# Settings (environment): BENCH_FINISHED=1000 (jobs completed before the measurements) BENCH_JOBS=200 (jobs
# running during them, one latency sample each per transition) BENCH_IDLE_SECONDS=30 BENCH_POLL_MS=10 (Describe
# polling while a change is timed) BENCH_THREADS=8 (concurrent creates and patches) BENCH_SKIP_BUILD=1 (use the
# existing .build/release/sage-server) BENCH_KEEP=1 (keep the work dir: logs, audit log) SAGE_CACHE.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
FINISHED=${BENCH_FINISHED:-1000}
JOBS=${BENCH_JOBS:-200}
IDLE=${BENCH_IDLE_SECONDS:-30}
POLL_MS=${BENCH_POLL_MS:-10}
THREADS=${BENCH_THREADS:-8}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

PYTHON=$CACHE/venv-tests/bin/python
[ -x "$PYTHON" ] || fail "$PYTHON is missing: run scripts/setup.sh"
KUBE_BIN=${KUBE_BIN_DIR:-$CACHE/kube/bin}
for binary in kube-apiserver kube-controller-manager kubectl; do
  [ -x "$KUBE_BIN/$binary" ] || fail "$KUBE_BIN/$binary is missing: run scripts/kube/build.sh"
done
command -v etcd >/dev/null || [ -x "${ETCD_BIN:-}" ] || fail "etcd is missing (scripts/setup.sh installs it)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sagetrain-bench-kube.XXXXXX")
CLUSTER=$WORK/cluster
# shellcheck source=../lib/interruptible.sh
source "$HERE/../lib/interruptible.sh"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # measure.py stops sage-server, the kubectl watches and the kubelet itself on SIGTERM.
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  [ -s "$CLUSTER/pids" ] && { "$ROOT/scripts/kube/stop.sh" "$CLUSTER" >/dev/null 2>&1 || log "stop.sh failed"; }
  if [ "$status" != 0 ]; then
    for file in "$WORK"/*.log "$WORK"/server/server-*.log "$CLUSTER"/logs/*.log; do
      [ -f "$file" ] && { log "tail of $file:"; tail -n 5 "$file" >&2; }
    done
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap 'log "error: line $LINENO: \"$BASH_COMMAND\" failed"' ERR
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build -------------------------------------------------------------------------------------------------------
SERVER=$ROOT/.build/release/sage-server
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building sage-server (release)"
  interruptible swift build --package-path "$ROOT" -c release --product sage-server >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log" >&2; fail "the release build failed"; }
fi
[ -x "$SERVER" ] || fail "no sage-server at $SERVER"

# --- cluster, with the audit log ---------------------------------------------------------------------------------
# Metadata for every request, written once each, when its response is complete (watches and log follows: when
# they end). The log is never rotated during a run.
cat > "$WORK/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived", "ResponseStarted"]
rules:
  - level: Metadata
POLICY
log "starting the test cluster (audit log on)"
KUBE_APISERVER_EXTRA_ARGS="--audit-policy-file=$WORK/audit-policy.yaml --audit-log-path=$WORK/audit.log \
--audit-log-maxsize=0 --audit-log-maxbackup=0 --audit-log-mode=blocking" \
  interruptible "$ROOT/scripts/kube/start.sh" "$CLUSTER" >"$WORK/cluster-start.log" 2>&1 \
  || { tail -n 20 "$WORK/cluster-start.log" >&2; fail "the cluster did not start"; }

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
"$PYTHON" - "$WORK/meta.json" "$KUBE_BIN" "$COMMIT" <<'PY'
import json, os, subprocess, sys, time
out, kube_bin, commit = sys.argv[1:]
def version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "unknown"
json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count(),
           "commit": commit + " + working tree",
           "kubectl": version([os.path.join(kube_bin, "kubectl"), "version", "--client", "--short"]),
           "kube-apiserver": version([os.path.join(kube_bin, "kube-apiserver"), "--version"]),
           "etcd": version(["etcd", "--version"]),
           "loadavg_at_start": open("/proc/loadavg").read().split()[0]}, open(out, "w"))
PY

# --- measurements ------------------------------------------------------------------------------------------------
log "measuring: $FINISHED finished jobs, $JOBS running (progress below)"
interruptible "$PYTHON" "$HERE/measure.py" --cluster "$CLUSTER" --audit-log "$WORK/audit.log" --server-bin "$SERVER" \
  --work "$WORK" --output "$WORK/raw.json" --finished "$FINISHED" --running "$JOBS" --idle-seconds "$IDLE" \
  --poll-ms "$POLL_MS" --threads "$THREADS"

mkdir -p "$HERE/results"
"$PYTHON" "$HERE/report.py" "$WORK/raw.json" "$WORK/meta.json" "$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).json"
