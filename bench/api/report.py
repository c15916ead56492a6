#!/usr/bin/env python3
"""Turns run.sh's raw lines into the table, the ratios and the targets; writes the same as JSON.

    report.py RAW_FILE [--json results/latest.json]

Raw lines: `meta KEY VALUE`, `seed SERVER {json}`, `wrk MODE SERVER ROUND BENCH k=v...` (round "warmup" is not
counted), `rated describe SERVER ROUND RATEDLOAD k=v...`, `create sagetrain {json}`, and `cpu <the label of a wrk or rated line>
server_cores=.. loadgen_cores=.. other_cores=..` (CPU of processes other than the server under test and the load
generator during that phase: this machine may be shared). Across rounds, each figure is the
median. Always exits 0 once the report is written: a missed target is a result, not a failure.
"""
import argparse
import json
import statistics

MODES = {
    "describe": "DescribeTrainingJob (random job)",
    "list": "ListTrainingJobs MaxResults=100",
    "list-name": "ListTrainingJobs SortBy=Name NameContains",
}
SERVERS = ("sagetrain", "moto")
TARGETS = {
    "describe_ratio": 20.0,          # sagetrain/moto Describe throughput, at least
    "rated_p99_ms": 5.0,             # Describe p99 at half of sagetrain's peak, under
    "list_p50_ms": 10.0,             # ListTrainingJobs p50 with 10,000 jobs, under
    "create_to_running_ms": 200.0,   # CreateTrainingJob to the algorithm running, under (p50 and p99)
}


def fields(words):
    return {key: float(value) for key, value in (word.split("=", 1) for word in words if "=" in word)}


def parse(path):
    raw = {"meta": {}, "seed": {}, "wrk": {}, "rated": {}, "create": None, "cpu": {}}
    with open(path) as file:
        for line in file:
            words = line.split()
            if not words:
                continue
            kind = words[0]
            if kind == "meta":
                raw["meta"][words[1]] = " ".join(words[2:])
            elif kind == "seed":
                raw["seed"][words[1]] = json.loads(line.split(None, 2)[2])
            elif kind == "wrk" and words[3] != "warmup":
                raw["wrk"].setdefault((words[1], words[2]), []).append(fields(words[5:]))
            elif kind == "rated":
                raw["rated"].setdefault(words[2], []).append(fields(words[5:]))
            elif kind == "cpu" and words[1] == "wrk" and words[4] != "warmup":
                raw["cpu"].setdefault((words[2], words[3]), []).append(fields(words[5:]))
            elif kind == "cpu" and words[1] == "rated":
                raw["cpu"].setdefault(("rated", words[3]), []).append(fields(words[5:]))
            elif kind == "create":
                raw["create"] = json.loads(line.split(None, 2)[2])
    return raw


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def cpu_of(raw, mode, server):
    runs = raw["cpu"].get((mode, server), [])
    if not runs:
        return {}
    return {key: round(median_of(runs, key), 2) for key in ("server_cores", "loadgen_cores", "other_cores")}


def cpu_columns(row):
    if "other_cores" not in row:
        return f"{'':>17}"
    return f"{row['server_cores']:>5.2f} {row['loadgen_cores']:>5.2f} {row['other_cores']:>5.2f}"


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    parser.add_argument("--json")
    options = parser.parse_args()
    raw = parse(options.raw)
    meta = raw["meta"]

    results = {"meta": meta, "load": [], "rated": [], "seed": raw["seed"], "create": raw["create"], "targets": []}
    for mode, label in MODES.items():
        for server in SERVERS:
            runs = raw["wrk"].get((mode, server), [])
            if not runs:
                continue
            results["load"].append({
                "operation": label, "mode": mode, "server": server, "rounds": len(runs),
                "requests_per_second": round(median_of(runs, "rps"), 1),
                "p50_ms": round(median_of(runs, "p50_us") / 1000, 2),
                "p99_ms": round(median_of(runs, "p99_us") / 1000, 2),
                "errors": int(sum(run["status_errors"] + run["socket_errors"] for run in runs)),
                **cpu_of(raw, mode, server),
            })
    for server in SERVERS:
        runs = raw["rated"].get(server)
        if runs:
            rate = runs[0]["rate"]
            results["rated"].append({
                "operation": f"DescribeTrainingJob at {rate:.0f}/s (half peak)", "server": server,
                "rounds": len(runs), "rate": rate, "achieved_rps": round(median_of(runs, "achieved_rps"), 1),
                **{f"{name}_ms": median_of(runs, f"{name}_us") / 1000 for name in ("p50", "p90", "p99", "p999", "max")},
                "p99_ms_per_round": [run["p99_us"] / 1000 for run in runs],
                "errors": int(sum(run["errors"] + run["unfinished"] for run in runs)),
                **cpu_of(raw, "rated", server),
            })

    def load(mode, server):
        return next((row for row in results["load"] if row["mode"] == mode and row["server"] == server), None)

    # --- table ---
    print()
    print(f"sagetrain vs moto {meta.get('moto', '?')}: {meta.get('jobs')} jobs in each, wrk {meta.get('threads')} "
          f"threads x {meta.get('connections')} connections x {meta.get('duration_s')} s, {meta.get('rounds')} "
          f"round(s) (medians); {meta.get('cores')} cores, load average at start {meta.get('loadavg_at_start')}")
    print()
    header = (f"{'operation':<44} {'server':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  "
              f"{'srv':>5} {'load':>5} {'other':>5}")
    print(header)
    print("-" * len(header))
    for row in results["load"]:
        errors = f"  ({row['errors']} errors)" if row["errors"] else ""
        print(f"{row['operation']:<44} {row['server']:<10} {row['requests_per_second']:>9.0f} "
              f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}  {cpu_columns(row)}{errors}")
    for row in results["rated"]:
        errors = f"  ({row['errors']} errors/unfinished)" if row["errors"] else ""
        print(f"{row['operation']:<44} {row['server']:<10} {row['achieved_rps']:>9.0f} "
              f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}  {cpu_columns(row)}  p99.9 {row['p999_ms']:.2f}, "
              f"max {row['max_ms']:.2f}{errors}")
    for server in SERVERS:
        seed = raw["seed"].get(server)
        if seed:
            print(f"{'CreateTrainingJob (seeding, 8 threads)':<44} {server:<10} {seed['per_second']:>9.0f} "
                  f"{'-':>8} {'-':>8}")
    create = raw["create"]
    if create:
        server, floor, bare = create["create_to_running"], create["floor_popen_to_running"], create["floor_python_c_pass"]
        call = create["create_call"]
        print(f"{'CreateTrainingJob call (image map)':<44} {'sagetrain':<10} {'-':>9} {call['p50_ms']:>8.1f} "
              f"{call['p99_ms']:>8.1f}")
        print(f"{'CreateTrainingJob -> algorithm running':<44} {'sagetrain':<10} {'-':>9} {server['p50_ms']:>8.1f} "
              f"{server['p99_ms']:>8.1f}  n={server['n']}, max {server['max_ms']:.1f}")
        print(f"{'same probe started directly (floor)':<44} {'Popen':<10} {'-':>9} {floor['p50_ms']:>8.1f} "
              f"{floor['p99_ms']:>8.1f}")
        print(f"{'python3 -c pass (bare process, wall)':<44} {'Popen':<10} {'-':>9} {bare['p50_ms']:>8.1f} "
              f"{bare['p99_ms']:>8.1f}")
    print("srv / load / other: CPU cores used during the phase by the server, the load generator, and every other "
          "process on the machine.")
    busy = [row for row in results["load"] + results["rated"] if row.get("other_cores", 0) > 0.25]
    if busy:
        results["shared_machine_warning"] = True
        print("WARNING: other processes used CPU during " + ", ".join(
            f"{row['operation']} / {row['server']} ({row['other_cores']:.2f} cores)" for row in busy)
            + ": those figures, tails above all, are not clean; run again on a quiet machine.")
    print()

    # --- ratios and targets ---
    def target(name, text, value, ok, goal):
        results["targets"].append({"target": name, "value": value, "goal": goal, "result": verdict(ok)})
        print(f"{text} {verdict(ok)}")

    ours, theirs = load("describe", "sagetrain"), load("describe", "moto")
    if ours and theirs and theirs["requests_per_second"] > 0:
        ratio = ours["requests_per_second"] / theirs["requests_per_second"]
        target("describe_throughput_ratio",
               f"Describe throughput ratio sagetrain/moto: {ratio:.1f}x (target >= {TARGETS['describe_ratio']:.0f}x)",
               round(ratio, 1), ratio >= TARGETS["describe_ratio"], f">= {TARGETS['describe_ratio']:.0f}x")
    for mode in ("list", "list-name"):
        a, b = load(mode, "sagetrain"), load(mode, "moto")
        if a and b and b["requests_per_second"] > 0:
            print(f"{MODES[mode]} throughput ratio sagetrain/moto: "
                  f"{a['requests_per_second'] / b['requests_per_second']:.1f}x (no target)")
    rated = next((row for row in results["rated"] if row["server"] == "sagetrain"), None)
    if rated:
        ok = rated["p99_ms"] < TARGETS["rated_p99_ms"] and rated["errors"] == 0
        target("describe_p99_at_half_peak",
               f"Describe p99 at half of sagetrain's peak ({rated['rate']:.0f}/s): {rated['p99_ms']:.2f} ms "
               f"(target < {TARGETS['rated_p99_ms']:.0f} ms)", rated["p99_ms"], ok,
               f"< {TARGETS['rated_p99_ms']:.0f} ms")
    for mode in ("list", "list-name"):
        row = load(mode, "sagetrain")
        if row:
            target(f"list_p50_{mode}",
                   f"{MODES[mode]} p50 with {meta.get('jobs')} jobs: {row['p50_ms']:.2f} ms "
                   f"(target < {TARGETS['list_p50_ms']:.0f} ms)", row["p50_ms"],
                   row["p50_ms"] < TARGETS["list_p50_ms"], f"< {TARGETS['list_p50_ms']:.0f} ms")
    if create:
        server, floor = create["create_to_running"], create["floor_popen_to_running"]
        ok = server["p50_ms"] < TARGETS["create_to_running_ms"] and server["p99_ms"] < TARGETS["create_to_running_ms"]
        target("create_to_running",
               f"CreateTrainingJob -> algorithm running: p50 {server['p50_ms']:.1f} ms, p99 {server['p99_ms']:.1f} ms"
               f" (target < {TARGETS['create_to_running_ms']:.0f} ms); "
               f"{server['p50_ms'] / floor['p50_ms']:.2f}x the direct start ({floor['p50_ms']:.1f} ms)",
               server["p99_ms"], ok, f"< {TARGETS['create_to_running_ms']:.0f} ms")

    if options.json:
        with open(options.json, "w") as file:
            json.dump(results, file, indent=2)
            file.write("\n")
        print(f"\nwritten: {options.json}")


if __name__ == "__main__":
    main()
