# scripts/lib/debian-source.sh: sourced by build scripts that need `apt-get source`.
#
#   ensure_debian_sources PACKAGE...
#
# Adds deb-src entries (the same mirrors, suites and keys as the binary entries, only the type changed) when none
# exist, installs the named Debian packages that are missing, and runs `apt-get update` when either changed or no
# source index is there yet (without one `apt-get source` finds nothing). Needs root or sudo. Expects `log`.

ensure_debian_sources() {
  local sudo="" need_update=0 package
  local missing=()
  local list=/etc/apt/sources.list.d/sagetrain-deb-src.sources
  [ "$(id -u)" = 0 ] || sudo=sudo
  if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding deb-src entries to $list"
    sed 's/^Types: *deb *$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$list" >/dev/null
    need_update=1
  fi
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "$need_update" = 1 ] || [ ${#missing[@]} -gt 0 ] || ! ls /var/lib/apt/lists/*_source_Sources* >/dev/null 2>&1
  then
    log "apt-get update"
    $sudo apt-get update -qq
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}
