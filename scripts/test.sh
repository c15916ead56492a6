#!/usr/bin/env bash
# The tests: Swift unit and component tests, then the end-to-end suite (real server, boto3, AWS CLI, SageMaker SDK).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
SCRATCH=()
[ -n "${SAGE_BUILD_DIR:-}" ] && SCRATCH=(--scratch-path "$SAGE_BUILD_DIR")

swift format lint --strict --recursive Sources Tests Package.swift   # the shared .swift-format configuration
swift build "${SCRATCH[@]}" --build-tests
swift test "${SCRATCH[@]}" --skip-build

export SAGE_SERVER_BIN="$(swift build "${SCRATCH[@]}" --show-bin-path)/sage-server"
export SAGE_TRAINER_BIN="$(swift build "${SCRATCH[@]}" --show-bin-path)/trainer"
export SAGE_SDK_PYTHON="$CACHE/venv-sdk/bin/python"
export PATH="$CACHE/venv-tests/bin:$PATH"
"$CACHE/venv-tests/bin/python" -m pytest -q Tests/e2e
