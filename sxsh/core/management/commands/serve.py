"""``sxsh serve [ADDR:PORT]``: the web server and the background worker side by side.

What ``make run`` starts: Django's development server and the tasks worker
(``db_worker``), one process group each. Ctrl-C or a SIGTERM stops both, with their
autoreloaders' children; if either stops on its own, the other is stopped too, so that
nobody is left with a server whose imports never run. In production each runs under the
service manager instead (README, "Background worker").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

#: Seconds a process is given to stop after it was asked, before it is killed.
GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Serve the application and run the background worker beside it (Ctrl-C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000",
                            help="address and port of the web server (default: %(default)s)")

    def handle(self, *args, addrport: str, **options) -> None:
        sxsh = [sys.executable, "-m", "sxsh.cli"]
        commands = {
            "server": [*sxsh, "runserver", addrport],
            "worker": [*sxsh, "db_worker", "--no-startup-delay"],
        }
        # Each in a process group of its own, so that stopping it stops its autoreloader's
        # child too (the process that really serves), whatever signals it was started
        # ignoring (a background job ignores Ctrl-C's SIGINT).
        processes = {name: subprocess.Popen(command, start_new_session=True)
                     for name, command in commands.items()}
        self.stdout.write(f"server pid {processes['server'].pid}, "
                          f"worker pid {processes['worker'].pid}; Ctrl-C stops both")
        # Ctrl-C (SIGINT) and a SIGTERM reach this process; _stop passes them on.
        signal.signal(signal.SIGTERM, lambda *_: self._stop(processes))
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(processes)
        stopped = [f"{name} ({p.returncode})" for name, p in processes.items()]
        self.stdout.write("stopped: " + ", ".join(stopped))

    def _stop(self, processes: dict[str, subprocess.Popen]) -> None:
        """SIGTERM to each process's group, then SIGKILL to what is left of it after the
        grace period."""
        for process in processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            _signal_group(process, signal.SIGKILL)  # a reloader's child left behind


def _signal_group(process: subprocess.Popen, number: int) -> None:
    try:
        os.killpg(process.pid, number)
    except ProcessLookupError:  # the whole group has gone
        pass
