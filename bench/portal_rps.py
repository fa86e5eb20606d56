"""Benchmark: requests per second of the public CP section under gunicorn on loopback.

    .venv/bin/python bench/portal_rps.py [--facilities 120] [--seconds 5] [--workers 2]
                                         [--rounds 3]

Builds a throwaway SQLite database in a temporary folder (reference data, the seed plan,
the demo data set with the demo portal content), starts gunicorn with ``--workers`` sync
workers on a free loopback port, and measures with ``wrk`` (2 threads, 8 connections,
``--seconds`` each, after a one-second warm-up) the home page, a list, a detail page and a
search as an anonymous visitor would, beside a trivial view served by the same server
(``portal_urls.trivial``). The pages are measured in turn, ``--rounds`` times over, so that
a burst of load from other work on the machine falls on every page alike; prints each
page's median requests per second, its ratio to the trivial view's median (the issue's
aim: at least 0.5×), and the machine's load average before and after.

On a machine shared with other work the requests per second swing by ±50 % from round to
round; so each page is also timed in one process through the same WSGI application
(``--cpu``, run by the script itself on the same database): the processor time of one
request (the median of five batches), which other processes' load changes far less, and
its ratio to the trivial view's.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {
    "SXSH_DEBUG": "0", "SXSH_SECRET_KEY": "bench-only-key-never-used-elsewhere-0123456789",
    "SXSH_SSL_REDIRECT": "0", "SXSH_SECURE_COOKIES": "0", "SXSH_HSTS_SECONDS": "0",
    "SXSH_STATIC_MANIFEST": "0", "SXSH_LOG_LEVEL": "ERROR",
}
PAGES = [
    ("trivial view", "/bench/trivial/"),
    ("home", "/"),
    ("list (library)", "/library/"),
    ("detail (guide)", "/library/demo-huong-dan-chung/"),
    ("detail (article)", "/news/demo-hoi-thao-sxsh-2018/"),
    ("detail (case study, 3 pictures)", "/case-studies/demo-dien-hinh/"),
    ("search", "/search/?q=san+xuat+sach+hon"),
]


def _sxsh(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "sxsh"), *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


def _wrk(url: str, seconds: int) -> float:
    subprocess.run(["wrk", "-t2", "-c8", "-d1s", url], check=True, capture_output=True)
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", url], check=True,
                         capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered with errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _environ(path: str) -> dict:
    address, _, query = path.partition("?")
    return {"REQUEST_METHOD": "GET", "PATH_INFO": address, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False}


def cpu_per_request(requests: int = 300, batches: int = 5) -> dict[str, float]:
    """Each page's processor time per request (µs) as an anonymous visitor asks it of the
    WSGI application, after one request that fills the kept page."""
    import portal_wsgi

    def ask(path: str) -> None:
        statuses: list[str] = []
        body = portal_wsgi.application(_environ(path), lambda s, h, e=None: statuses.append(s))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"{path} answered {statuses[0]}")

    times = {}
    for _name, path in PAGES:
        ask(path)
        samples = []
        for _batch in range(batches):
            started = time.process_time()
            for _ in range(requests):
                ask(path)
            samples.append((time.process_time() - started) / requests * 1e6)
        times[path] = statistics.median(samples)
    return times


def main() -> int:
    if sys.argv[1:] == ["--cpu"]:
        print(json.dumps(cpu_per_request()))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facilities", type=int, default=120)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sxsh-portal-bench-") as data:
        env = {**os.environ, **ENV, "SXSH_DATA_DIR": data,
               "SXSH_ALLOWED_HOSTS": "127.0.0.1,localhost",
               "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}"}
        env.pop("DATABASE_URL", None)
        started = time.monotonic()
        _sxsh(env, "migrate", "--noinput", "-v0")
        _sxsh(env, "load-reference")
        _sxsh(env, "plan-load", "sxsh/plans/data/157-KH-UBND-2016.yaml")
        _sxsh(env, "demo-data", "--facilities", str(args.facilities), "--seed", "1")
        print(f"data set: {args.facilities} demo facilities and the demo portal "
              f"({time.monotonic() - started:.0f} s to build)")
        port = _free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "portal_wsgi:application", "-w", str(args.workers),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"], env=env, cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/bench/trivial/")
            load = os.getloadavg()[0]
            runs: dict[str, list[float]] = {path: [] for _name, path in PAGES}
            for _round in range(args.rounds):
                for _name, path in PAGES:
                    runs[path].append(_wrk(base + path, args.seconds))
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=10)
        cpu = json.loads(subprocess.run(
            [sys.executable, __file__, "--cpu"], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True).stdout)
    medians = {path: statistics.median(rps) for path, rps in runs.items()}
    trivial = medians[PAGES[0][1]]
    print(f"\nload average (1 min) {load:.1f} before, {load_after:.1f} after; the median of "
          f"{args.rounds} rounds")
    print("\n| page | address | req/s | ratio to the trivial view | processor µs a request "
          "| ratio |\n|---|---|---:|---:|---:|---:|")
    for name, path in PAGES:
        print(f"| {name} | `{path}` | {medians[path]:,.0f} | {medians[path] / trivial:.2f}× "
              f"| {cpu[path]:,.0f} | {cpu[PAGES[0][1]] / cpu[path]:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
