#!/usr/bin/env bash
# Puts a kubectl that matches the test apiserver (Debian's kubernetes-client, 1.20.2) into the cache bin dir beside
# kube-apiserver ($SAGE_CACHE/kube/bin/kubectl, default ~/.cache/sagetrain/kube/bin/kubectl) and prints its path.
# The package is only downloaded and unpacked, never installed: the machine may have another /usr/bin/kubectl
# (e.g. google-cloud-sdk's) that an installed kubernetes-client would conflict with.
# Idempotent: exits at once when the binary is already there.
set -euo pipefail

CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
BIN=$CACHE/kube/bin
KUBECTL=$BIN/kubectl

if [ -x "$KUBECTL" ]; then
  echo "$KUBECTL"
  exit 0
fi

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
log() { echo "kube/kubectl: $*" >&2; }

mkdir -p "$BIN"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# `apt-get download` needs the package indexes; fetch them once if this machine has none yet.
if ! apt-get download kubernetes-client >/dev/null 2>&1; then
  log "apt-get update"
  $SUDO apt-get update -qq
  apt-get download kubernetes-client >/dev/null
fi
deb=$(ls ./kubernetes-client_*.deb)
log "unpacking $(basename "$deb")"
dpkg-deb -x "$deb" root
[ -x root/usr/bin/kubectl ] || { log "usr/bin/kubectl not found in $deb"; exit 1; }
install -m 0755 root/usr/bin/kubectl "$KUBECTL.tmp" && mv "$KUBECTL.tmp" "$KUBECTL"
log "$("$KUBECTL" version --client --short 2>/dev/null || true)"
echo "$KUBECTL"
