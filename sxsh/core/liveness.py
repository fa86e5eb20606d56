"""Whether the process doing a piece of background work is still alive.

The worker takes an exclusive lock (``flock``) on a file named for the work while it does
it, and removes the file when it ends, however the work ends. The operating system releases
the lock when the process ends, however it ends (kill -9, a restart, the machine losing
power), but then nobody removes the file: a lock file that is there and that nobody holds
is the sign that its worker died. A page showing the work "in progress" asks ``abandoned``
and says so instead of waiting for ever.

The file appears already locked (it is locked under a scratch name, then renamed), so a
reader never finds it free while a worker is only starting. The lock is the machine's: the
worker and the web server share the folder on one machine (as ``sxsh serve`` and the
systemd units of the README run them).
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def holding(path: Path) -> Iterator[None]:
    """Hold the lock named ``path`` for the work done inside."""
    scratch = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(scratch, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.replace(scratch, path)
        yield
    finally:
        scratch.unlink(missing_ok=True)
        path.unlink(missing_ok=True)  # before the lock goes: a reader then finds no file
        os.close(fd)  # releases the lock


def abandoned(path: Path) -> bool:
    """Whether the lock file ``path`` is there and nobody holds it: its worker died."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True
