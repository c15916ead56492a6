#!/usr/bin/env bash
# Builds a static libcurl with HTTP and HTTPS only, from Debian's own curl source package (the version of the
# installed libcurl4-openssl-dev, Debian's patches applied), as `libcurl-minimal.a`, and prints its directory on its
# last line:
#
#   LIB=$(scripts/build-minimal-libcurl.sh | tail -n1)
#   SAGETRAIN_MINIMAL_LIBCURL=1 swift build -c release --product s3 --static-swift-stdlib -Xlinker -L"$LIB"
#
# Why: Debian's shared libcurl pulls in ~30 libraries the S3 client never uses (LDAP, SASL, Kerberos, GnuTLS via
# RTMP, SSH2, PSL, IDN2, brotli, zstd, nghttp2); loading and binding them costs the `s3` command ~5 ms of CPU per
# start (12.5 -> 7.5 ms for `s3 --help`). Release builds of `s3` (bench/s3/run.sh) link this archive instead:
# with SAGETRAIN_MINIMAL_LIBCURL=1 Package.swift links `curl-minimal` (a name of its own, so the linker cannot pick
# the system's libcurl.so from an earlier search directory). Development builds and the tests use the system's.
#
# The same TLS setup as Debian's libcurl: OpenSSL, CA path /etc/ssl/certs and bundle
# /etc/ssl/certs/ca-certificates.crt, the threaded resolver; zlib for Content-Encoding. HTTP/2 is left out (the
# clients speak HTTP/1.1 to S3). The write callback gets the body in pieces of up to 128 KiB instead of 16 KiB
# (CURL_MAX_WRITE_SIZE, which curl.h leaves to be set at build time): HTTPTransport then writes downloads to their
# files straight from curl's buffer instead of gathering 16 KiB pieces into 128 KiB writes, one copy fewer.
# Idempotent: exits at once when the archive for this version and these settings exists. Cached under
# $SAGE_CACHE/libcurl-minimal/<Debian version>-<settings hash> (~1 MB; the build tree is removed). About 35 s.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
log() { echo "build-minimal-libcurl: $*" >&2; }
trap 'log "error: line $LINENO: \"$BASH_COMMAND\" failed"' ERR

VERSION=$(dpkg-query -W -f='${Version}' libcurl4-openssl-dev 2>/dev/null) ||
  { log "libcurl4-openssl-dev is not installed (scripts/setup.sh installs it)"; exit 1; }
CONFIGURE=(--disable-shared --enable-static --with-pic
  --with-openssl --with-zlib --enable-threaded-resolver
  --with-ca-path=/etc/ssl/certs --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt
  --without-brotli --without-zstd --without-libpsl --without-libidn2 --without-nghttp2 --without-libssh2
  --without-libssh --without-librtmp --without-gssapi --without-libgsasl
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3
  --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt --disable-ftp --disable-file
  --disable-ntlm --disable-manual --disable-docs)
CPPFLAGS_MINIMAL="-DCURL_MAX_WRITE_SIZE=131072"
SETTINGS=$(printf '%s\n' "${CONFIGURE[@]}" "$CPPFLAGS_MINIMAL" | sha256sum | cut -c1-12)
PREFIX=$CACHE/libcurl-minimal/$VERSION-$SETTINGS
ARCHIVE=$PREFIX/lib/libcurl-minimal.a
if [ -s "$ARCHIVE" ]; then
  echo "$PREFIX/lib"
  exit 0
fi

# shellcheck source=lib/debian-source.sh
source "$HERE/lib/debian-source.sh"
ensure_debian_sources dpkg-dev make gcc libssl-dev zlib1g-dev

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sagetrain-libcurl.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
log "downloading Debian's curl $VERSION source package"
apt-get source --download-only "curl=$VERSION" >/dev/null 2>&1 ||
  { log "apt-get source curl=$VERSION failed"; exit 1; }
dpkg-source --no-check -x curl_*.dsc tree >/dev/null
cd tree

log "configuring (HTTP and HTTPS over OpenSSL)"
CPPFLAGS="$CPPFLAGS_MINIMAL" ./configure --prefix="$PREFIX" "${CONFIGURE[@]}" >"$WORK/configure.log" 2>&1 ||
  { tail -n 20 "$WORK/configure.log" >&2; log "configure failed"; exit 1; }

log "building libcurl.a"
make -C lib -j"$(nproc)" >"$WORK/make.log" 2>&1 || { tail -n 20 "$WORK/make.log" >&2; log "make failed"; exit 1; }
rm -rf "$PREFIX"
make -C lib install >/dev/null
make -C include install >/dev/null
mv "$PREFIX/lib/libcurl.a" "$ARCHIVE"
rm -f "$PREFIX/lib/libcurl.la"
rm -rf "$PREFIX/lib/pkgconfig"
# The Swift shim compiles against the system's curl headers: they must be this very version.
installed=$(sed -n 's/^#define LIBCURL_VERSION "\(.*\)"/\1/p' "$PREFIX/include/curl/curlver.h")
system=$(curl-config --version | sed 's/^libcurl //')
[ "$installed" = "$system" ] || { log "built $installed, but the system headers are $system"; exit 1; }
log "libcurl $installed (Debian $VERSION): $ARCHIVE"
echo "$PREFIX/lib"
