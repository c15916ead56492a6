#!/usr/bin/env python3
"""The Kubernetes backend's control plane, measured against kubectl 1.20 (client-go) in the same run.

    measure.py --cluster DIR --audit-log FILE --server-bin BIN --work DIR --output raw.json
               [--finished 1000] [--running 200] [--idle-seconds 30] [--poll-ms 10] [--threads 8]

The cluster (scripts/kube/start.sh, with the API server's audit log) is already running; run.sh starts and stops
it. This script applies deploy/, starts sage-server --backend kube under the `sagetrain-server` ServiceAccount,
plays the kubelet (binds pods to a Node, patches `pods/status`, serves `pods/log` follows that stay open while the
algorithm runs), and writes every figure to raw.json:

  1. creates --finished jobs, then completes them all at once (pod Succeeded; the Job controller marks each Job
     Complete);
  2. starts three `kubectl get --watch` (pods, Jobs, record ConfigMaps: the objects our server watches, by the same
     label selectors) and creates --running jobs;
  3. moves every running job's pod to Downloading at once (a burst), timing patch-sent to kubectl printing the
     pod's new resourceVersion, and to our server's record write completing (audit log);
  4. one job at a time, Downloading to Training: patch-sent to kubectl's line and to the first
     DescribeTrainingJob showing Training (polled every --poll-ms);
  5. idle: --idle-seconds of RSS and CPU of sage-server against the three kubectl processes;
  6. one job at a time, Training to Uploading (algo ended, sidecar running), timed as in 4;
  7. completes the running jobs.
Every phase is a window of the audit log: the server account's requests by verb and resource, everyone's by client.
"""
import argparse
import calendar
import concurrent.futures
import http.client
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "e2e"))

import e2e_support  # noqa: E402
from e2e_support import ROLE, SageServer  # noqa: E402
from kube_support import (  # noqa: E402
    DEPLOY, KUBECTL, FakeKubelet, KubeCluster, kubectl, running, terminated, training_job_request)

NAMESPACE = "sagetrain"
ACCOUNT = "sagetrain-server"
SERVER_USER = f"system:serviceaccount:{NAMESPACE}:{ACCOUNT}"
NODE = "bench-node"
HOSTS = "app.kubernetes.io/managed-by=sagetrain,sagetrain.io/role=host"
RECORDS = "app.kubernetes.io/managed-by=sagetrain,sagetrain.io/role=record"
BURST = "Starting to Downloading, all at once"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"[measure {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def request(name):
    """The e2e test's CreateTrainingJob request; the deadline is far off (the jobs wait in Training)."""
    return training_job_request(name, max_runtime=86400)


# --- processes ------------------------------------------------------------------------------------------------------

def proc_cpu_seconds(pid):
    """utime + stime of `pid` in seconds (fields 14 and 15 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def proc_rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cluster_pids(directory):
    """name -> pid of etcd, kube-apiserver and kube-controller-manager (start.sh's DIR/pids)."""
    pids = {}
    for line in (Path(directory) / "pids").read_text().splitlines():
        name, pid, _ = line.split()
        pids[name] = int(pid)
    return pids


class CPUMeter:
    """CPU seconds of named processes between two points, and of the whole machine (/proc/stat)."""

    def __init__(self, pids):
        self.pids = pids

    def snapshot(self):
        values = {}
        for name, pids in self.pids.items():
            total = 0.0
            for pid in pids:
                try:
                    total += proc_cpu_seconds(pid)
                except (FileNotFoundError, ProcessLookupError):
                    pass
            values[name] = total
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        busy = sum(int(value) for value in cpu) - int(cpu[3]) - int(cpu[4])  # minus idle and iowait
        values["machine"] = busy / CLOCK_TICKS
        values["time"] = time.monotonic()
        return values

    @staticmethod
    def delta(before, after):
        return {key: round(after[key] - before[key], 3) for key in before}


# --- the kubelet ----------------------------------------------------------------------------------------------------

class Kubelet:
    """kube_support's FakeKubelet (Node, serving certificate, HTTPS server the API server proxies `pods/log` to),
    with a handler of its own: a follow of the `algo` log stays open while the pod's algorithm runs, as a real
    kubelet's does, and ends once `end(pod)` is called; pods ended before they were asked for answer at once."""

    def __init__(self, cluster, directory):
        self.fake = FakeKubelet(cluster, NODE, directory)
        self.ended = set()
        self.open = 0
        self.opened = 0
        self.condition = threading.Condition()
        self.closing = False
        kubelet = self

        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):  # HTTP/1.0: the body ends when the connection closes
            def do_GET(self):
                parts = self.path.split("?")[0].split("/")
                if len(parts) != 5 or parts[1] != "containerLogs":
                    self.send_error(404)
                    return
                pod = parts[3]
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000000000Z", time.gmtime())
                self.wfile.write(f"{stamp} epoch 1 loss=0.5\n".encode())
                self.wfile.flush()
                with kubelet.condition:
                    kubelet.open += 1
                    kubelet.opened += 1
                    while pod not in kubelet.ended and not kubelet.closing:
                        kubelet.condition.wait()
                    kubelet.open -= 1

            def log_message(self, *arguments):
                pass

        self.fake.server.RequestHandlerClass = Handler

    def end(self, pod_name):
        with self.condition:
            self.ended.add(pod_name)
            self.condition.notify_all()

    def close(self):
        with self.condition:
            self.closing = True
            self.condition.notify_all()
        self.fake.close()


# --- the API server, with a kept-alive connection -------------------------------------------------------------------

class Patcher:
    """PATCHes `pods/status` over one kept-alive TLS connection (no handshake in a timed patch); admin token."""

    def __init__(self, cluster):
        self.cluster = cluster
        url = urllib.parse.urlsplit(cluster.url)
        self.host, self.port = url.hostname, url.port
        self.connection = None

    def patch_status(self, pod_name, phase, stage=None, algo=None, runtime=None):
        """Returns (time sent: perf_counter, time sent: epoch seconds, resourceVersion after, round trip seconds)."""
        def status(name, state):
            return {"name": name, "ready": False, "restartCount": 0, "image": "x", "imageID": "", "state": state}
        body = {"phase": phase}
        if stage:
            body["initContainerStatuses"] = [status("stage", stage)]
        containers = [status(name, state) for name, state in (("algo", algo), ("runtime", runtime)) if state]
        if containers:
            body["containerStatuses"] = containers
        data = json.dumps({"status": body}).encode()
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(self.host, self.port, context=self.cluster.context,
                                                          timeout=30)
            self.connection.connect()
        headers = {"Authorization": f"Bearer {self.cluster.token}", "Accept": "application/json",
                   "Content-Type": "application/merge-patch+json"}
        sent, sent_wall = time.perf_counter(), time.time()
        self.connection.request("PATCH", f"/api/v1/namespaces/{NAMESPACE}/pods/{pod_name}/status", data, headers)
        response = self.connection.getresponse()
        payload = response.read()
        answered = time.perf_counter()
        if response.status != 200:
            raise RuntimeError(f"PATCH {pod_name}/status: {response.status} {payload[:300]!r}")
        return sent, sent_wall, json.loads(payload)["metadata"]["resourceVersion"], answered - sent


# --- the peer: kubectl get --watch ----------------------------------------------------------------------------------

# Stamps each line with the wall clock as it arrives (bash 5's EPOCHREALTIME, microseconds), outside this script:
# the line's time does not wait for Python's interpreter lock.
STAMP_LINES = 'while IFS= read -r line; do printf "%s %s\\n" "$EPOCHREALTIME" "$line"; done'


class KubectlWatch:
    """`kubectl get RESOURCE --watch` by a label selector, printing each object's name and resourceVersion, piped
    through a bash loop that stamps every line; a reader thread collects the stamps."""

    def __init__(self, kubeconfig, resource, selector, work):
        self.resource = resource
        self.seen = {}  # (name, resourceVersion) -> epoch seconds when kubectl's line arrived
        self.lines = 0
        self.condition = threading.Condition()
        self.stderr = open(Path(work) / f"kubectl-{resource}.log", "wb")
        self.process = subprocess.Popen(
            [KUBECTL, "--kubeconfig", str(kubeconfig), "-n", NAMESPACE, "get", resource, "--watch", "-l", selector,
             "--no-headers", "-o", "custom-columns=NAME:.metadata.name,RV:.metadata.resourceVersion"],
            stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL)
        self.stamper = subprocess.Popen(["bash", "-c", STAMP_LINES], stdin=self.process.stdout,
                                        stdout=subprocess.PIPE, stderr=self.stderr, env={**os.environ, "LC_ALL": "C"})
        self.process.stdout.close()  # the stamper's now
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    @property
    def pid(self):
        return self.process.pid

    def _read(self):
        for line in self.stamper.stdout:
            words = line.split()
            if len(words) != 3:
                continue
            with self.condition:
                self.seen.setdefault((words[1].decode(), words[2].decode()), float(words[0]))
                self.lines += 1
                self.condition.notify_all()

    def wait_lines(self, count, timeout):
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.lines < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.condition.wait(left)
        return True

    def when(self, name, resource_version, timeout=10):
        """Epoch seconds when kubectl printed `name` at `resource_version`; None if it did not within `timeout`."""
        deadline = time.monotonic() + timeout
        key = (name, resource_version)
        with self.condition:
            while key not in self.seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.condition.wait(left)
            return self.seen[key]

    def stop(self):
        for process in (self.process, self.stamper):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
        self.stderr.close()


# --- the audit log --------------------------------------------------------------------------------------------------

class AuditWindows:
    """Windows of the API server's audit log (byte offsets). Each counts the server account's requests by verb and
    resource, everyone's requests by client, and keeps when the server's writes of each ConfigMap completed."""

    def __init__(self, path):
        self.path = Path(path)
        self.windows = {}
        self.record_writes = {}  # window -> ConfigMap name -> [epoch seconds of each update's response]
        self._open = {}

    def _size(self):
        return self.path.stat().st_size if self.path.exists() else 0

    def begin(self, name):
        self._open[name] = self._size()

    @staticmethod
    def client(username):
        """A short name for the client: the controller's name, `server`, or `bench` (the admin: this script)."""
        if username == SERVER_USER:
            return "server"
        if username == "admin":
            return "bench (kubelet's part)"
        return username.rsplit(":", 1)[-1]

    def end(self, name, jobs):
        start, stop = self._open.pop(name), self._size()
        counts, codes, clients, total = {}, {}, {}, 0
        writes = {}
        with open(self.path, "rb") as file:
            file.seek(start)
            data = file.read(stop - start)
        for line in data.splitlines():
            if not line.strip():
                continue
            event = json.loads(line)
            if event.get("stage") != "ResponseComplete":
                continue
            username = event.get("user", {}).get("username", "?")
            client = self.client(username)
            clients[client] = clients.get(client, 0) + 1
            if username != SERVER_USER:
                continue
            reference = event.get("objectRef", {})
            resource = reference.get("resource", event.get("requestURI", "?"))
            if reference.get("subresource"):
                resource += "/" + reference["subresource"]
            key = f"{event['verb']} {resource}"
            counts[key] = counts.get(key, 0) + 1
            code = str(event.get("responseStatus", {}).get("code", "?"))
            if not code.startswith("2"):
                codes[f"{key} {code}"] = codes.get(f"{key} {code}", 0) + 1
            if key == "update configmaps" and code.startswith("2"):
                stamp = event["stageTimestamp"].rstrip("Z")
                seconds = calendar.timegm(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S"))
                seconds += float("0" + stamp[19:]) if len(stamp) > 19 else 0.0
                writes.setdefault(reference.get("name", "?"), []).append(seconds)
            total += 1
        self.record_writes[name] = writes
        self.windows[name] = {"jobs": jobs, "requests": total, "by_verb_resource": dict(sorted(counts.items())),
                              "non_2xx": codes, "all_clients": dict(sorted(clients.items(), key=lambda i: -i[1]))}
        return self.windows[name]


# --- helpers --------------------------------------------------------------------------------------------------------

class Clients:
    """`count` boto3 clients made once (making one takes a good part of a CPU-second), one per thread of a pool;
    `reset()` hands them out again to the next pool's threads."""

    def __init__(self, server, count):
        self.all = [server.sagemaker(max_pool_connections=4) for _ in range(count)]
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.free = list(self.all)
        self.local = threading.local()

    def get(self):
        if not hasattr(self.local, "client"):
            with self.lock:
                self.local.client = self.free.pop()
        return self.local.client


def host_pods(cluster):
    """Training job name -> pod, for every host pod (admin listing)."""
    pods = {}
    for pod in cluster.pods(NAMESPACE, HOSTS):
        name = pod["metadata"].get("annotations", {}).get("sagetrain.io/training-job-name")
        if name and not pod["metadata"].get("deletionTimestamp"):
            pods[name] = pod
    return pods


def wait_for_pods(cluster, names, timeout):
    deadline = time.monotonic() + timeout
    while True:
        pods = host_pods(cluster)
        missing = [name for name in names if name not in pods]
        if not missing:
            return {name: pods[name] for name in names}
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(missing)} jobs have no pod after {timeout} s, e.g. {missing[:3]}")
        time.sleep(1)


def status_counts(sm):
    counts = {}
    for page in sm.get_paginator("list_training_jobs").paginate(MaxResults=100):
        for summary in page["TrainingJobSummaries"]:
            counts[summary["TrainingJobStatus"]] = counts.get(summary["TrainingJobStatus"], 0) + 1
    return counts


def wait_for_completed(sm, names, timeout):
    """Polls ListTrainingJobs (StatusEquals Completed, then Failed and Stopped) until every job in `names` is
    Completed."""
    wanted = set(names)
    deadline = time.monotonic() + timeout

    def listed(status):
        found = set()
        for page in sm.get_paginator("list_training_jobs").paginate(StatusEquals=status, MaxResults=100):
            found.update(summary["TrainingJobName"] for summary in page["TrainingJobSummaries"])
        return found & wanted

    while True:
        left = wanted - listed("Completed")
        if not left:
            return
        ended = listed("Failed") | listed("Stopped")
        if ended:
            name = sorted(ended)[0]
            raise RuntimeError(f"{len(ended)} jobs ended otherwise, e.g. {name}: "
                               f"{sm.describe_training_job(TrainingJobName=name).get('FailureReason')}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(left)} jobs not Completed after {timeout} s, e.g. {sorted(left)[:3]}")
        time.sleep(0.5)


def run_pool(threads, function, items, label):
    started = time.monotonic()
    errors = []
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = {pool.submit(function, item): item for item in items}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            try:
                future.result()
            except Exception as error:  # noqa: BLE001 (counted and shown)
                errors.append(f"{futures[future]}: {error}")
            if done % 200 == 0:
                log(f"  {label}: {done}/{len(items)}")
    if errors:
        raise RuntimeError(f"{label}: {len(errors)} failed, e.g. {errors[:3]}")
    return time.monotonic() - started


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def summary(values):
    if not values:
        return None
    return {"n": len(values), "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1), "max_ms": round(max(values) * 1000, 1),
            "mean_ms": round(statistics.mean(values) * 1000, 1)}


def time_transition(sm, patcher, watch, job, pod_name, secondary, patch, poll):
    """Patches `pod_name`'s status, then polls DescribeTrainingJob of `job` every `poll` seconds until its
    SecondaryStatus is `secondary`. Returns, in seconds from the patch sent: ours (the first Describe showing the
    change answered), ours at the earliest (that Describe was sent), kubectl's (its line read), the patch's round
    trip; and the number of Describe calls."""
    sent, sent_wall, version, round_trip = patcher.patch_status(pod_name, **patch)
    tick = sent
    polls = 0
    while True:
        asked = time.perf_counter()
        described = sm.describe_training_job(TrainingJobName=job)
        shown = time.perf_counter()
        polls += 1
        if described["SecondaryStatus"] == secondary:
            break
        if described["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            raise RuntimeError(f"{job} ended {described['TrainingJobStatus']} before {secondary}")
        if shown - sent > 30:
            raise RuntimeError(f"{job} did not show {secondary} within 30 s")
        tick += poll
        pause = tick - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        else:
            tick = time.perf_counter()
    seen = watch.when(pod_name, version)
    if seen is None:
        raise RuntimeError(f"kubectl did not print {pod_name} at resourceVersion {version} within 10 s")
    return shown - sent, asked - sent, seen - sent_wall, round_trip, polls


def idle_sample(pids, seconds):
    """RSS (MiB, each second) and CPU (%, over the whole span) of each named group of pids."""
    names = list(pids)
    rss = {name: [] for name in names}
    cpu_before = {name: sum(proc_cpu_seconds(pid) for pid in pids[name]) for name in names}
    started = time.monotonic()
    for _ in range(int(seconds)):
        time.sleep(max(0.0, started + len(rss[names[0]]) + 1 - time.monotonic()))
        for name in names:
            rss[name].append(sum(proc_rss_mib(pid) for pid in pids[name]))
    elapsed = time.monotonic() - started
    cpu_after = {name: sum(proc_cpu_seconds(pid) for pid in pids[name]) for name in names}
    return {name: {"rss_mib_mean": round(statistics.mean(rss[name]), 1), "rss_mib_max": round(max(rss[name]), 1),
                   "cpu_seconds": round(cpu_after[name] - cpu_before[name], 3),
                   "cpu_percent": round(100 * (cpu_after[name] - cpu_before[name]) / elapsed, 2),
                   "processes": len(pids[name])}
            for name in names} | {"seconds": round(elapsed, 1)}


# --- the run --------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cluster", required=True)
    parser.add_argument("--audit-log", required=True)
    parser.add_argument("--server-bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--finished", type=int, default=1000)
    parser.add_argument("--running", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=30)
    parser.add_argument("--poll-ms", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--settle-seconds", type=float, default=3)
    arguments = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = Path(arguments.work)
    cluster = KubeCluster(arguments.cluster)
    audit = AuditWindows(arguments.audit_log)
    settle = arguments.settle_seconds
    run_id = time.strftime("%H%M%S")
    finished_names = [f"bench-{run_id}-done-{index:04d}" for index in range(arguments.finished)]
    running_names = [f"bench-{run_id}-run-{index:04d}" for index in range(arguments.running)]
    raw = {"parameters": {key: value for key, value in vars(arguments).items() if key not in ("output",)},
           "phases": {}}
    phases = raw["phases"]
    server = kubelet = None
    watches = []
    try:
        kubectl(cluster.kubeconfig, "apply", "-k", str(DEPLOY))
        kubeconfig = cluster.service_account_kubeconfig(NAMESPACE, ACCOUNT, work / "server-account.kubeconfig")
        kubelet = Kubelet(cluster, work / "kubelet")
        environment = {key: value for key, value in os.environ.items() if not key.startswith("KUBE")}
        environment.update({"KUBECONFIG": str(kubeconfig), "HOME": str(work)})
        e2e_support.SERVER_BIN = arguments.server_bin  # SageServer.start reads it
        server = SageServer(work / "server", extra_args=["--backend", "kube"], env=environment)
        server.start(timeout=60)
        log(f"sage-server pid {server.pid} at {server.url}")
        clients = Clients(server, arguments.threads)
        sm = server.sagemaker()
        pids = cluster_pids(arguments.cluster)
        meter = CPUMeter({"server": [server.pid], "kube-apiserver": [pids["kube-apiserver"]],
                          "etcd": [pids["etcd"]], "kube-controller-manager": [pids["kube-controller-manager"]]})
        time.sleep(2)
        raw["server_rss_mib_at_start"] = round(proc_rss_mib(server.pid), 1)

        def phase(name, jobs, body):
            log(f"{name} ({jobs} jobs)")
            audit.begin(name)
            before = meter.snapshot()
            result = body() or {}
            wall = time.monotonic() - before["time"]
            time.sleep(settle)  # what the last change set off (watch events, record writes) lands in this window
            after = meter.snapshot()
            window = audit.end(name, jobs)
            phases[name] = {"jobs": jobs, "wall_seconds": round(wall, 2), "cpu_seconds": CPUMeter.delta(before, after),
                            "audit": window, "server_rss_mib_after": round(proc_rss_mib(server.pid), 1), **result}
            per_job = window["requests"] / jobs if jobs else 0
            log(f"  {wall:.1f} s, {window['requests']} requests of the server ({per_job:.2f} a job), "
                f"server CPU {phases[name]['cpu_seconds']['server']:.1f} s")

        def create(name):
            clients.get().create_training_job(**request(name))

        def pool(function, names, label):
            clients.reset()
            return run_pool(arguments.threads, function, names, label)

        # 1. finished jobs ------------------------------------------------------------------------------------------
        finished_pods = {}

        def create_finished():
            seconds = pool(create, finished_names, "create")
            finished_pods.update(wait_for_pods(cluster, finished_names, timeout=600))
            return {"create_seconds": round(seconds, 2), "creates_per_second": round(len(finished_names) / seconds, 1)}

        phase("create finished jobs", len(finished_names), create_finished)

        def complete(name, pods):
            pod = pods[name]
            cluster.bind(pod, NODE)
            kubelet.end(pod["metadata"]["name"])
            cluster.set_pod_status(pod, "Succeeded", stage=terminated(0), algo=terminated(0),
                                   runtime=terminated(0, "model artifacts: none"))

        def complete_finished():
            seconds = run_pool(arguments.threads, lambda name: complete(name, finished_pods), finished_names,
                               "complete")
            wait_for_completed(sm, finished_names, timeout=1200)
            return {"patch_seconds": round(seconds, 2)}

        phase("complete finished jobs", len(finished_names), complete_finished)

        # 2. the peer, then the running jobs -------------------------------------------------------------------------
        for resource, selector in (("pods", HOSTS), ("jobs", HOSTS), ("configmaps", RECORDS)):
            watches.append(KubectlWatch(cluster.kubeconfig, resource, selector, work))
        for watch in watches:
            if not watch.wait_lines(len(finished_names), timeout=120):
                raise RuntimeError(f"kubectl get {watch.resource} --watch listed only {watch.lines} lines")
        pod_watch = watches[0]
        log(f"kubectl watches: pids {[watch.pid for watch in watches]}")

        running_pods = {}

        def create_running():
            seconds = pool(create, running_names, "create")
            running_pods.update(wait_for_pods(cluster, running_names, timeout=600))
            run_pool(arguments.threads, lambda name: cluster.bind(running_pods[name], NODE), running_names, "bind")
            return {"create_seconds": round(seconds, 2), "creates_per_second": round(len(running_names) / seconds, 1)}

        phase("create running jobs", len(running_names), create_running)

        patcher = Patcher(cluster)
        poll = arguments.poll_ms / 1000
        samples = {}

        def transition(label, secondary, patch):
            def body():
                ours, earliest, theirs, trips, polls = [], [], [], [], []
                for index, name in enumerate(running_names):
                    pod_name = running_pods[name]["metadata"]["name"]
                    if secondary == "Uploading":
                        kubelet.end(pod_name)
                    mine, early, peer, trip, count = time_transition(sm, patcher, pod_watch, name, pod_name, secondary,
                                                              patch(), poll)
                    ours.append(mine)
                    earliest.append(early)
                    theirs.append(peer)
                    trips.append(trip)
                    polls.append(count)
                    time.sleep(0.05)
                samples[label] = {"ours": ours, "ours_earliest": earliest, "kubectl": theirs,
                                  "patch_round_trip": trips}
                return {"latency": {"ours": summary(ours), "ours_earliest": summary(earliest),
                                    "kubectl": summary(theirs),
                                    "patch_round_trip": summary(trips),
                                    "describe_polls_mean": round(statistics.mean(polls), 1)}}
            return body

        def burst_body():
            local = threading.local()
            sent = {}

            def send(name):
                if not hasattr(local, "patcher"):
                    local.patcher = Patcher(cluster)
                _, wall, version, _ = local.patcher.patch_status(
                    running_pods[name]["metadata"]["name"], "Pending", stage=running(),
                    algo={"waiting": {"reason": "PodInitializing"}}, runtime={"waiting": {"reason": "PodInitializing"}})
                sent[name] = (wall, version)

            seconds = run_pool(arguments.threads, send, running_names, "patch")
            theirs = {}
            for name in running_names:
                seen = pod_watch.when(running_pods[name]["metadata"]["name"], sent[name][1], timeout=60)
                if seen is None:
                    raise RuntimeError(f"kubectl did not print {name}'s pod at resourceVersion {sent[name][1]}")
                theirs[name] = seen - sent[name][0]
            deadline = time.monotonic() + 300
            left = set(running_names)
            while left:
                for name in sorted(left):
                    if sm.describe_training_job(TrainingJobName=name)["SecondaryStatus"] == "Downloading":
                        left.discard(name)
                if left and time.monotonic() > deadline:
                    raise RuntimeError(f"{len(left)} jobs not Downloading after 300 s")
                if left:
                    time.sleep(0.5)
            burst_sent.update(sent)
            burst_theirs.update(theirs)
            return {"patch_seconds": round(seconds, 2)}

        burst_sent, burst_theirs = {}, {}
        phase(BURST, len(running_names), burst_body)
        # Ours: the server's write of the record (Downloading) completing, from the audit log: Describe answers from
        # the server's memory, which that write's response updates.
        ours = []
        writes = audit.record_writes[BURST]
        for name in running_names:
            wall = burst_sent[name][0]
            record = running_pods[name]["metadata"]["labels"]["sagetrain.io/training-job"]
            after = [stamp for stamp in writes.get(record, []) if stamp >= wall - 0.002]
            if not after:
                raise RuntimeError(f"no write of {record}'s record after its pod's patch in the audit log")
            ours.append(min(after) - wall)
        theirs = [burst_theirs[name] for name in running_names]
        samples[BURST] = {"ours": ours, "kubectl": theirs}
        phases[BURST]["latency"] = {"ours": summary(ours), "kubectl": summary(theirs)}
        log(f"  burst: ours p50 {phases[BURST]['latency']['ours']['p50_ms']} ms, p99 "
            f"{phases[BURST]['latency']['ours']['p99_ms']} ms; kubectl p50 "
            f"{phases[BURST]['latency']['kubectl']['p50_ms']} ms, p99 {phases[BURST]['latency']['kubectl']['p99_ms']} ms")

        phase("Downloading to Training", len(running_names), transition(
            "Downloading to Training", "Training",
            lambda: {"phase": "Running", "stage": terminated(0), "algo": running(), "runtime": running()}))

        # 3. idle --------------------------------------------------------------------------------------------------
        log(f"idle for {arguments.idle_seconds:.0f} s (log follows open: {kubelet.open})")
        time.sleep(5)
        audit.begin("idle")
        idle = idle_sample({"ours": [server.pid], "kubectl": [watch.pid for watch in watches],
                            "kube-apiserver": [pids["kube-apiserver"]], "etcd": [pids["etcd"]]},
                           arguments.idle_seconds)
        idle["audit"] = audit.end("idle", 0)
        idle["log_follows_open"] = kubelet.open
        idle["statuses"] = status_counts(sm)
        raw["idle"] = idle
        log(f"  ours {idle['ours']['rss_mib_mean']} MiB {idle['ours']['cpu_percent']} % CPU; kubectl (3) "
            f"{idle['kubectl']['rss_mib_mean']} MiB {idle['kubectl']['cpu_percent']} % CPU")

        # 4. Training -> Uploading -----------------------------------------------------------------------------------
        phase("Training to Uploading", len(running_names), transition(
            "Training to Uploading", "Uploading",
            lambda: {"phase": "Running", "stage": terminated(0), "algo": terminated(0), "runtime": running()}))

        # 5. complete the running jobs -------------------------------------------------------------------------------
        def complete_running():
            run_pool(arguments.threads, lambda name: cluster.set_pod_status(
                running_pods[name], "Succeeded", stage=terminated(0), algo=terminated(0),
                runtime=terminated(0, "model artifacts: none")), running_names, "complete")
            wait_for_completed(sm, running_names, timeout=600)

        phase("complete running jobs", len(running_names), complete_running)
        raw["samples_seconds"] = samples
        raw["kubectl_lines"] = {watch.resource: watch.lines for watch in watches}
        raw["server_rss_mib_at_end"] = round(proc_rss_mib(server.pid), 1)
        raw["statuses_at_end"] = status_counts(sm)
        raw["log_follows_opened"] = kubelet.opened
    finally:
        for watch in watches:
            watch.stop()
        if server is not None:
            try:
                server.stop(timeout=30)
            except AssertionError as error:
                log(str(error))
        if kubelet is not None:
            kubelet.close()
        Path(arguments.output).write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
