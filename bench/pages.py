"""Benchmark of the indicator pages: each beside one ``compute_year`` in the same run.

    .venv/bin/python bench/pages.py                                   # SQLite, 100,000
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py --backend postgres
    .venv/bin/python bench/pages.py --facilities 10000 --seconds 5

Generates the facilities of bench/indicators.py (five years of reports, 2016–2020) in a
database of its own (on PostgreSQL written with COPY), loads the seed plan 2016–2020 and
the demo users, then measures for the year 2020 (medians):

- the engine: ``compute_year`` (one year), ``compute_years`` (the plan's five years) and
  the faster hand-written query for I1–I4 (bench/indicators.py; figures must agree);
- the dashboard (``/indicators/``, as the officer ``canbo``) and the public page
  (``/indicators/public/``), as the menu opens them (no year named: the default year is
  computed too; it is 2020 in these data): cold (the cache emptied), after a write dated in
  the page's year (one accepted report of 2020 changed: the plan's earlier years are kept) and
  repeated, with their queries, each ÷ one year;
- with ``wrk`` (installed separately) on a gunicorn of two workers on the loopback, the
  public page's requests per second beside those of a trivial view on the same server
  (``bench/urls.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import indicators as common  # noqa: E402  (bench/indicators.py)

YEAR = 2020
PORT = 18473
PASSWORD = "Bench-pass-2016"


def copy_create(model, objects: list) -> None:
    """``objects`` written with PostgreSQL's COPY, each field's value prepared by Django."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection)
                            for f in fields])


def prepare(n: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sxsh.core.models import AdminUnit, VsicDivision
    from sxsh.core.services import demo_users_ensure, reference_load

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    reference_load()
    call_command("plan-load", str(BENCH.parent / "sxsh/plans/data/157-KH-UBND-2016.yaml"),
                 verbosity=0)
    demo_users_ensure(password=PASSWORD)
    units = list(AdminUnit.objects.filter(level="district").values_list("pk", flat=True))
    divisions = list(VsicDivision.objects.values_list("pk", flat=True))
    t0 = time.perf_counter()
    postgres = connection.vendor == "postgresql"
    common.generate(0, n, random.Random(seed), units, divisions,
                    write=copy_create if postgres else common.bulk_create)
    common.analyse()
    print(f"  {n:,} facilities generated in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def write_in(year: int) -> None:
    """One accepted report of ``year`` changed (its staff flag turned over), as an officer's
    correction would: the pages' kept figures of ``year`` and later no longer hold."""
    from sxsh.facilities.models import Report

    report = Report.objects.filter(year=year, status="accepted").order_by("pk").first()
    Report.objects.filter(pk=report.pk).update(cp_staff=not report.cp_staff)


def page_times(client, url: str) -> dict:
    """Request times of ``url``: cold (the cache emptied: every year computed), after a
    write dated in the page's year (the figures of the plan's earlier years kept: the
    daily case) and repeated (no change); and the cold queries. Medians of three."""
    from django.core.cache import cache
    from django.db import connection

    def cold():
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    cold_s, _ = common.median_of(cold, 3)
    client.get(url)
    afters = []
    for _ in range(3):
        write_in(YEAR)
        t0 = time.perf_counter()
        response = client.get(url)
        afters.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    after_s = statistics.median(afters)
    cache.clear()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    warm_s, _ = common.best_of(lambda: client.get(url), 5)
    return {"cold": cold_s, "after": after_s, "warm": warm_s, "queries": len(queries)}


def engine_times() -> dict:
    """Medians of five runs each: one year, the plan's five years, and the faster of the two
    hand-written queries, taken in turn so that both meet the same load."""
    from sxsh.indicators.engine import Scope, compute_year, compute_years

    scope = Scope()
    one, results = common.median_of(lambda: compute_year(scope, YEAR))
    series, _ = common.median_of(lambda: compute_years(scope, range(2016, 2021)))
    figures = {c: (results[c].numerator, results[c].denominator)
               for c in ("I1", "I2", "I3", "I4")}
    hand = float("inf")
    for template in (common.HAND_SQL, common.HAND_SQL_CORRELATED):
        took, hand_figures = common.median_of(lambda t=template: common.hand_written(YEAR, t))
        if figures != hand_figures:
            raise SystemExit(f"engine {figures} ≠ hand-written {hand_figures}")
        hand = min(hand, took)
    # The engine again, after the hand-written queries: the load may have changed meanwhile.
    again, _ = common.median_of(lambda: compute_year(scope, YEAR))
    return {"one": min(one, again), "series": series, "hand": hand}


@contextlib.contextmanager
def gunicorn():
    """A gunicorn of two workers on the loopback serving the project and the trivial view;
    yields its base address once it answers."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{PORT}",
         "--pythonpath", f"{BENCH},{BENCH.parent}", "--log-level", "warning",
         "--timeout", "120", "sxsh.wsgi:application"], env=env)
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                subprocess.run(["curl", "-sf", "-o", "/dev/null", f"{base}/bench/trivial/"],
                               check=True)
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()


def warm(base: str, path: str, cookie: str = "") -> None:
    """Each worker's cache filled (the page is computed once per worker)."""
    for _ in range(3):
        subprocess.run(["curl", "-sf", "-o", "/dev/null", "-b", cookie, base + path],
                       check=True)


def requests_per_second(seconds: int) -> dict:
    """wrk against a gunicorn (2 workers) on the loopback: a trivial view, the public page."""
    with gunicorn() as base:
        rates = {}
        for name, path in (("trivial", "/bench/trivial/"),
                           ("public", f"/indicators/public/?year={YEAR}")):
            warm(base, path)
            out = subprocess.run(["wrk", "-t", "2", "-c", "8", "-d", f"{seconds}s", base + path],
                                 check=True, capture_output=True, text=True).stdout
            rates[name] = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if errors:
                raise SystemExit(f"{path}: {errors[1]} failed responses")
        return rates


def mixed_load(users: int, seconds: int, session: str) -> list[dict]:
    """locust (bench/load.py, its own process) with ``users`` users for ``seconds`` against
    a gunicorn of two workers, after each page has been asked once per worker: per page
    the requests, failures, median and 95th percentile."""
    with gunicorn() as base, tempfile.TemporaryDirectory() as tmp:
        cookie = f"sessionid={session}"
        for path in (f"/indicators/public/?year={YEAR}", f"/indicators/?year={YEAR}", "/",
                     "/library/", "/search/?q=san+xuat+sach+hon"):
            warm(base, path, cookie)
        subprocess.run(
            [str(Path(sys.executable).parent / "locust"), "-f", str(BENCH / "load.py"),
             "--headless", "-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", base,
             "--csv", f"{tmp}/load", "--only-summary", "--loglevel", "WARNING"],
            env={**os.environ, "SXSH_BENCH_SESSION": session, "SXSH_BENCH_YEAR": str(YEAR)},
            check=False, capture_output=True, timeout=seconds + 120)
        with open(f"{tmp}/load_stats.csv", newline="") as f:
            return [{"page": row["Name"], "requests": int(row["Request Count"]),
                     "failures": int(row["Failure Count"]),
                     "p50": float(row["50%"]), "p95": float(row["95%"])}
                    for row in csv.DictReader(f)]


def run(backend: str, n: int, seed: int, seconds: int, users: int, load_seconds: int) -> None:
    from django.test import Client

    prepare(n, seed)
    engine = engine_times()
    from sxsh.core.models import User

    officer = Client()
    officer.force_login(User.objects.get(username="canbo"))
    dashboard = page_times(officer, "/indicators/")
    public = page_times(Client(), "/indicators/public/")
    rates = requests_per_second(seconds)
    one = engine["one"]
    load = os.getloadavg()
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    print(f"| {backend} | {n:,} | {ms(one)} | {ms(engine['series'])} | {ms(engine['hand'])} "
          f"| {one / engine['hand']:.2f}× | {ms(dashboard['cold'])} "
          f"({dashboard['cold'] / one:.2f}×) | {ms(dashboard['after'])} "
          f"({dashboard['after'] / one:.2f}×) | {ms(dashboard['warm'])} "
          f"| {ms(public['cold'])} ({public['cold'] / one:.2f}×) | {ms(public['after'])} "
          f"({public['after'] / one:.2f}×) | {ms(public['warm'])} "
          f"| {dashboard['queries']} / {public['queries']} "
          f"| {rates['public']:,.0f} / {rates['trivial']:,.0f} "
          f"({rates['public'] / rates['trivial']:.2f}×) "
          f"| {load[0]:.1f} |", flush=True)
    if users:
        rows = mixed_load(users, load_seconds, officer.cookies["sessionid"].value)
        load = os.getloadavg()
        print(f"\n{users} users for {load_seconds} s, {backend}, {n:,} facilities "
              f"(load {load[0]:.1f} at the end):\n")
        print("| page | requests | failures | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|")
        for row in rows:
            print(f"| {row['page']} | {row['requests']:,} | {row['failures']:,} "
                  f"| {row['p50']:,.0f} | {row['p95']:,.0f} |", flush=True)


def in_own_database(backend: str, measure: Callable[[str], None]) -> None:
    """Django set up on a database of the benchmark's own — SQLite in a temporary
    directory, or on PostgreSQL one created beside ``DATABASE_URL``'s and dropped after —
    then ``measure`` called with the database's name."""
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as tmp:
        os.environ["SXSH_STATIC_ROOT"] = str(Path(tmp) / "static")
        url = os.environ.get("DATABASE_URL", "").strip()
        if backend == "postgres":
            if not url:
                raise SystemExit("Set DATABASE_URL to run on PostgreSQL.")
            bench_url, drop = common.postgres_database(url)
            common.setup_django(bench_url, tmp)
            os.environ["DATABASE_URL"] = bench_url
            try:
                measure("PostgreSQL")
            finally:
                drop()
        else:
            common.setup_django(None, tmp)
            measure("SQLite")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=50,
                        help="of the mixed load with locust (0: none)")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=PORT, help="of the gunicorn")
    args = parser.parse_args()
    globals()["PORT"] = args.port
    # Plain HTTP on the loopback, for the test client and gunicorn alike.
    os.environ.update(SXSH_SSL_REDIRECT="0", SXSH_SECURE_COOKIES="0",
                      SXSH_ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    print("| database | facilities | one year | five years | hand-written | engine ÷ hand "
          "| dashboard cold (÷ one year) | after a write (÷) | repeat "
          "| public cold (÷ one year) | after a write (÷) | repeat "
          "| queries cold (dashboard / public) | public / trivial req/s | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
          flush=True)
    in_own_database(args.backend,
                    lambda name: run(name, args.facilities, args.seed, args.seconds,
                                     args.users, args.load_seconds))


if __name__ == "__main__":
    main()
