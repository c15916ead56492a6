"""Fixtures of the end-to-end suite: real sage-server processes driven by real AWS clients.

Every server is started from `SAGE_SERVER_BIN` (default `<repo>/.build/debug/sage-server`) on a free port, in a
directory under the session's temporary directory, and is stopped at the end of its module (or test). The image map
points at copies of `Tests/e2e/algorithms/` in the session directory, so every process the suite starts, servers and
algorithms alike, has the session directory in its command line: `test_zz_leftovers.py` checks that none is left.
"""
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_support import (  # noqa: E402
    ALGORITHMS_DIR,
    SageServer,
    SERVER_BIN,
    STARTED_SERVERS,
    write_image_map,
)


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sage-e2e")
    os.environ["SAGE_E2E_SESSION_DIR"] = str(directory)
    shutil.copytree(ALGORITHMS_DIR, directory / "algorithms")
    return directory


@pytest.fixture(scope="session")
def server_binary():
    if not Path(SERVER_BIN).is_file():
        pytest.fail(f"sage-server binary not found at {SERVER_BIN}: run `swift build` or set SAGE_SERVER_BIN")
    return SERVER_BIN


@pytest.fixture(scope="session")
def image_map(session_dir):
    return write_image_map(session_dir)


@pytest.fixture(scope="module")
def server(request, session_dir, image_map, server_binary):
    """One server per test module, with the probe algorithm mapped and a 2 second stop grace period."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    instance = SageServer(session_dir / f"server-{name}", image_map=image_map)
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session", autouse=True)
def _kill_leftovers_at_exit():
    """A safety net: whatever a failing test left running is killed when the session ends."""
    yield
    for process in list(STARTED_SERVERS):
        if process.poll() is None:
            process.kill()
            process.wait(10)
    session = os.environ.get("SAGE_E2E_SESSION_DIR")
    if session:
        found = subprocess.run(["pgrep", "-f", session], capture_output=True, text=True).stdout.split()
        for pid in found:
            try:
                os.killpg(int(pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
