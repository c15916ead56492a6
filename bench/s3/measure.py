"""bench/s3/measure.py: runs every case of the S3 benchmark against one SeaweedFS server and writes the raw runs.

Each run is one client process (ours, s5cmd or the AWS CLI) started through GNU time (for its peak RSS) and
reaped with wait4 (for its user+system CPU seconds); wall time is around the spawn and the reap. The tools alternate within each case and the order rotates from round to round. Every download is compared
byte for byte with its source and removed; every upload is checked by size and count, then deleted. CPU that
neither the client nor the server used during a run (other processes on this shared machine) is recorded, so that
disturbed runs can be seen.
"""
import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

MiB = 1024 * 1024
TIME = "/usr/bin/time"  # GNU time, for the client's own peak RSS
TOOLS = ("ours", "s5cmd", "aws")
SMALL_COUNT, SMALL_SIZE = 1000, 16 * 1024
CASES = [  # (name, direction, source data)
    ("download 1 GiB", "download", "1g.bin"),
    ("upload 1 GiB", "upload", "1g.bin"),
    ("download 100 MiB", "download", "100m.bin"),
    ("upload 100 MiB", "upload", "100m.bin"),
    ("download 1000 x 16 KiB", "download", "small"),
    ("upload 1000 x 16 KiB", "upload", "small"),
]


def make_data(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for name, size in (("1g.bin", 1024 * MiB), ("100m.bin", 100 * MiB)):
        path = directory / name
        if not path.exists() or path.stat().st_size != size:
            with open(path, "wb") as out:
                for _ in range(size // (16 * MiB)):
                    out.write(os.urandom(16 * MiB))
                out.write(os.urandom(size % (16 * MiB)))
    small = directory / "small"
    small.mkdir(exist_ok=True)
    for index in range(SMALL_COUNT):
        path = small / f"file-{index:04d}.bin"
        if not path.exists():
            path.write_bytes(os.urandom(SMALL_SIZE))


def command(tool, direction, local, remote, is_tree, binaries, endpoint):
    """The command line of one transfer; `remote` is s3://bucket/key, or a prefix ending in / for a tree."""
    if tool == "ours":
        flags = ["--quiet"] + (["--recursive"] if is_tree else [])
        source, target = (remote, str(local)) if direction == "download" else (str(local), remote)
        return [binaries["ours"], "cp", *flags, source, target]
    if tool == "s5cmd":
        if direction == "download":
            source, target = (remote + "*", f"{local}/") if is_tree else (remote, str(local))
        else:
            source, target = (f"{local}/*", remote) if is_tree else (str(local), remote)
        return [binaries["s5cmd"], "--log", "error", "--endpoint-url", endpoint, "cp", source, target]
    flags = ["--quiet", "--only-show-errors"] + (["--recursive"] if is_tree else [])
    source, target = (remote, str(local)) if direction == "download" else (str(local), remote)
    return [binaries["aws"], "--endpoint-url", endpoint, "s3", "cp", *flags, source, target]


def cpu_ticks(pid):
    """user+system clock ticks of `pid` (0 when gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError):
        return 0


def busy_ticks():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return sum(int(fields[i]) for i in (0, 1, 2, 5, 6, 7))


def settle(limit=10.0, window=0.2):
    """Waits (up to `limit` seconds) until the machine is quiet: at most 10% of one core busy over `window`.

    SeaweedFS keeps working for a moment after a large upload (and the kernel after `sync`); a client started into
    that pays for it in CPU (lock spinning, reclaim), and which client comes first rotates. Returns the wait.
    """
    hz = os.sysconf("SC_CLK_TCK")
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        before = busy_ticks()
        time.sleep(window)
        if busy_ticks() - before <= 0.1 * window * hz:
            break
    return time.perf_counter() - start


def run(argv, env, server_pid, log):
    """One measured client process: wall, CPU seconds, peak RSS (MiB), server and other CPU seconds.

    The client is started through GNU time, which only reports its peak RSS: a child forked from this Python
    process would inherit its high-water mark (ru_maxrss survives exec), while time's own is about 2 MiB. CPU
    comes from wait4 on time, which waited for the client (time's own CPU is negligible).
    """
    hz = os.sysconf("SC_CLK_TCK")
    rss_file = Path(log).with_name("rss.txt")
    busy, server = busy_ticks(), cpu_ticks(server_pid)
    start = time.perf_counter()
    with open(log, "ab") as err:
        process = subprocess.Popen([TIME, "-f", "%M", "-o", str(rss_file), *argv], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    client = usage.ru_utime + usage.ru_stime
    server_seconds = (cpu_ticks(server_pid) - server) / hz
    other = max(0.0, (busy_ticks() - busy) / hz - client - server_seconds)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited {process.returncode}; see {log}")
    rss_kib = int(rss_file.read_text().split()[-1])
    return {"wall_s": wall, "cpu_s": client, "user_s": usage.ru_utime, "system_s": usage.ru_stime,
            "rss_mib": rss_kib / 1024, "server_cpu_s": server_seconds, "other_cpu_s": other}


def same_tree(left, right):
    names = sorted(p.name for p in left.iterdir())
    if names != sorted(p.name for p in right.iterdir()):
        return False
    return all(filecmp.cmp(left / n, right / n, shallow=False) for n in names)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--s5cmd", required=True)
    parser.add_argument("--aws", required=True)
    parser.add_argument("--cases", default="", help="comma-separated substrings of case names to run")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    binaries = {"ours": args.ours, "s5cmd": args.s5cmd, "aws": args.aws}
    env = dict(os.environ)
    s3 = boto3.client("s3", endpoint_url=args.endpoint, config=Config(s3={"addressing_style": "path"}),
                      region_name=env.get("AWS_REGION", "us-east-1"))
    log = args.work / "clients.log"
    bucket = "bench"  # created by seaweed.py --bucket
    cases = [c for c in CASES if not args.cases or any(s.strip() in c[0] for s in args.cases.split(","))]

    print("[bench] generating data", file=sys.stderr, flush=True)
    make_data(args.data)
    print("[bench] uploading the download sources (s5cmd, not measured)", file=sys.stderr, flush=True)
    for name in ("1g.bin", "100m.bin"):
        subprocess.run(command("s5cmd", "upload", args.data / name, f"s3://{bucket}/src/{name}", False, binaries,
                               args.endpoint), env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(command("s5cmd", "upload", args.data / "small", f"s3://{bucket}/src/small/", True, binaries,
                           args.endpoint), env=env, check=True, stdout=subprocess.DEVNULL)

    runs = []
    for round_number in range(1, args.rounds + 1):
        for case_index, (name, direction, source) in enumerate(cases):
            shift = (round_number + case_index) % len(TOOLS)
            for tool in TOOLS[shift:] + TOOLS[:shift]:
                is_tree = source == "small"
                local = args.data / source
                if direction == "download":
                    remote = f"s3://{bucket}/src/{source}" + ("/" if is_tree else "")
                    local = args.work / "downloads" / tool / source
                    shutil.rmtree(local.parent, ignore_errors=True)
                    local.parent.mkdir(parents=True)
                else:
                    remote = f"s3://{bucket}/up/{tool}-{round_number}/{source}" + ("/" if is_tree else "")
                os.sync()  # earlier downloads' dirty pages are not written back during this run
                settled = settle()
                result = run(command(tool, direction, local, remote, is_tree, binaries, args.endpoint), env,
                             args.server_pid, log)
                if direction == "download":
                    same = same_tree(args.data / source, local) if is_tree else filecmp.cmp(
                        args.data / source, local, shallow=False)
                    if not same:
                        raise SystemExit(f"{tool}: {name} is not byte-identical to its source")
                    shutil.rmtree(local.parent)
                else:
                    prefix = remote[len(f"s3://{bucket}/"):]
                    objects = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
                    expected = SMALL_COUNT * SMALL_SIZE if is_tree else local.stat().st_size
                    if (len(objects) != (SMALL_COUNT if is_tree else 1)
                            or sum(o["Size"] for o in objects) != expected):
                        raise SystemExit(f"{tool}: {name} left {len(objects)} objects of the wrong size")
                    for start in range(0, len(objects), 1000):
                        s3.delete_objects(Bucket=bucket, Delete={
                            "Objects": [{"Key": o["Key"]} for o in objects[start:start + 1000]], "Quiet": True})
                result.update(round=round_number, case=name, tool=tool, verified=True, settle_s=settled)
                runs.append(result)
                print(f"[bench] round {round_number} {name:24} {tool:6} wall {result['wall_s']:6.2f} s  "
                      f"cpu {result['cpu_s']:5.2f} s  rss {result['rss_mib']:6.1f} MiB  "
                      f"server {result['server_cpu_s']:5.2f} s  other {result['other_cpu_s']:4.2f} s  "
                      f"settled {settled:4.1f} s",
                      file=sys.stderr, flush=True)
    args.output.write_text(json.dumps({"runs": runs}, indent=1))


if __name__ == "__main__":
    main()
