#!/usr/bin/env bash
# Stops the processes that scripts/kube/start.sh DIR started, and only those: each pid in DIR/pids
# is signalled only while its start time still matches (so a recycled pid is left alone).
# SIGTERM in reverse start order, then SIGKILL after $KUBE_STOP_TIMEOUT seconds (default 15).
# Usage: scripts/kube/stop.sh DIR
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 DIR" >&2; exit 2; fi
DIR=$1
TIMEOUT=${KUBE_STOP_TIMEOUT:-15}
[ -s "$DIR/pids" ] || { echo "kube/stop: nothing recorded in $DIR/pids"; exit 0; }

ours() {  # pid start-time: is it still the process we started, and not yet exited (a zombie)?
  local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }   # drop "pid (name) ", leaving "state ppid ..."; start time is then field 20
  [ "${stat%% *}" != Z ] && [ "$(echo "$stat" | cut -d' ' -f20)" = "$2" ]
}

# Reverse order: controller-manager, apiserver, then etcd.
mapfile -t entries < <(tac "$DIR/pids")
for entry in "${entries[@]}"; do
  read -r name pid started <<< "$entry"
  ours "$pid" "$started" || continue
  echo "kube/stop: stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + TIMEOUT ))
  while ours "$pid" "$started"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "kube/stop: $name (pid $pid) still running after ${TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$(( $(date +%s) + 5 ))   # SIGKILL cannot be ignored; just wait for the exit
      while ours "$pid" "$started" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
      break
    fi
    sleep 0.1
  done
done
: > "$DIR/pids"
