"""Runs one benchmark step and records how much of the machine it had (stdlib only).

    measure.py --label NAME --out RESULT.json [--log FILE] [--timeout S] [--echo REGEX]
               -- CMD [ARGS...] [--and CMD [ARGS...]]...

Each `--and` starts another command at the same time (the ranks of a distributed run). A command may begin with
VAR=value words, which are put in its environment. Every command's standard output and error go to --log (or
LABEL.log beside --out). The result: wall seconds, the CPU seconds of the commands (their whole process trees, from
the kernel's accounting of waited-for children), the CPU seconds the whole machine was busy (/proc/stat), and the
share of the machine other processes took meanwhile (`foreign_share`: other engineers, CI), so a reader can tell a
clean figure from a disturbed one. With --echo, output lines matching REGEX are also copied to standard error as
they come. Exits with the first non-zero status of the commands. SIGTERM/SIGINT stop the
commands (by their process ids) first.
"""

import json
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time


def busy_seconds():
    """CPU seconds the machine has spent busy (all CPUs) since boot, and the CPU count."""
    with open("/proc/stat") as stat:
        fields = stat.readline().split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    busy = sum(values[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK"), os.cpu_count() or 1


def split_commands(argv):
    commands, current = [], []
    for word in argv:
        if word == "--and":
            commands.append(current)
            current = []
        else:
            current.append(word)
    commands.append(current)
    result = []
    for words in commands:
        env = dict(os.environ)
        while words and "=" in words[0] and not words[0].startswith(("=", "/", ".")) and \
                words[0].split("=", 1)[0].replace("_", "").isalnum():
            key, value = words.pop(0).split("=", 1)
            env[key] = value
        if not words:
            sys.exit("measure.py: an empty command")
        result.append((words, env))
    return result


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit(__doc__)
    options, rest = args[: args.index("--")], args[args.index("--") + 1 :]
    opts = dict(zip(options[::2], options[1::2]))
    label, out = opts["--label"], opts["--out"]
    log_path = opts.get("--log", os.path.splitext(out)[0] + ".log")
    timeout = float(opts.get("--timeout", "1800"))
    commands = split_commands(rest)
    echo = re.compile(opts["--echo"]) if "--echo" in opts else None

    children = []

    def stop(signum, _frame):
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    before_self = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, cpus = busy_seconds()
    start = time.monotonic()
    lock = threading.Lock()
    readers = []

    def copy(stream, log):
        for line in iter(stream.readline, b""):
            with lock:
                log.write(line)
                log.flush()
                if echo.search(line.decode(errors="replace")):
                    sys.stderr.write(line.decode(errors="replace"))
                    sys.stderr.flush()

    with open(log_path, "wb") as log:
        for words, env in commands:
            child = subprocess.Popen(words, env=env, stdout=subprocess.PIPE if echo else log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            children.append(child)
            if echo:
                readers.append(threading.Thread(target=copy, args=(child.stdout, log), daemon=True))
                readers[-1].start()
        statuses = []
        for child in children:
            try:
                statuses.append(child.wait(max(1.0, timeout - (time.monotonic() - start))))
            except subprocess.TimeoutExpired:
                for other in children:
                    if other.poll() is None:
                        other.kill()
                statuses.append(child.wait())
                statuses[-1] = statuses[-1] or 124
        for reader in readers:
            reader.join(5)
    wall = time.monotonic() - start
    busy1, _ = busy_seconds()
    after_self = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = (after_self.ru_utime - before_self.ru_utime) + (after_self.ru_stime - before_self.ru_stime)
    machine = busy1 - busy0
    foreign = max(0.0, machine - own)
    result = {
        "label": label, "commands": [" ".join(words) for words, _ in commands], "statuses": statuses,
        "wall_seconds": wall, "cpu_seconds": own, "machine_busy_seconds": machine, "cpus": cpus,
        "foreign_cpu_seconds": foreign, "foreign_share": foreign / (wall * cpus) if wall > 0 else 0.0,
        "loadavg_after": open("/proc/loadavg").read().split()[:3], "log": log_path,
    }
    with open(out, "w") as handle:
        json.dump(result, handle, indent=1)
    failed = [s for s in statuses if s != 0]
    sys.exit(failed[0] if failed else 0)


if __name__ == "__main__":
    main()
