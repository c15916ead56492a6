#!/usr/bin/env python3
"""A small algorithm that honours SageMaker's training-container contract, standard library only.

It fits y = w.x + b by mini-batch gradient descent on the CSV files of the `training` channel (last column is the
target; without a channel it makes a seeded synthetic data set), evaluates on the `test` channel when there is one,
prints SageMaker-style metric lines, and writes model/model.json and output/data/metrics.json. On SIGTERM (a stop)
it saves what it has and exits. Any error writes output/failure and exits non-zero.

Hyperparameters (strings, as SageMaker passes them): epochs, lr, batch_size, seed, samples, features,
sleep_per_epoch (seconds, to make a job last).
"""
import csv
import json
import os
import random
import signal
import sys
import time

ROOT = os.environ.get("SAGEMAKER_BASE_DIR", "/opt/ml")
stop_requested = False


def on_sigterm(signum, frame):
    global stop_requested
    stop_requested = True
    print("SIGTERM received: saving the model and stopping", flush=True)


def read_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def load_rows(directory):
    rows = []
    if not os.path.isdir(directory):
        return rows
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(directory, name), newline="") as f:
            for record in csv.reader(f):
                if not record or record[0].startswith("#"):
                    continue
                try:
                    values = [float(v) for v in record]
                except ValueError:
                    continue  # a header line
                rows.append((values[:-1], values[-1]))
    return rows


def synthetic(samples, features, rng):
    weights = [rng.uniform(-2, 2) for _ in range(features)]
    rows = []
    for _ in range(samples):
        x = [rng.uniform(-1, 1) for _ in range(features)]
        rows.append((x, sum(w * v for w, v in zip(weights, x)) + 0.5 + rng.gauss(0, 0.05)))
    return rows


def mse(rows, w, b):
    if not rows:
        return 0.0
    return sum((sum(wi * xi for wi, xi in zip(w, x)) + b - y) ** 2 for x, y in rows) / len(rows)


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    hp = read_json(os.path.join(ROOT, "input/config/hyperparameters.json"), {})
    resources = read_json(os.path.join(ROOT, "input/config/resourceconfig.json"), {"current_host": "algo-1", "hosts": ["algo-1"]})
    epochs = int(hp.get("epochs", "5"))
    lr = float(hp.get("lr", "0.1"))
    batch_size = int(hp.get("batch_size", "32"))
    rng = random.Random(int(hp.get("seed", "42")))
    sleep_per_epoch = float(hp.get("sleep_per_epoch", "0"))
    train = load_rows(os.path.join(ROOT, "input/data/training"))
    if not train:
        train = synthetic(int(hp.get("samples", "2000")), int(hp.get("features", "3")), rng)
        print(f"no training channel data: using {len(train)} synthetic samples", flush=True)
    test = load_rows(os.path.join(ROOT, "input/data/test")) or train[: max(1, len(train) // 5)]
    features = len(train[0][0])
    host, hosts = resources["current_host"], resources["hosts"]
    print(f"[{host}] training on {len(train)} samples, {features} features, hosts={hosts}", flush=True)

    w, b = [0.0] * features, 0.0
    for epoch in range(1, epochs + 1):
        rng.shuffle(train)
        for start in range(0, len(train), batch_size):
            batch = train[start:start + batch_size]
            gw, gb = [0.0] * features, 0.0
            for x, y in batch:
                err = sum(wi * xi for wi, xi in zip(w, x)) + b - y
                gw = [g + 2 * err * xi for g, xi in zip(gw, x)]
                gb += 2 * err
            w = [wi - lr * g / len(batch) for wi, g in zip(w, gw)]
            b -= lr * gb / len(batch)
        print(f"epoch={epoch} train_loss={mse(train, w, b):.6f} test_mse={mse(test, w, b):.6f}", flush=True)
        if sleep_per_epoch:
            time.sleep(sleep_per_epoch)
        if stop_requested:
            break

    final = {"train_loss": mse(train, w, b), "test_mse": mse(test, w, b), "epochs_run": epoch}
    print(f"=== Test MSE: {final['test_mse']:.6f} ===", flush=True)
    if host == hosts[0]:
        with open(os.path.join(ROOT, "model/model.json"), "w") as f:
            json.dump({"weights": w, "bias": b, "features": features}, f)
        os.makedirs(os.path.join(ROOT, "output/data"), exist_ok=True)
        with open(os.path.join(ROOT, "output/data/metrics.json"), "w") as f:
            json.dump(final, f)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the contract: a one-line reason in output/failure, then a non-zero exit
        os.makedirs(os.path.join(ROOT, "output"), exist_ok=True)
        with open(os.path.join(ROOT, "output/failure"), "w") as f:
            f.write(f"{type(error).__name__}: {error}"[:1024])
        print(f"training failed: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
