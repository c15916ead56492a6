#!/usr/bin/env python3
"""Turns measure.py's raw.json into the tables, the ratios ours/kubectl and the target; writes them as JSON.

    report.py RAW_JSON META_JSON OUTPUT_JSON

Always exits 0 once the report is written: a missed target is a result, not a failure.
"""
import json
import math
import sys

TARGET_P99_MS = 1000.0  # a pod's status change to DescribeTrainingJob showing it, p99, under
TRANSITIONS = ("Downloading to Training", "Training to Uploading")
BURST = "Starting to Downloading, all at once"
CREATE, COMPLETE = "create finished jobs", "complete finished jobs"
STEPS = ("create running jobs", BURST, "Downloading to Training", "Training to Uploading", "complete running jobs")


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def stats(values):
    return {"n": len(values), "p50_ms": round(percentile(values, 0.5) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1), "max_ms": round(max(values) * 1000, 1)}


def ratio(a, b):
    return round(a / b, 2) if b else None


def shown(value):
    """A per-job count for the tables: two decimals, and `<0.01` for what rounds away (a watch reopened once)."""
    if isinstance(value, float) and 0 < value < 0.005:
        return "<0.01"
    return round(value, 2) if isinstance(value, float) else value


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if index == 0 else "---:" for index in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |")
    print()


def main():
    raw_path, meta_path, output = sys.argv[1:4]
    raw = json.load(open(raw_path))
    meta = json.load(open(meta_path))
    phases = raw["phases"]
    samples = raw["samples_seconds"]
    parameters = raw["parameters"]
    report = {"meta": meta | {"finished_jobs": parameters["finished"], "running_jobs": parameters["running"],
                              "idle_seconds": parameters["idle_seconds"], "describe_poll_ms": parameters["poll_ms"]}}

    print(f"\nsagetrain --backend kube against kubectl {meta['kubectl'].split(':')[-1].strip()} "
          f"({meta['date']}, {meta['cores']} cores, load {meta['loadavg_at_start']} at start, {meta['commit']})")
    print(f"{parameters['finished']} Completed jobs and {parameters['running']} running in the test cluster "
          f"(etcd, kube-apiserver, kube-controller-manager and both clients on this machine)\n")

    # --- latency -------------------------------------------------------------------------------------------------
    print("A pod's status change to visible, ms from the PATCH of pods/status sent "
          f"(ours: the first DescribeTrainingJob showing it, polled every {parameters['poll_ms']:g} ms; "
          "kubectl: `get pods --watch` printing the pod's new resourceVersion)\n")
    latency = {}
    rows = []
    every = {"ours": [], "ours_earliest": [], "kubectl": [], "patch_round_trip": []}
    for name in TRANSITIONS + ("both",):
        if name == "both":
            series = every
        else:
            series = samples[name]
            for key in every:
                every[key] += series[key]
        ours, earliest, theirs = stats(series["ours"]), stats(series["ours_earliest"]), stats(series["kubectl"])
        latency[name] = {"ours": ours, "ours_earliest": earliest, "kubectl": theirs,
                         "patch_round_trip": stats(series["patch_round_trip"]),
                         "ratio_p50": ratio(ours["p50_ms"], theirs["p50_ms"]),
                         "ratio_p99": ratio(ours["p99_ms"], theirs["p99_ms"])}
        rows.append([name, ours["n"], ours["p50_ms"], ours["p99_ms"], ours["max_ms"], earliest["p50_ms"],
                     theirs["p50_ms"], theirs["p99_ms"], theirs["max_ms"],
                     f"**{latency[name]['ratio_p50']}**", f"**{latency[name]['ratio_p99']}**"])
    table(["transition", "n", "ours p50", "ours p99", "ours max", "ours p50 (Describe sent)", "kubectl p50",
           "kubectl p99", "kubectl max", "ours/kubectl p50", "ours/kubectl p99"], rows)
    trip = latency["both"]["patch_round_trip"]
    print(f"(the PATCH's own round trip: p50 {trip['p50_ms']} ms, p99 {trip['p99_ms']} ms)\n")
    report["latency"] = latency

    burst = samples[BURST]
    ours, theirs = stats(burst["ours"]), stats(burst["kubectl"])
    print(f"Every running job's pod to Downloading at once ({phases[BURST]['patch_seconds']} s of patches, "
          f"{parameters['threads']} at a time), ms from each PATCH sent (ours: the server's record write completing, "
          "from the audit log; kubectl: its line)\n")
    report["burst"] = {"ours": ours, "kubectl": theirs, "patch_seconds": phases[BURST]["patch_seconds"],
                       "ratio_p50": ratio(ours["p50_ms"], theirs["p50_ms"]),
                       "ratio_p99": ratio(ours["p99_ms"], theirs["p99_ms"])}
    table(["", "n", "p50", "p99", "max"],
          [["ours", ours["n"], ours["p50_ms"], ours["p99_ms"], ours["max_ms"]],
           ["kubectl", theirs["n"], theirs["p50_ms"], theirs["p99_ms"], theirs["max_ms"]],
           ["ours/kubectl", None, f"**{report['burst']['ratio_p50']}**", f"**{report['burst']['ratio_p99']}**", None]])

    # --- idle ------------------------------------------------------------------------------------------------------
    idle = raw["idle"]
    ours, theirs = idle["ours"], idle["kubectl"]
    print(f"Idle, {idle['seconds']:g} s, watching {idle['statuses']} jobs ({idle['log_follows_open']} log follows "
          f"open); kubectl: {theirs['processes']} processes (`get pods|jobs|configmaps --watch -l ...`: kubectl 1.20 "
          "watches one resource type per process)\n")
    rows = [["ours (sage-server)", ours["rss_mib_mean"], ours["rss_mib_max"], ours["cpu_percent"]],
            [f"kubectl × {theirs['processes']}", theirs["rss_mib_mean"], theirs["rss_mib_max"], theirs["cpu_percent"]],
            ["ours/kubectl", f"**{ratio(ours['rss_mib_mean'], theirs['rss_mib_mean'])}**", None,
             f"**{ratio(ours['cpu_percent'], theirs['cpu_percent']) or 'n/a (kubectl: no tick of CPU)'}**"],
            ["(kube-apiserver)", idle["kube-apiserver"]["rss_mib_mean"], idle["kube-apiserver"]["rss_mib_max"],
             idle["kube-apiserver"]["cpu_percent"]],
            ["(etcd)", idle["etcd"]["rss_mib_mean"], idle["etcd"]["rss_mib_max"], idle["etcd"]["cpu_percent"]]]
    table(["process", "RSS MiB mean", "RSS MiB max", "CPU %"], rows)
    jobs = sum(idle["statuses"].values())
    growth = (ours["rss_mib_mean"] - raw["server_rss_mib_at_start"]) * 1024 / jobs if jobs else 0
    print(f"sage-server RSS: {raw['server_rss_mib_at_start']} MiB with no jobs, {ours['rss_mib_mean']} MiB idle with "
          f"{jobs} (about {growth:.0f} KiB a job); the idle window's requests of the server: "
          f"{idle['audit']['requests']}\n")
    report["idle"] = {"ours": ours, "kubectl": theirs, "kube-apiserver": idle["kube-apiserver"], "etcd": idle["etcd"],
                      "seconds": idle["seconds"], "statuses": idle["statuses"],
                      "log_follows_open": idle["log_follows_open"], "requests": idle["audit"]["by_verb_resource"],
                      "rss_ratio": ratio(ours["rss_mib_mean"], theirs["rss_mib_mean"]),
                      "cpu_ratio": ratio(ours["cpu_percent"], theirs["cpu_percent"]),
                      "server_rss_mib_at_start": raw["server_rss_mib_at_start"], "rss_kib_per_job": round(growth)}

    # --- requests per job ------------------------------------------------------------------------------------------
    columns = [CREATE, COMPLETE, *STEPS]
    present = [name for name in columns if name in phases]
    keys = sorted({key for name in present for key in phases[name]["audit"]["by_verb_resource"]})

    def per_job(names, key=None):
        total = 0.0
        for name in names:
            audit = phases[name]["audit"]
            count = audit["requests"] if key is None else audit["by_verb_resource"].get(key, 0)
            total += count / phases[name]["jobs"]
        return round(total, 4)

    fast, steps = [CREATE, COMPLETE], list(STEPS)
    print("The server's API requests per job (audit log, user system:serviceaccount:sagetrain:sagetrain-server; each "
          "phase until 3 s after its last change)\n")
    headers = ["verb resource"] + [f"{name} ({phases[name]['jobs']})" for name in present] + [
        "lifecycle, at once", "lifecycle, step by step"]
    rows = [[key] + [shown(per_job([name], key)) for name in present] +
            [shown(per_job(fast, key)), shown(per_job(steps, key))] for key in keys]
    rows.append(["**all**"] + [f"**{shown(per_job([name]))}**" for name in present] +
                [f"**{shown(per_job(fast))}**", f"**{shown(per_job(steps))}**"])
    table(headers, rows)
    errors = {name: phases[name]["audit"]["non_2xx"] for name in present if phases[name]["audit"]["non_2xx"]}
    clients = sorted({client for name in present for client in phases[name]["audit"]["all_clients"]},
                     key=lambda client: -sum(phases[name]["audit"]["all_clients"].get(client, 0) for name in present))

    def client_per_job(names, client):
        return round(sum(phases[name]["audit"]["all_clients"].get(client, 0) / phases[name]["jobs"]
                         for name in names), 4)

    print("Everyone's API requests per job, by client (the same windows; `bench` is this script playing the kubelet)\n")
    table(["client"] + [f"{name} ({phases[name]['jobs']})" for name in present] + ["lifecycle, at once",
                                                                                   "lifecycle, step by step"],
          [[client] + [shown(client_per_job([name], client)) for name in present] +
           [shown(client_per_job(fast, client)), shown(client_per_job(steps, client))] for client in clients])
    if errors:
        print(f"non-2xx answers: {errors}\n")
    print("Objects created per job: 4 by the server (record ConfigMap, config ConfigMap, headless Service, one Job "
          "per host); the controllers add the pod, and an Endpoints and an EndpointSlice for the Service. The least "
          "that runs a container in Kubernetes: 1 create (a Job; its controller makes the pod).\n")
    report["requests_per_job"] = {
        "phases": {name: {"jobs": phases[name]["jobs"], "all": per_job([name]),
                          "by_verb_resource": {key: per_job([name], key) for key in keys
                                               if key in phases[name]["audit"]["by_verb_resource"]},
                          "non_2xx": phases[name]["audit"]["non_2xx"],
                          "all_clients": {client: client_per_job([name], client) for client in clients}}
                   for name in present},
        "lifecycle_at_once": {"all": per_job(fast), "by_verb_resource": {key: per_job(fast, key) for key in keys}},
        "lifecycle_step_by_step": {"all": per_job(steps),
                                   "by_verb_resource": {key: per_job(steps, key) for key in keys}},
    }

    # --- phases ------------------------------------------------------------------------------------------------------
    print("Phases: wall time, and CPU seconds of each process (the window includes 3 s of settling)\n")
    rows = []
    for name in present:
        phase = phases[name]
        cpu = phase["cpu_seconds"]
        extra = ""
        if "creates_per_second" in phase:
            extra = f"{phase['creates_per_second']} creates/s"
        rows.append([name, phase["jobs"], phase["wall_seconds"], cpu["server"],
                     round(cpu["server"] / phase["jobs"] * 1000, 2), cpu["kube-apiserver"], cpu["etcd"],
                     cpu["kube-controller-manager"], cpu["machine"], extra])
    table(["phase", "jobs", "wall s", "server CPU s", "server CPU ms/job", "apiserver CPU s", "etcd CPU s",
           "controller-manager CPU s", "machine CPU s", ""], rows)
    report["phases"] = {name: {key: value for key, value in phases[name].items() if key != "audit"}
                        for name in present}

    # --- target ------------------------------------------------------------------------------------------------------
    p99 = latency["both"]["ours"]["p99_ms"]
    verdict = "PASS" if p99 < TARGET_P99_MS else "MISS"
    print(f"target: a status change visible in DescribeTrainingJob under {TARGET_P99_MS:g} ms at p99: {verdict} "
          f"({p99} ms)")
    burst_p99 = report["burst"]["ours"]["p99_ms"]
    print(f"(not the target's measure, for comparison: with every running job's pod changing at once, p99 "
          f"{burst_p99} ms, {'under' if burst_p99 < TARGET_P99_MS else 'over'} {TARGET_P99_MS:g} ms)")
    report["targets"] = {"describe_p99_ms_under": TARGET_P99_MS, "ours_p99_ms": p99, "verdict": verdict,
                         "burst_p99_ms": burst_p99}
    report["samples_seconds"] = samples
    report["statuses_at_end"] = raw.get("statuses_at_end")
    with open(output, "w") as file:
        json.dump(report, file, indent=1)
    print(f"written: {output}")


if __name__ == "__main__":
    main()
