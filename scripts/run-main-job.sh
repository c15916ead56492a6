#!/usr/bin/env bash
# The main job: install what is missing, build, start the server on the local backend, train the libtorch CNN on
# Fashion-MNIST through the SageMaker API (boto3, samples/train_with_boto3.py), wait, print the test accuracy and the
# model's location.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
swift build --product sage-server
swift build --product sage-runtime             # stages inputs and stores outputs around each job, beside sage-server
swift build -c release --product trainer   # samples/image-map.json maps trainer:latest to .build/release/trainer
BIN="$(swift build --show-bin-path)/sage-server"

STATE=${SAGE_STATE_DIR:-$PWD/.state}
mkdir -p "$STATE"
READY="$STATE/ready"
rm -f "$READY"
"$BIN" --port 0 --ready-file "$READY" --state-dir "$STATE" --image-map samples/image-map.json \
  --stop-grace-seconds 10 >"$STATE/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$READY" ] && break; kill -0 $SERVER || { cat "$STATE/server.log"; exit 1; }; sleep 0.1; done
ENDPOINT=$(cat "$READY")
echo "sagetrain is listening at $ENDPOINT (state in $STATE, server log in $STATE/server.log)"

"$CACHE/venv-tests/bin/python" samples/train_with_boto3.py --endpoint "$ENDPOINT" --output "file://$STATE/output"
