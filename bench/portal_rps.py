"""Benchmark: requests per second of the public CP section under gunicorn on loopback.

    .venv/bin/python bench/portal_rps.py [--facilities 120] [--seconds 5] [--workers 2]

Builds a throwaway SQLite database in a temporary folder (reference data, the seed plan,
the demo data set with the demo portal content), starts gunicorn with ``--workers`` sync
workers on a free loopback port, and measures with ``wrk`` (2 threads, 8 connections,
``--seconds`` each, after a one-second warm-up) the home page, a list, a detail page and a
search as an anonymous visitor would, beside a trivial view served by the same server
(``portal_urls.trivial``). Prints requests per second and the ratio to the trivial view
(the issue's aim: at least 0.5×).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facilities", type=int, default=120)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
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
            rows = [(name, path, _wrk(base + path, args.seconds)) for name, path in PAGES]
        finally:
            server.terminate()
            server.wait(timeout=10)
    trivial = rows[0][2]
    print("\n| page | address | req/s | ratio to the trivial view |\n|---|---|---:|---:|")
    for name, path, rps in rows:
        print(f"| {name} | `{path}` | {rps:,.0f} | {rps / trivial:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
