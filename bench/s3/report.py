"""bench/s3/report.py RAW.json [META.json]: the table of medians, the ratios ours/s5cmd and the targets.

Medians over the rounds for wall and CPU time; the largest peak RSS of any round. Each ratio is the median of the
per-round ratios (ours and s5cmd of the same round), printed with their range. Targets (the issue's): download wall
time and CPU at or below s5cmd's in every case, upload CPU at or below s5cmd's, our peak RSS under 64 MiB.
"""
import json
import statistics
import sys
from pathlib import Path

TOOLS = ("ours", "s5cmd", "aws")
RSS_LIMIT_MIB = 64


def summarize(runs):
    cases = list(dict.fromkeys(r["case"] for r in runs))
    table, ratios = [], {}
    for case in cases:
        for tool in TOOLS:
            mine = [r for r in runs if r["case"] == case and r["tool"] == tool]
            if not mine:
                continue
            table.append({
                "case": case, "tool": tool, "rounds": len(mine),
                "wall_s": statistics.median(r["wall_s"] for r in mine),
                "cpu_s": statistics.median(r["cpu_s"] for r in mine),
                "user_s": statistics.median(r["user_s"] for r in mine),
                "system_s": statistics.median(r["system_s"] for r in mine),
                "rss_mib": max(r["rss_mib"] for r in mine),
                "server_cpu_s": statistics.median(r["server_cpu_s"] for r in mine),
                "other_cpu_s": max(r["other_cpu_s"] for r in mine),
            })
        for metric in ("wall_s", "cpu_s"):
            pairs = []
            for round_number in sorted({r["round"] for r in runs}):
                ours = [r[metric] for r in runs if (r["case"], r["tool"], r["round"]) == (case, "ours", round_number)]
                theirs = [r[metric] for r in runs if (r["case"], r["tool"], r["round"]) == (case, "s5cmd", round_number)]
                if ours and theirs:
                    pairs.append(ours[0] / theirs[0])
            if pairs:
                ratios[(case, metric)] = (statistics.median(pairs), min(pairs), max(pairs))
    return cases, table, ratios


def targets(cases, table, ratios):
    checks = []
    for case in cases:
        metrics = ("wall_s", "cpu_s") if case.startswith("download") else ("cpu_s",)
        for metric in metrics:
            if (case, metric) in ratios:
                ratio = ratios[(case, metric)][0]
                checks.append((f"{case}: {metric[:-2]} ours/s5cmd <= 1", ratio <= 1.0, f"{ratio:.2f}"))
    peak = max((row["rss_mib"] for row in table if row["tool"] == "ours"), default=0)
    checks.append((f"peak RSS of ours < {RSS_LIMIT_MIB} MiB", peak < RSS_LIMIT_MIB, f"{peak:.1f} MiB"))
    return checks


def main():
    raw = json.loads(Path(sys.argv[1]).read_text())
    meta = json.loads(Path(sys.argv[2]).read_text()) if len(sys.argv) > 2 else {}
    cases, table, ratios = summarize(raw["runs"])
    if meta:
        print("  ".join(f"{key}={value}" for key, value in meta.items()))
    header = f"{'case':24} {'tool':6} {'wall s':>7} {'cpu s':>6} {'user':>5} {'sys':>5} {'RSS MiB':>8} " \
             f"{'server cpu':>10} {'other max':>9}"
    print(header)
    print("-" * len(header))
    for row in table:
        print(f"{row['case']:24} {row['tool']:6} {row['wall_s']:7.2f} {row['cpu_s']:6.2f} {row['user_s']:5.2f} "
              f"{row['system_s']:5.2f} {row['rss_mib']:8.1f} {row['server_cpu_s']:10.2f} {row['other_cpu_s']:9.2f}")
    print()
    print("ours/s5cmd (median of per-round ratios, [range])")
    for case in cases:
        parts = []
        for metric in ("wall_s", "cpu_s"):
            if (case, metric) in ratios:
                median, low, high = ratios[(case, metric)]
                parts.append(f"{metric[:-2]} {median:.2f} [{low:.2f}-{high:.2f}]")
        print(f"  {case:24} " + "   ".join(parts))
    print()
    checks = targets(cases, table, ratios)
    for label, passed, value in checks:
        print(f"  {'PASS' if passed else 'MISS'}  {label}: {value}")
    summary = {"meta": meta, "table": table,
               "ratios": [{"case": c, "metric": m, "median": v[0], "min": v[1], "max": v[2]}
                          for (c, m), v in ratios.items()],
               "targets": [{"target": label, "passed": passed, "value": value} for label, passed, value in checks],
               "runs": raw["runs"]}
    if len(sys.argv) > 3:
        Path(sys.argv[3]).write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
