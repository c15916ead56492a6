#!/usr/bin/env bash
# The tests: Swift unit and component tests, then the end-to-end suite (real server, boto3, AWS CLI, SageMaker SDK).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A real kube-apiserver and controller-manager for the Kubernetes tests, built once from Debian's source package
# (about 9 minutes the first time, cached under ~/.cache/sagetrain/kube/bin afterwards).
bash scripts/kube/build.sh
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
SCRATCH=()
[ -n "${SAGE_BUILD_DIR:-}" ] && SCRATCH=(--scratch-path "$SAGE_BUILD_DIR")

swift format lint --strict --recursive Sources Tests Package.swift   # the shared .swift-format configuration
swift build "${SCRATCH[@]}" --build-tests
# One test at a time: the trainer's tests keep both cores busy with libtorch, and the transport, retry and watch
# tests measure time; in parallel on a 2-core machine they starve each other (about 2.5 minutes serially).
SAGE_WEED_BIN="$CACHE/venv-tests/bin/weed" swift test "${SCRATCH[@]}" --skip-build \
  --experimental-maximum-parallelization-width 1

export SAGE_SERVER_BIN="$(swift build "${SCRATCH[@]}" --show-bin-path)/sage-server"
export SAGE_TRAINER_BIN="$(swift build "${SCRATCH[@]}" --show-bin-path)/trainer"
export SAGE_S3_BIN="$(swift build "${SCRATCH[@]}" --show-bin-path)/s3"
export SAGE_WEED_BIN="$CACHE/venv-tests/bin/weed"   # SeaweedFS, the real S3 server of the tests
export SAGE_SDK_PYTHON="$CACHE/venv-sdk/bin/python"
export PATH="$CACHE/venv-tests/bin:$PATH"
"$CACHE/venv-tests/bin/python" -m pytest -q Tests/e2e
