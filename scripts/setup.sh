#!/usr/bin/env bash
# Installs what building, running and testing sagetrain needs on Debian bookworm; safe to run again.
#   - Debian packages (apt-get; run as root or with sudo available)
#   - Python environments for the end-to-end tests and the SageMaker SDK, under $SAGE_CACHE (~/.cache/sagetrain)
# Swift itself (6.1 or newer) must already be installed: https://www.swift.org/install/linux/
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
mkdir -p "$CACHE"

APT_PACKAGES=(
  build-essential pkg-config libssl-dev      # build: libcrypto for SigV4
  libcurl4-openssl-dev libxml2-dev           # build: the S3 client's transport and XML (S3Client)
  python3 python3-venv python3-pip           # samples and tests
  tar gzip curl ca-certificates time         # model packaging, scripts; GNU time measures peak RSS in tests
  wrk                                        # bench/api
  libtorch-dev libgloo-dev libopenblas0-pthread zlib1g-dev libpng-dev libjpeg-dev libcurl4   # the trainer (CTorch)
  python3-torch dataset-fashion-mnist        # model check with Debian's PyTorch; Fashion-MNIST data
)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null; then
  echo "setup: Swift is not installed; install Swift 6.1 or newer from https://www.swift.org/install/linux/" >&2
  exit 1
fi

# A virtual environment from Debian's Python, rebuilt when its requirements change.
make_venv() {  # name requirements-file [pip options]
  local venv="$CACHE/$1" requirements=$2; shift 2
  local stamp; stamp=$(sha256sum "$requirements" | cut -c1-16)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements" 2>/dev/null)" = "$stamp" ]; then return; fi
  echo "setup: creating $venv from $requirements"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$@" -r "$requirements"
  echo "$stamp" > "$venv/.requirements"
}
make_venv venv-tests requirements/tests.txt
make_venv venv-sdk requirements/sdk-lock.txt --no-deps
echo "setup: done (Python environments in $CACHE)"
