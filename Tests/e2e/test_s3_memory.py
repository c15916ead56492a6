"""Memory of the `s3` command on large transfers: the issue's target is a peak RSS under 64 MiB for 1 GiB either way.

The test moves 512 MiB up and down through SeaweedFS (a sparse file, so it costs little disk) and reads the
command's peak RSS from the kernel through GNU time: exact, and unaffected by other tests. The benchmark (bench/s3)
measures the full 1 GiB.
"""
import os
import subprocess
from pathlib import Path

import pytest

from e2e_support import REPO
from seaweed import start_seaweed

S3_BIN = os.environ.get("SAGE_S3_BIN", str(REPO / ".build" / "debug" / "s3"))
SIZE = 512 * 1024 * 1024
LIMIT = 64 * 1024 * 1024


def peak_rss_of(command, env):
    """Runs `command` under GNU time and returns (exit code, peak RSS in bytes) of that process alone.

    GNU time is a small process whose child execs the command at once; measuring from this (large) Python process
    instead would count the pages a forked child shares with it before exec."""
    completed = subprocess.run(["/usr/bin/time", "-f", "PEAK-RSS-KB %M", *command], env=env, capture_output=True,
                               text=True)
    line = [l for l in completed.stderr.splitlines() if l.startswith("PEAK-RSS-KB ")][-1]
    return completed.returncode, int(line.split()[1]) * 1024


def test_large_transfers_stay_under_64_mib(tmp_path):
    if not Path(S3_BIN).is_file():
        pytest.fail(f"the s3 command is missing at {S3_BIN}: swift build --product s3 (or set SAGE_S3_BIN)")
    with start_seaweed(tmp_path / "seaweed") as s3:
        bucket = s3.make_bucket()
        source = tmp_path / "big.bin"
        with open(source, "wb") as f:
            f.truncate(SIZE)
        env = s3.environment()
        code, upload_peak = peak_rss_of([S3_BIN, "cp", "--no-progress", str(source), f"s3://{bucket}/big.bin"], env)
        assert code == 0
        target = tmp_path / "back.bin"
        code, download_peak = peak_rss_of([S3_BIN, "cp", "--no-progress", f"s3://{bucket}/big.bin", str(target)], env)
        assert code == 0
        assert target.stat().st_size == SIZE
        assert upload_peak < LIMIT, f"upload peak RSS {upload_peak / 2**20:.1f} MiB"
        assert download_peak < LIMIT, f"download peak RSS {download_peak / 2**20:.1f} MiB"
