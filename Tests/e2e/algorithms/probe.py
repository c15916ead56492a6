#!/usr/bin/env python3
"""A tiny training "algorithm" for the end-to-end tests, standard library only.

It honours SageMaker's training-container contract (SAGEMAKER_BASE_DIR stands in for /opt/ml) and does what its
hyperparameters (input/config/hyperparameters.json) tell it, so each test can script the behaviour it checks:

  sleep=S             sleep S seconds (in small steps) before finishing
  lines=N             print N lines "probe line I of N"
  metrics=a,b,c       print one "probe metric loss=V" line per value (for MetricDefinitions)
  exit_code=N         exit with N at the end (default 0)
  failure=TEXT        write TEXT to output/failure before exiting
  failure_length=N    write N characters ("F" then "x"...) to output/failure
  fail_host=algo-K    only that host fails (exit_code, failure); the other hosts sleep `sleep` seconds
  sigterm=save|ignore on SIGTERM: save writes model/sigterm.txt and exits 0 (default); ignore keeps running
  rendezvous=1        rank 0 listens on MASTER_ADDR:MASTER_PORT and every other rank connects and says hello
  no_model=1          write nothing under model/
  binary=1            print a line holding bytes that are not UTF-8
  last_words=TEXT     write TEXT to stdout without a final newline just before exiting

Always: writes its pid to <base>/probe.pid, dumps its environment and config to output/data/probe.json,
prints "PROBE-ENV <json>" with the contract variables, writes model/model.json and model/nested/weights.txt.
"""
import json
import os
import signal
import socket
import sys
import time

BASE = os.environ.get("SAGEMAKER_BASE_DIR", "/opt/ml")


def path(*parts):
    return os.path.join(BASE, *parts)


def read_json(relative):
    try:
        with open(path(relative)) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def say(text):
    print(text, flush=True)


def listing(directory):
    found = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            full = os.path.join(root, name)
            with open(full, "rb") as f:
                found[os.path.relpath(full, directory)] = f.read().decode("utf-8", "replace")
    return found


def rendezvous(rank, world_size):
    address = os.environ["MASTER_ADDR"]
    port = int(os.environ["MASTER_PORT"])
    if rank == 0:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((address, port))
        server.listen(world_size)
        server.settimeout(30)
        peers = []
        for _ in range(world_size - 1):
            connection, _ = server.accept()
            peers.append(connection.recv(100).decode().strip())
            connection.close()
        server.close()
        say("RENDEZVOUS OK rank 0 heard from " + ",".join(sorted(peers)))
    else:
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection((address, port), timeout=2) as connection:
                    connection.sendall(("rank%d" % rank).encode())
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        say("RENDEZVOUS OK rank %d reached %s:%d" % (rank, address, port))


def main():
    hp = read_json("input/config/hyperparameters.json") or {}
    resources = read_json("input/config/resourceconfig.json") or {}
    host = resources.get("current_host", os.environ.get("SM_CURRENT_HOST", "algo-1"))
    with open(path("probe.pid"), "w") as f:
        f.write(str(os.getpid()))

    terminated = {"flag": False}
    mode = hp.get("sigterm", "save")

    def on_sigterm(signum, frame):
        say("probe: SIGTERM received on %s (mode %s)" % (host, mode))
        if mode == "ignore":
            return
        terminated["flag"] = True

    signal.signal(signal.SIGTERM, on_sigterm)

    env = dict(os.environ)
    contract = {k: v for k, v in env.items() if k.startswith("SM_") or k in (
        "SAGEMAKER_BASE_DIR", "TRAINING_JOB_NAME", "TRAINING_JOB_ARN", "MASTER_ADDR", "MASTER_PORT",
        "WORLD_SIZE", "RANK", "NODE_RANK", "LOCAL_RANK", "AWS_REGION", "PROBE_EXTRA")}
    contract["argv"] = sys.argv[1:]
    contract["cwd"] = os.getcwd()
    contract["pid"] = os.getpid()
    say("PROBE-ENV " + json.dumps(contract, sort_keys=True))

    os.makedirs(path("output/data"), exist_ok=True)
    dump = {
        "env": env,
        "argv": sys.argv[1:],
        "cwd": os.getcwd(),
        "hyperparameters": hp,
        "resourceconfig": resources,
        "inputdataconfig": read_json("input/config/inputdataconfig.json"),
        "checkpointconfig": read_json("input/config/checkpointconfig.json"),
        "config_files": sorted(os.listdir(path("input/config"))) if os.path.isdir(path("input/config")) else [],
        "channels": {name: listing(path("input/data", name))
                     for name in (sorted(os.listdir(path("input/data"))) if os.path.isdir(path("input/data")) else [])},
    }
    with open(path("output/data/probe.json"), "w") as f:
        json.dump(dump, f, sort_keys=True)

    if hp.get("rendezvous") == "1":
        rendezvous(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]))

    count = int(hp.get("lines", "0"))
    for i in range(1, count + 1):
        say("probe line %d of %d" % (i, count))
    for value in [v for v in hp.get("metrics", "").split(",") if v]:
        say("probe metric loss=%s" % value)
    if hp.get("binary") == "1":
        sys.stdout.flush()
        sys.stdout.buffer.write(b"probe binary \xff\xfe\x80 end\n")
        sys.stdout.buffer.flush()

    if hp.get("no_model") != "1":
        os.makedirs(path("model/nested"), exist_ok=True)
        with open(path("model/model.json"), "w") as f:
            json.dump({"job": env.get("TRAINING_JOB_NAME"), "host": host, "hyperparameters": hp}, f, sort_keys=True)
        with open(path("model/nested/weights.txt"), "w") as f:
            f.write("0.5 0.25 0.125\n")

    fail_host = hp.get("fail_host")
    failing = fail_host is None or fail_host == host
    exit_code = int(hp.get("exit_code", "0")) if failing else 0
    if failing and fail_host is not None:
        time.sleep(float(hp.get("fail_after", "0.5")))
    else:
        deadline = time.time() + float(hp.get("sleep", "0"))
        while time.time() < deadline and not terminated["flag"]:
            time.sleep(0.05)

    if terminated["flag"]:
        os.makedirs(path("model"), exist_ok=True)
        with open(path("model/sigterm.txt"), "w") as f:
            f.write("stopped by SIGTERM\n")
        say("probe: saved after SIGTERM, exiting 0")
        return 0

    if failing and (hp.get("failure") is not None or hp.get("failure_length") is not None):
        text = hp.get("failure")
        if text is None:
            n = int(hp["failure_length"])
            text = "F" + "x" * (n - 1)
        with open(path("output/failure"), "w") as f:
            f.write(text)
    say("probe: done on %s, exit code %d" % (host, exit_code))
    if hp.get("last_words"):
        sys.stdout.write(hp["last_words"])
        sys.stdout.flush()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
