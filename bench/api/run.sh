#!/usr/bin/env bash
# bench/api/run.sh: sagetrain's API server against moto_server, in one run, on loopback.
#
#   1. builds sage-server (release) and ratedload.c;
#   2. starts sagetrain (fresh state dir, no image map: every job fails at launch without running anything) and
#      moto_server, each on a free loopback port;
#   3. seeds BENCH_JOBS (10,000) training jobs into each with concurrent CreateTrainingJob calls (seed.py);
#   4. loads each with wrk (aws_json.lua): DescribeTrainingJob of a random job, ListTrainingJobs (MaxResults 100),
#      ListTrainingJobs (SortBy Name, NameContains), same connections and duration, servers alternating;
#   5. DescribeTrainingJob at a fixed rate, half of each server's wrk peak (ratedload, open loop);
#   6. CreateTrainingJob to the algorithm process running, on a second sagetrain with an image map, beside the
#      floor of starting the same process directly (create_latency.py);
#   7. prints the table, ratios and PASS/MISS per target (report.py) and writes results/latest.json.
# Exits 0 whether targets pass or miss; non-zero only when a step breaks. Both servers are stopped by pid on exit.
#
# Settings (environment): BENCH_JOBS=10000 BENCH_CONNECTIONS=8 BENCH_THREADS=2 BENCH_DURATION=10 (seconds per wrk
# run) BENCH_ROUNDS=1 (wrk rounds; medians are reported) BENCH_CREATE_COUNT=20 BENCH_SKIP_BUILD=1 (use the
# existing .build/release/sage-server) SAGE_CACHE (where scripts/setup.sh put the Python environments).
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${SAGE_CACHE:-$HOME/.cache/sagetrain}
JOBS=${BENCH_JOBS:-10000}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-1}
CREATE_COUNT=${BENCH_CREATE_COUNT:-20}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------------
# Debian's interpreter, not a pyenv shim: the image map runs the probe with it, and the floor is measured with it.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3) || fail "python3 is missing"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    log "installing wrk (Debian package)"
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk (scripts/setup.sh installs it)"
fi
command -v cc >/dev/null || fail "cc is missing: apt-get install build-essential"
MOTO=$CACHE/venv-tests/bin/moto_server
[ -x "$MOTO" ] || MOTO=$(command -v moto_server) \
  || fail "moto_server is missing: run scripts/setup.sh (or pip install \"moto[server]\")"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sagetrain-bench.XXXXXX")
RAW=$WORK/raw.txt
PIDS=()

stop_server() {  # pid: SIGTERM, up to 15 s, then SIGKILL; forgets the pid so that it is never signalled again
  local pid=$1 kept=() other
  for other in "${PIDS[@]}"; do [ "$other" = "$pid" ] || kept+=("$other"); done
  PIDS=("${kept[@]+"${kept[@]}"}")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck source=../lib/interruptible.sh
source "$HERE/../lib/interruptible.sh"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do stop_server "$pid"; done
  if [ "$status" != 0 ]; then
    for file in "$WORK"/*.log; do [ -f "$file" ] && { log "tail of $file:"; tail -n 5 "$file" >&2; }; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap 'log "error: line $LINENO: \"$BASH_COMMAND\" failed"' ERR
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# CPU accounting per load phase: this machine may be shared (other builds and tests), and 2 cores leave no slack.
# "other" is a lower bound of the CPU, in cores, that neither the server under test nor the load generator used
# during the phase: the larger of two under-estimates, (a) per-process times (precise) of the processes alive at the
# end of the phase, counted from the start of the phase or from their own start, and (b) the tick-sampled total of
# /proc/stat (which misses short bursts) less the server and the load generator.
HZ=$(getconf CLK_TCK)
proc_snapshot() {  # "pid starttime user+system" for every process
  # A process may exit between the glob and the read: cat then fails, which must not end the run.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{ pid = $1; sub(/^.*\) /, ""); print pid, $20, $12 + $13 }'
}
stat_busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
proc_jiffies() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_mark() {  # server-pid
  proc_snapshot >"$WORK/procs.before"
  MARK_STAT=$(stat_busy); MARK_SERVER=$(proc_jiffies "$1"); MARK_WALL=$(date +%s.%N)
}
cpu_account() {  # label server-pid load-generator-cpu-seconds: appends a "cpu" line to the raw results
  local stat server wall processes
  stat=$(stat_busy); server=$(proc_jiffies "$2"); wall=$(date +%s.%N)
  proc_snapshot >"$WORK/procs.after"
  processes=$(awk -v server="$2" 'NR == FNR { before[$1 " " $2] = $3; next }
    $1 != server { total += (($1 " " $2) in before) ? $3 - before[$1 " " $2] : $3 } END { print total + 0 }' \
    "$WORK/procs.before" "$WORK/procs.after")
  awk -v label="$1" -v p="$processes" -v t="$((stat - MARK_STAT))" -v s="$((server - MARK_SERVER))" -v hz="$HZ" \
    -v g="$3" -v w0="$MARK_WALL" -v w1="$wall" 'BEGIN {
      wall = w1 - w0; a = p / hz; b = (t - s) / hz - g; other = a > b ? a : b; if (other < 0) other = 0
      printf "cpu %s server_cores=%.2f loadgen_cores=%.2f other_cores=%.2f\n", label, s / hz / wall, g / wall, other / wall
    }' >>"$RAW"
}
timed() {  # command...: runs it, stdout through; its user+system CPU seconds go to $WORK/cpu-seconds
  local TIMEFORMAT='%U %S'
  local status=0
  { time interruptible "$@" 2>"$WORK/timed.err"; } 2>"$WORK/timed.cpu" || status=$?
  awk '{ print $1 + $2 }' "$WORK/timed.cpu" >"$WORK/cpu-seconds"
  return $status
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_sagetrain() {  # name [extra flags...]; sets URL
  local name=$1; shift
  mkdir -p "$WORK/$name-state"
  "$ROOT/.build/release/sage-server" --host 127.0.0.1 --port 0 --ready-file "$WORK/$name.ready" \
    --state-dir "$WORK/$name-state" --log-level warning "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 300); do
    [ -s "$WORK/$name.ready" ] && break
    kill -0 "$pid" 2>/dev/null || fail "$name exited at start"
    sleep 0.1
  done
  [ -s "$WORK/$name.ready" ] || fail "$name did not become ready in 30 s"
  URL=$(head -n 1 "$WORK/$name.ready")
  SERVER_PID=$pid
}

start_moto() {  # sets URL
  local port; port=$(free_port)
  "$MOTO" -H 127.0.0.1 -p "$port" >"$WORK/moto.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "moto_server exited at start"
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "moto_server did not listen in 30 s"
  URL=http://127.0.0.1:$port
  SERVER_PID=$pid
}

# --- build -------------------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building sage-server (release; waits if another build holds the lock)"
  interruptible swift build --package-path "$ROOT" -c release --product sage-server >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log" >&2; fail "the release build failed"; }
fi
[ -x "$ROOT/.build/release/sage-server" ] || fail "no .build/release/sage-server"
cc -O2 -Wall -o "$WORK/ratedload" "$HERE/ratedload.c" || fail "ratedload.c does not compile"

{
  echo "meta date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "meta cores $(nproc)"
  echo "meta loadavg_at_start $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
  echo "meta wrk $({ wrk -v 2>&1 || true; } | head -n 1 | cut -d' ' -f2)"  # wrk -v exits 1
  echo "meta moto $("$(dirname "$MOTO")/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo unknown)"
  echo "meta jobs $JOBS"
  echo "meta connections $CONNECTIONS"
  echo "meta threads $THREADS"
  echo "meta duration_s $DURATION"
  echo "meta rounds $ROUNDS"
} >"$RAW"

# --- servers and seeding -----------------------------------------------------------------------------------------
start_sagetrain sagetrain
SAGE_URL=$URL; SAGE_PID=$SERVER_PID
start_moto
MOTO_URL=$URL; MOTO_PID=$SERVER_PID
log "sagetrain at $SAGE_URL (pid $SAGE_PID), moto at $MOTO_URL (pid $MOTO_PID)"

log "seeding $JOBS jobs into sagetrain"
interruptible "$PYTHON" "$HERE/seed.py" --url "$SAGE_URL" --count "$JOBS" --concurrency 8 \
  --output-path "file://$WORK/output" --names-file "$WORK/names.txt" >"$WORK/seed.out"
echo "seed sagetrain $(cat "$WORK/seed.out")" >>"$RAW"
log "seeding $JOBS jobs into moto"
interruptible "$PYTHON" "$HERE/seed.py" --url "$MOTO_URL" --count "$JOBS" --concurrency 8 \
  --output-path "s3://bench/output" >"$WORK/seed.out"
echo "seed moto $(cat "$WORK/seed.out")" >>"$RAW"

# --- closed-loop load: wrk ---------------------------------------------------------------------------------------
run_wrk() {  # label server url mode seconds
  local output pid=$SAGE_PID
  [ "$2" = moto ] && pid=$MOTO_PID
  cpu_mark "$pid"
  timed wrk -t"$THREADS" -c"$CONNECTIONS" -d"$5s" --timeout 10s --latency -s "$HERE/aws_json.lua" "$3" \
    -- "$4" "$WORK/names.txt" >"$WORK/wrk.out" || fail "wrk failed against $2: $(cat "$WORK/timed.err")"
  cpu_account "wrk $4 $2 $1" "$pid" "$(cat "$WORK/cpu-seconds")"
  output=$(cat "$WORK/wrk.out")
  grep -q '^BENCH ' <<<"$output" || fail "wrk printed no result against $2: $output"
  echo "wrk $4 $2 $1 $(grep '^BENCH ' <<<"$output")" >>"$RAW"
}
log "warming up both servers (2 s of Describe each, not counted)"
run_wrk warmup sagetrain "$SAGE_URL" describe 2
run_wrk warmup moto "$MOTO_URL" describe 2
for round in $(seq "$ROUNDS"); do
  for mode in describe list list-name; do
    log "round $round/$ROUNDS: $mode, $DURATION s each, $CONNECTIONS connections"
    run_wrk "$round" sagetrain "$SAGE_URL" "$mode" "$DURATION"
    run_wrk "$round" moto "$MOTO_URL" "$mode" "$DURATION"
  done
done

# --- open-loop load: Describe at half of each server's peak ------------------------------------------------------
half_peak() {  # server: half of its median wrk Describe rate
  grep "^wrk describe $1 [0-9]" "$RAW" | sed 's/.* rps=\([0-9.]*\).*/\1/' | sort -n \
    | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d\n", m / 2 }'
}
SAGE_RATE=$(half_peak sagetrain); MOTO_RATE=$(half_peak moto)
[ "$SAGE_RATE" -ge 1 ] && [ "$MOTO_RATE" -ge 1 ] || fail "no Describe peak"
for round in $(seq "$ROUNDS"); do
  for server in sagetrain moto; do
    url=$SAGE_URL; pid=$SAGE_PID; rate=$SAGE_RATE
    [ "$server" = moto ] && { url=$MOTO_URL; pid=$MOTO_PID; rate=$MOTO_RATE; }
    log "round $round/$ROUNDS: Describe at a fixed $rate requests/s on $server (half its peak), $DURATION s + 1 s warm-up"
    cpu_mark "$pid"
    # ratedload exits 1 when the server falls behind; the figures still count.
    timed "$WORK/ratedload" -u "$url" -r "$rate" -d "$((DURATION + 1))" -w 1 -c "$CONNECTIONS" \
      -n "$WORK/names.txt" >"$WORK/rated.out" || true
    cpu_account "rated describe $server $round" "$pid" "$(cat "$WORK/cpu-seconds")"
    output=$(cat "$WORK/rated.out")
    grep -q '^RATEDLOAD ' <<<"$output" || fail "ratedload printed no result against $server: $(cat "$WORK/timed.err")"
    echo "rated describe $server $round $output" >>"$RAW"
  done
done

# The load servers are done: stop them before the latency part, so they take no CPU from it.
stop_server "$MOTO_PID"; stop_server "$SAGE_PID"

# --- CreateTrainingJob to the algorithm running ------------------------------------------------------------------
printf '{"images": {"bench-probe:latest": {"entrypoint": ["%s", "%s"]}}}\n' "$PYTHON" "$HERE/probe.py" \
  >"$WORK/image-map.json"
start_sagetrain sagetrain-probe --image-map "$WORK/image-map.json"
log "CreateTrainingJob to algorithm running: $CREATE_COUNT jobs on $URL, alternating with direct starts"
interruptible "$PYTHON" "$HERE/create_latency.py" --url "$URL" --python "$PYTHON" --probe "$HERE/probe.py" \
  --work "$WORK/probe" --count "$CREATE_COUNT" >"$WORK/create.out"
echo "create sagetrain $(cat "$WORK/create.out")" >>"$RAW"
stop_server "$SERVER_PID"

# --- report ------------------------------------------------------------------------------------------------------
mkdir -p "$HERE/results"
cp "$RAW" "$HERE/results/latest-raw.txt"
"$PYTHON" "$HERE/report.py" "$RAW" --json "$HERE/results/latest.json"
