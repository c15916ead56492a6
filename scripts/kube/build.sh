#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager from Debian's kubernetes source package
# (1.20, vendored) and caches them under $SAGE_CACHE/kube/bin (default ~/.cache/sagetrain/kube/bin),
# beside a matching kubectl (scripts/kube/kubectl.sh: Debian's kubernetes-client, unpacked, not installed).
# Idempotent: exits at once when both binaries, their version stamp and kubectl are already there.
#
# Layout under $SAGE_CACHE/kube:
#   bin/kube-apiserver, bin/kube-controller-manager, bin/VERSION   the result (about 230 MB)
#   bin/kubectl                                                    the matching client (scripts/kube/kubectl.sh)
#   src/                                                           the downloaded source package (~34 MB, kept)
#   src/build/                                                     extracted tree + Go cache (~2.5 GB), removed
#                                                                  after a successful build; kept after a failure
#                                                                  so that a re-run resumes with a warm Go cache.
# The big tree is removed because nothing else needs it: the tests only run the two binaries, and a
# rebuild (only when the binaries are missing) re-extracts the kept source package in seconds.
#
# Needs root (or sudo) for apt-get; takes about 8 minutes on 2 idle cores, 1.4 GB RAM per compile.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
KUBE=$CACHE/kube
BIN=$KUBE/bin
SRC=$KUBE/src
BUILD=$SRC/build

if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -s "$BIN/VERSION" ]; then
  echo "kube/build: cached $(cat "$BIN/VERSION") binaries in $BIN"
  bash "$HERE/kubectl.sh" >/dev/null
  exit 0
fi

log() { echo "kube/build: $*"; }

# --- 1. Debian packages, and a deb-src entry so that `apt-get source` works -------------------
# shellcheck source=../lib/debian-source.sh
source "$HERE/../lib/debian-source.sh"
ensure_debian_sources golang-go etcd-server openssl make rsync dpkg-dev curl ca-certificates python3

# --- 2. The source package (kept: small), extracted into a fresh tree ---------------------------
mkdir -p "$SRC" "$BIN"
cd "$SRC"
if ! ls kubernetes_*.dsc >/dev/null 2>&1; then
  log "downloading the kubernetes source package"
  apt-get source --download-only kubernetes
fi
# shellcheck disable=SC2012   # names are Debian's: kubernetes_VERSION.dsc
DSC=$(ls -t kubernetes_*.dsc | head -n1)
VERSION=$(sed -n 's/^Version: *//p' "$DSC")
log "source package $DSC (version $VERSION)"

TREE=$BUILD/k8s
if [ ! -f "$BUILD/.extracted-$VERSION" ]; then
  rm -rf "$BUILD"; mkdir -p "$BUILD"
  log "extracting into $TREE"
  dpkg-source --no-check -x "$DSC" "$TREE" >/dev/null
  touch "$BUILD/.extracted-$VERSION"
fi

# --- 3. reflect2 1.0.1 (vendored) crashes under Go >= 1.18; use Debian's 1.0.2 ----------------
# (SIGSEGV in reflect2's map iteration the first time the apiserver pretty-prints JSON.)
R2_VENDOR=$TREE/vendor/github.com/modern-go/reflect2
if [ ! -f "$BUILD/.reflect2-patched" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download golang-github-modern-go-reflect2-dev >/dev/null && dpkg-deb -x ./*.deb root)
  R2_NEW=$tmp/root/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -f "$R2_NEW/reflect2.go" ] || { echo "kube/build: reflect2 sources not found in the package" >&2; exit 1; }
  # Replace the Go and assembly files only (1.0.2 dropped some 1.0.1 files, e.g. go_below_17.go,
  # whose leftovers would redeclare symbols); BUILD and LICENSE stay.
  rm -f "$R2_VENDOR"/*.go "$R2_VENDOR"/*.s
  cp "$R2_NEW"/*.go "$R2_NEW"/*.s "$R2_VENDOR"/
  rm -f "$R2_VENDOR"/*_test.go
  log "replaced vendored reflect2 with Debian's $(dpkg-deb -f "$tmp"/*.deb Version)"
  rm -rf "$tmp"
  touch "$BUILD/.reflect2-patched"
fi

# --- 4. Build (GOPATH mode, as Kubernetes 1.20's own make does; -mod=vendor does not work) --------
log "building kube-apiserver and kube-controller-manager (about 8 minutes on 2 cores)"
start=$(date +%s)
cd "$TREE"
# GOCACHE inside the build tree: warm for a re-run after a failure, removed with the tree on success.
env -u GOFLAGS CGO_ENABLED=0 GOPROXY=off GOCACHE="$BUILD/gocache" \
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"
log "build took $(( $(date +%s) - start )) s"

OUT=$TREE/_output/bin
for b in kube-apiserver kube-controller-manager; do
  install -m 0755 "$OUT/$b" "$BIN/$b.tmp" && mv "$BIN/$b.tmp" "$BIN/$b"
done
echo "$VERSION" > "$BIN/VERSION"
"$BIN/kube-apiserver" --version

# --- 5. Drop the 2.5 GB tree and Go cache; keep the binaries and the source package ------------
rm -rf "$BUILD"
bash "$HERE/kubectl.sh" >/dev/null
log "binaries in $BIN"
