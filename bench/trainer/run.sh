#!/usr/bin/env bash
# bench/trainer/run.sh: the libtorch CNN trainer against Python PyTorch on the same libtorch, and against the
# original project's style of trainer, in one run on this machine.
#
#   1. builds the release trainer (swift build -c release --product trainer);
#   2. measures the machine's GEMM peak at the same thread count (gemm_peak.py: libtorch's BLAS GEMM as it comes,
#      the same OpenBLAS with an AVX-512 kernel, and oneDNN);
#   3. BENCH_ROUNDS rounds (default 3), each: our trainer (world size 1: 2 threads, batch 64) -> Python PyTorch on
#      the same library (pytorch_same_library.py) -> our trainer at world size 2 (two processes on loopback Gloo,
#      1 thread and per-rank batch 32 each) -> the seed-style trainer (seed_style.py: per-sample transform
#      Dataset + DataLoader). Same CNN, Adam lr 1e-3, seed, normalisation and data: the first BENCH_SAMPLES
#      (10,000) Fashion-MNIST training samples, 1 epoch, tested on the 10,000 test samples;
#   4. prints the table, the ratios and PASS/MISS per target (report.py) and writes results/latest.json.
#
#   run.sh --full    our trainer only: 3 epochs on the full 60,000 samples, each epoch's test accuracy (the
#                    accuracy target, >= 91%); about 5-6 minutes on a quiet 2-core machine. Writes results/full.json.
#
# Every step records how much CPU other processes took meanwhile (measure.py); the report marks disturbed steps.
# Exits 0 whether targets pass or miss; non-zero only when a step breaks. Processes are stopped by pid on exit.
#
# Settings (environment): BENCH_ROUNDS=3 BENCH_SAMPLES=10000 BENCH_EPOCHS=1 BENCH_THREADS=2 BENCH_SEED=1
# BENCH_SKIP_BUILD=1 (use the existing .build/release/trainer) BENCH_DATA=/usr/share/datasets/fashion-mnist
# BENCH_SKIP_SEED=1 (leave the seed-style runs out) BENCH_KEEP=1 (keep the temp dir) BENCH_OPENBLAS_CORETYPE=X
# (exported as OPENBLAS_CORETYPE to every step. Default `auto`: the kernel our trainer picks for itself on this CPU
# (Sources/Trainer/Torch/BLASKernel.swift: SkylakeX or Haswell when Debian's OpenBLAS falls back to a generic
# one), given to every step so that all of them run the same BLAS; `default`: each as shipped, ours picking its
# kernel and the Python trainers getting OpenBLAS's own choice)
# BENCH_JSON=results/latest.json (where the default mode's JSON goes). Every step inherits this environment.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=default
for arg in "$@"; do
  case $arg in
    --full) MODE=full ;;
    -h|--help) sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
ROUNDS=${BENCH_ROUNDS:-3}
SAMPLES=${BENCH_SAMPLES:-10000}
EPOCHS=${BENCH_EPOCHS:-1}
THREADS=${BENCH_THREADS:-2}
SEED=${BENCH_SEED:-1}
DATA=${BENCH_DATA:-/usr/share/datasets/fashion-mnist}
ECHO=                            # measure.py --echo: the log lines shown live (full mode)
PYTHON=/usr/bin/python3          # Debian's interpreter: python3-torch is installed for it only
TRAINER=$ROOT/.build/release/trainer
CORETYPE=${BENCH_OPENBLAS_CORETYPE:-auto}
if [ "$CORETYPE" = auto ]; then
  # The same rule as BLASKernel.swift: only when OpenBLAS fell back to a generic kernel.
  CORETYPE=$("$PYTHON" - <<'PY'
import ctypes, os
try:
    name = ctypes.CDLL("libblas.so.3").openblas_get_corename
    name.restype = ctypes.c_char_p
    core = name().decode()
except (OSError, AttributeError):
    core = ""
flags = set(next((l for l in open("/proc/cpuinfo") if l.startswith("flags")), "").split(":")[-1].split())
if os.environ.get("OPENBLAS_CORETYPE"):
    print(os.environ["OPENBLAS_CORETYPE"])
elif core in {"Prescott", "Core2", "Nehalem", "Sandybridge", "generic"}:
    print("SkylakeX" if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags
          else "Haswell" if {"avx2", "fma"} <= flags else "")
PY
)
fi
if [ -n "$CORETYPE" ] && [ "$CORETYPE" != default ]; then export OPENBLAS_CORETYPE=$CORETYPE; fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# --- checks --------------------------------------------------------------------------------------------------------
[ -x "$PYTHON" ] || fail "$PYTHON is missing"
"$PYTHON" -c 'import torch, numpy' 2>/dev/null \
  || fail "$PYTHON cannot import torch and numpy: apt-get install python3-torch (Debian's PyTorch on the same libtorch)"
for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz
do
  [ -f "$DATA/$name" ] || fail "$DATA/$name is missing: apt-get install dataset-fashion-mnist (or set BENCH_DATA)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sagetrain-trainer-bench.XXXXXX")
RESULTS=$WORK/results
mkdir -p "$RESULTS"
# shellcheck source=../lib/interruptible.sh
source "$HERE/../lib/interruptible.sh"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD" ]; then  # measure.py stops its own children (by pid) on SIGTERM
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  if [ "$status" != 0 ]; then
    for file in "$RESULTS"/*.log; do [ -f "$file" ] && { log "tail of $file:"; tail -n 8 "$file" >&2; }; done
  fi
  if [ -n "${BENCH_KEEP:-}" ] || [ "$status" != 0 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build ---------------------------------------------------------------------------------------------------------
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  log "building the release trainer"
  (cd "$ROOT" && swift build -c release --product trainer >"$WORK/build.log" 2>&1) \
    || { tail -n 30 "$WORK/build.log" >&2; fail "swift build failed"; }
fi
[ -x "$TRAINER" ] || fail "$TRAINER is missing (build it, or unset BENCH_SKIP_BUILD)"

# --- SageMaker trees -----------------------------------------------------------------------------------------------
mkdir -p "$WORK/data"
for file in "$DATA"/*-ubyte.gz; do ln -s "$file" "$WORK/data/"; done

tree() {  # dir host hosts-json hyperparameters-json: a fresh SageMaker-style ML root
  local dir=$1
  mkdir -p "$dir/input/config" "$dir/input/data"
  ln -s "$WORK/data" "$dir/input/data/training"
  printf '{"current_host":"%s","hosts":%s}\n' "$2" "$3" >"$dir/input/config/resourceconfig.json"
  printf '%s\n' "$4" >"$dir/input/config/hyperparameters.json"
}
hyperparameters() {  # batch threads epochs samples: all values strings, as SageMaker writes them
  printf '{"epochs":"%s","batch_size":"%s","dataset_size":"%s","num_threads":"%s","seed":"%s","optimizer":"adam",'\
'"lr":"0.001","test_batch_size":"1000","log_interval":"50","mnist_download":"false"}' "$3" "$1" "$4" "$2" "$SEED"
}
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
measure() {  # label -- command...
  local label=$1; shift 2
  interruptible "$PYTHON" "$HERE/measure.py" --label "$label" --out "$RESULTS/$label.measure.json" \
    --log "$RESULTS/$label.log" --timeout 1800 ${ECHO:+--echo "$ECHO"} -- "$@" \
    || fail "$label failed (exit $?): see $RESULTS/$label.log"
}

ours() {  # label world_size threads batch epochs samples
  local label=$1 world=$2 threads=$3 batch=$4 epochs=$5 samples=$6 params rank dir commands=()
  params=$(hyperparameters "$batch" "$threads" "$epochs" "$samples")
  if [ "$world" = 1 ]; then
    dir=$WORK/runs/$label
    tree "$dir" algo-1 '["algo-1"]' "$params"
    commands=("SAGEMAKER_BASE_DIR=$dir" "$TRAINER")
  else
    local port hosts=() hosts_json
    port=$(free_port)
    for rank in $(seq 1 "$world"); do hosts+=("\"algo-$rank\""); done
    hosts_json="[$(IFS=,; echo "${hosts[*]}")]"
    for rank in $(seq 0 $((world - 1))); do
      dir=$WORK/runs/$label/algo-$((rank + 1))
      tree "$dir" "algo-$((rank + 1))" "$hosts_json" "$params"
      [ "$rank" = 0 ] || commands+=(--and)
      commands+=("SAGEMAKER_BASE_DIR=$dir" "WORLD_SIZE=$world" "RANK=$rank" "MASTER_ADDR=127.0.0.1"
                 "MASTER_PORT=$port" "$TRAINER")
    done
    dir=$WORK/runs/$label/algo-1
  fi
  measure "$label" -- "${commands[@]}"
  cp "$dir/output/data/metrics.json" "$RESULTS/$label.json" || fail "$label wrote no metrics.json"
}
python_runner() {  # label script
  measure "$1" -- "$PYTHON" "$HERE/$2" --data "$WORK/data" --samples "$SAMPLES" --epochs "$EPOCHS" \
    --batch-size 64 --threads "$THREADS" --seed "$SEED" --lr 0.001 --out "$RESULTS/$1.json"
}
figure() {  # json-file: the epoch line of a result
  "$PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1])); e = r["epochs"][-1]
print("samples/s %.1f, epoch %.2f s, test accuracy %.2f%%" % (e["samples_per_second"], e["seconds"], 100 * e["test_accuracy"]))' "$1"
}

# --- full mode -----------------------------------------------------------------------------------------------------
if [ "$MODE" = full ]; then
  log "full run: our trainer, 3 epochs on all 60,000 training samples, $THREADS threads, batch 64 (about 5-6 minutes)"
  ECHO='^epoch=|Test Accuracy|Epoch [0-9]+/'
  ours full-ours 1 "$THREADS" 64 3 0
  mkdir -p "$HERE/results"
  "$PYTHON" "$HERE/report.py" --mode full --results "$RESULTS" --json "$HERE/results/full.json"
  exit 0
fi

# --- default mode --------------------------------------------------------------------------------------------------
log "work dir $WORK; $ROUNDS rounds of $SAMPLES samples x $EPOCHS epoch(s); $THREADS threads; seed $SEED"
log "GEMM peak ($THREADS threads, 2048x2048 float32)"
measure gemm -- "$PYTHON" "$HERE/gemm_peak.py" --n 2048 --threads "$THREADS" --out "$RESULTS/gemm.json"
"$PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1]))
print("  " + ", ".join("%s %.1f GFLOP/s" % kv for kv in r["gflops"].items() if kv[1]) + "; OpenBLAS kernel: %s" % (r["openblas"] or {}).get("core"))' "$RESULTS/gemm.json" >&2
for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: ours (world size 1, $THREADS threads, batch 64)"
  ours "r$round-ours" 1 "$THREADS" 64 "$EPOCHS" "$SAMPLES"
  log "  $(figure "$RESULTS/r$round-ours.json")"
  log "round $round/$ROUNDS: Python PyTorch, same library"
  python_runner "r$round-python" pytorch_same_library.py
  log "  $(figure "$RESULTS/r$round-python.json")"
  log "round $round/$ROUNDS: ours, world size 2 (1 thread and batch 32 per rank)"
  ours "r$round-ours-ws2" 2 1 32 "$EPOCHS" "$SAMPLES"
  log "  $(figure "$RESULTS/r$round-ours-ws2.json")"
  if [ -z "${BENCH_SKIP_SEED:-}" ]; then
    log "round $round/$ROUNDS: seed-style (per-sample transform Dataset + DataLoader)"
    python_runner "r$round-seed" seed_style.py
    log "  $(figure "$RESULTS/r$round-seed.json")"
  fi
done
mkdir -p "$HERE/results"
"$PYTHON" "$HERE/report.py" --mode default --results "$RESULTS" --json "${BENCH_JSON:-$HERE/results/latest.json}"
