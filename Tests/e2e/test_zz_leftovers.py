"""Runs last (pytest orders files by name): every server the suite started has exited and no process whose command
line names the session directory (servers, algorithms) is left running."""
import os
import subprocess
import time

from e2e_support import STARTED_SERVERS


def test_no_server_left_running():
    running = [p.pid for p in STARTED_SERVERS if p.poll() is None]
    assert running == [], f"sage-server processes still running after their modules ended: {running}"


def test_no_process_left_in_the_session_directory(session_dir):
    deadline = time.time() + 5
    while True:
        found = subprocess.run(["pgrep", "-a", "-f", str(session_dir)], capture_output=True, text=True).stdout
        leftovers = [line for line in found.splitlines() if int(line.split()[0]) != os.getpid()]
        if not leftovers or time.time() > deadline:
            break
        time.sleep(0.2)
    assert leftovers == [], "processes left behind:\n" + "\n".join(leftovers)
