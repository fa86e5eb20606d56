"""Benchmark: one million facility-years on PostgreSQL (issue 13) — the indicators of one
year and the dashboard, cold.

    DATABASE_URL=postgres://…/any_db .venv/bin/python bench/million.py
    DATABASE_URL=postgres://…/any_db .venv/bin/python bench/million.py --facilities 20000

The data of ``pages.py`` (200 000 facilities × the five years 2016–2020 of
``indicators.py``, written with ``COPY``; the seed plan; the demo users) in a database of
the script's own beside the one ``DATABASE_URL`` names, dropped at the end. It measures,
for 2020 (medians), and prints each figure as soon as it has it (the generation alone
takes minutes):

- **one year** — ``compute_year``; **five years** — ``compute_years`` of the plan's years;
  **hand-written** — the faster hand-written I1–I4 query of ``indicators.py`` (the figures
  must agree);
- **dashboard** (``/indicators/`` as ``canbo``) and **public** (``/indicators/public/``)
  through Django's test client: cold (cache emptied first), after a write dated in 2020
  (``pages.page_times``) and repeated;
- **load** — the one-minute load average when the row is printed.

No web server is started: at this size a cold public page outlasts gunicorn's 30 s worker
timeout on a loaded machine, which is what ``pages.py``'s requests-per-second run needs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import indicators as common  # noqa: E402  (bench/indicators.py)
import pages  # noqa: E402  (bench/pages.py)


def say(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}, load {os.getloadavg()[0]:.1f}] {text}",
          file=sys.stderr, flush=True)


def run(n: int, seed: int) -> None:
    from django.test import Client

    from sxsh.core.models import User

    t0 = time.perf_counter()
    pages.prepare(n, seed)
    say(f"{n:,} facilities ready in {time.perf_counter() - t0:.0f} s")
    engine = pages.engine_times()
    one = engine["one"]
    say(f"one year {one * 1000:,.0f} ms, five years {engine['series'] * 1000:,.0f} ms, "
        f"hand-written {engine['hand'] * 1000:,.0f} ms")
    officer = Client()
    officer.force_login(User.objects.get(username="canbo"))
    dashboard = pages.page_times(officer, "/indicators/")
    say(f"dashboard cold {dashboard['cold'] * 1000:,.0f} ms")
    public = pages.page_times(Client(), "/indicators/public/")
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    print(f"| PostgreSQL | {n:,} | {n * 5:,} | {ms(one)} | {ms(engine['series'])} "
          f"| {ms(engine['hand'])} | {one / engine['hand']:.2f}× "
          f"| {ms(dashboard['cold'])} ({dashboard['cold'] / one:.2f}×) "
          f"| {ms(dashboard['after'])} ({dashboard['after'] / one:.2f}×) | {ms(dashboard['warm'])} "
          f"| {ms(public['cold'])} ({public['cold'] / one:.2f}×) "
          f"| {ms(public['after'])} ({public['after'] / one:.2f}×) | {ms(public['warm'])} "
          f"| {dashboard['queries']} / {public['queries']} | {os.getloadavg()[0]:.1f} |",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server.")
    os.environ.update(SXSH_SSL_REDIRECT="0", SXSH_SECURE_COOKIES="0",
                      SXSH_ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    print("| database | facilities | facility-years | one year | five years | hand-written "
          "| engine ÷ hand | dashboard cold (÷ one year) | after a write (÷) | repeat "
          "| public cold (÷ one year) | after a write (÷) | repeat "
          "| queries cold (dashboard / public) | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as tmp:
        os.environ["SXSH_STATIC_ROOT"] = str(Path(tmp) / "static")
        bench_url, drop = common.postgres_database(url)
        common.setup_django(bench_url, tmp)
        os.environ["DATABASE_URL"] = bench_url
        try:
            run(args.facilities, args.seed)
        finally:
            drop()


if __name__ == "__main__":
    main()
