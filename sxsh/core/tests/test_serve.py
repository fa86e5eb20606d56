"""``sxsh serve`` (what ``make run`` starts): the web server and the background worker, one
process each; Ctrl-C stops both, and neither is left running without the other."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SXSH = [sys.executable, "-m", "sxsh.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def environment(data_dir: Path) -> dict[str, str]:
    """An installation of its own: an SQLite file in ``data_dir``, whatever database the
    suite runs on (the supervisor is the subject, not the database)."""
    env = {**os.environ, "SXSH_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A database file holding the queue's table (what the worker reads)."""
    subprocess.run([*SXSH, "migrate", "django_tasks_database", "-v0"],
                   env=environment(tmp_path), check=True, timeout=300)
    return tmp_path


def serve(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([*SXSH, "serve", f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=environment(data_dir))


def test_it_serves_with_the_worker_beside_and_ctrl_c_stops_both(data_dir):
    port = free_port()
    process = serve(data_dir, port)
    first = process.stdout.readline()
    server, worker = map(int, re.match(r"server pid (\d+), worker pid (\d+)", first).groups())
    status = None
    for _ in range(600):  # the machine may be busy: up to a minute to start
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/",
                                            timeout=5).status
            break
        except OSError:
            time.sleep(0.1)
    assert status == 200
    assert alive(worker)

    process.send_signal(signal.SIGINT)

    assert process.wait(60) == 0
    assert "stopped: server" in process.stdout.read()
    assert not alive(server) and not alive(worker)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)


def test_when_the_worker_stops_the_server_is_stopped_too(tmp_path):
    # no queue table in this database: the worker stops at its first look
    process = serve(tmp_path, free_port())

    assert process.wait(120) == 0
    output = process.stdout.read()
    assert re.search(r"stopped: server \(-?\d+\), worker \(1\)", output), output


def test_a_sigterm_stops_both_and_what_their_reloaders_started_even_from_a_background_job(
        data_dir, tmp_path):
    """Started as a background job of a script (SIGINT ignored, as a shell's ``&`` does),
    then stopped by a SIGTERM (``kill``, a service manager): nothing of it may keep the port
    or poll the queue — before, the server's and the worker's autoreloaders left their
    children running."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*SXSH, "serve", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
            env=environment(data_dir),
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            break
        except OSError:
            time.sleep(0.1)
    server, worker = map(int, re.search(r"server pid (\d+), worker pid (\d+)",
                                        log.read_text()).groups())

    process.send_signal(signal.SIGTERM)

    assert process.wait(60) == 0
    assert "stopped: server" in log.read_text()
    left = subprocess.run(["pgrep", "-g", f"{server},{worker}"], capture_output=True,
                          text=True).stdout.split()
    for pid in left:  # not to leave them running after a failure
        os.kill(int(pid), signal.SIGKILL)
    assert left == []
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
