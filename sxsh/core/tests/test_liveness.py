"""A lock file held by a live worker is not abandoned; once its worker is killed (kill -9:
nothing of it runs to clean up) it is; a worker ending normally leaves no file."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sxsh.core.liveness import abandoned, holding

#: A process that takes the lock as the worker does (flock, exclusive), says so, and waits
#: to be killed.
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


@contextmanager
def held_by_another_process(path: Path) -> Iterator[subprocess.Popen]:
    """``path`` locked by another process until the caller kills it with SIGKILL."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


def kill_9(holder: subprocess.Popen) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)


def test_a_lock_held_by_a_live_process_is_not_abandoned_and_is_once_it_is_killed(tmp_path):
    path = tmp_path / "7.lock"
    with held_by_another_process(path) as holder:
        assert not abandoned(path)
        kill_9(holder)
        assert path.exists()  # nobody cleaned up
        assert abandoned(path)


def test_work_ending_normally_or_by_an_error_leaves_no_file(tmp_path):
    path = tmp_path / "8.lock"
    with holding(path):
        assert path.exists() and not abandoned(path)
    assert not path.exists() and not abandoned(path)
    try:
        with holding(path):
            raise RuntimeError
    except RuntimeError:
        pass
    assert list(tmp_path.iterdir()) == []


def test_no_file_is_not_abandoned(tmp_path):
    assert not abandoned(tmp_path / "never.lock")
