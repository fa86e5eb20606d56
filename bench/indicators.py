"""Benchmark of the indicator engine on 1,000 / 10,000 / 100,000 facilities.

    .venv/bin/python bench/indicators.py                      # SQLite, in a temp directory
    DATABASE_URL=postgres://… .venv/bin/python bench/indicators.py   # PostgreSQL too

Generates facilities with five years of reports (2016–2020) through ``bulk_create`` in a
database of its own (an SQLite file under a temporary directory; on PostgreSQL a database
``sxsh_bench_<pid>`` created beside the one ``DATABASE_URL`` names and dropped at the end),
then prints, per size: the time to compute all indicators of one year and of the
five-year series, the queries used, the peak Python memory of one year's computation,
and the time of a hand-written SQL query computing I1–I4 for the same year (whose figures
must equal the engine's). Sizes grow in place: 1,000 facilities, then 9,000 more, …
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = list(range(2016, 2021))
YEAR = 2020
REPEAT = 5


def setup_django(database_url: str | None, data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sxsh.settings"
    os.environ.setdefault("SXSH_SECRET_KEY", "benchmark-only-key-0123456789-abcdefghijklmnop")
    os.environ["SXSH_DEBUG"] = "0"
    os.environ["SXSH_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


# --- Data --------------------------------------------------------------------------------


def bulk_create(model, objects: list) -> None:
    model.objects.bulk_create(objects, batch_size=2000)


def generate(start: int, stop: int, rng: random.Random, units: list[int],
             divisions: list[int], write=bulk_create) -> None:
    """Facilities ``start``…``stop − 1`` and their reports, in batches, each batch of
    model objects written by ``write(model, objects)``."""
    from sxsh.facilities.models import Facility, Report

    sizes = ["micro"] * 40 + ["small"] * 35 + ["medium"] * 17 + ["large"] * 8
    statuses = (["accepted"] * 85 + ["submitted"] * 8 + ["draft"] * 4 + ["returned"] * 3)
    batch = 5000
    for lo in range(start, stop, batch):
        hi = min(stop, lo + batch)
        facilities = []
        for i in range(lo, hi):
            opened = rng.choice([None, *range(1990, 2020)])
            closed = rng.choice(range(2016, 2022)) if rng.random() < 0.05 else None
            if opened and closed and closed <= opened:
                closed = None
            facilities.append(Facility(
                tax_code=f"{i:010d}", name=f"Cơ sở {i:06d}", admin_unit_id=rng.choice(units),
                vsic_id=rng.choice(divisions), size_class=rng.choice(sizes),
                opened_year=opened, closed_year=closed, is_demo=True,
            ))
        write(Facility, facilities)
        ids = dict(Facility.objects.filter(tax_code__gte=f"{lo:010d}",
                                           tax_code__lt=f"{hi:010d}")
                   .values_list("tax_code", "pk"))
        reports = []
        for i in range(lo, hi):
            fid = ids[f"{i:010d}"]
            production = Decimal(rng.randint(100, 100_000))
            sec = [rng.uniform(0.01, 2.0) for _ in range(4)]
            # A yearly improvement: most applying firms save little; about one in eight
            # reaches 8 % over the period, as in the 2016–2020 programmes.
            rate = rng.choice([0.0] * 5 + [0.005, 0.01, 0.015] + [0.03])
            first = None
            aware = staff = applied = False
            for year in YEARS:
                if rng.random() > 0.75:
                    continue
                first = first or year
                aware = aware or rng.random() < 0.35
                staff = staff or rng.random() < 0.15
                applied = applied or rng.random() < 0.2
                factor = (1 - rate) ** (year - first) * rng.uniform(0.98, 1.02)
                prod = production * Decimal(str(round(rng.uniform(0.9, 1.1), 3)))
                values = [Decimal(f"{prod * Decimal(str(s * factor)):.3f}") for s in sec]
                reports.append(Report(
                    facility_id=fid, year=year, status=rng.choice(statuses),
                    baseline_year=first if rng.random() < 0.3 and first < year else None,
                    aware=aware, cp_staff=staff, cp_applied=applied, production=prod,
                    energy_toe=values[0], raw_material_t=values[1],
                    aux_material_t=values[2], water_m3=values[3], source="demo",
                ))
        write(Report, reports)


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- The hand-written query --------------------------------------------------------------

# Both hand-written queries end alike: the savings of a (current, baseline) pair c, b, and
# the totals over ``flags`` (one row per facility) and ``pairs``.
SAVINGS = """
  SELECT 1.0 - (CAST(c.energy_toe AS DOUBLE PRECISION) / c.production)
           / NULLIF(CAST(b.energy_toe AS DOUBLE PRECISION) / b.production, 0) AS se,
         1.0 - (CAST(c.raw_material_t AS DOUBLE PRECISION) / c.production)
           / NULLIF(CAST(b.raw_material_t AS DOUBLE PRECISION) / b.production, 0) AS sr,
         1.0 - (CAST(c.aux_material_t AS DOUBLE PRECISION) / c.production)
           / NULLIF(CAST(b.aux_material_t AS DOUBLE PRECISION) / b.production, 0) AS sa
"""
TOTALS = """
SELECT a.*, b.* FROM
  (SELECT COUNT(*), SUM(aware),
          SUM(CASE WHEN size_class IN ('medium', 'large') THEN 1 ELSE 0 END),
          SUM(CASE WHEN size_class IN ('medium', 'large') THEN staff ELSE 0 END),
          SUM(applied)
   FROM flags) a,
  (SELECT COUNT(*),
          SUM(CASE WHEN se >= 0.08 - 1e-9 OR sr >= 0.08 - 1e-9 OR sa >= 0.08 - 1e-9
                   THEN 1 ELSE 0 END)
   FROM pairs) b
"""

HAND_SQL = f"""
WITH pop AS (
  SELECT id, size_class FROM facilities_facility
  WHERE (opened_year IS NULL OR opened_year <= %(y)s)
    AND (closed_year IS NULL OR closed_year > %(y)s)
),
hist AS (
  SELECT facility_id, MAX(year) AS last_year,
         MAX(CASE WHEN aware THEN 1 ELSE 0 END) AS aware
  FROM facilities_report WHERE status IN %(statuses)s AND year <= %(y)s
  GROUP BY facility_id
),
flags AS (
  SELECT p.id, p.size_class, COALESCE(h.aware, 0) AS aware,
         CASE WHEN r.cp_staff THEN 1 ELSE 0 END AS staff,
         CASE WHEN r.cp_applied THEN 1 ELSE 0 END AS applied
  FROM pop p
  LEFT JOIN hist h ON h.facility_id = p.id
  LEFT JOIN facilities_report r ON r.facility_id = p.id AND r.year = h.last_year
),
firsts AS (
  SELECT facility_id, MIN(year) AS year FROM facilities_report
  WHERE status IN %(statuses)s AND year < %(y)s GROUP BY facility_id
),
pairs AS (
{SAVINGS}  FROM facilities_report c
  JOIN pop p ON p.id = c.facility_id
  JOIN firsts f ON f.facility_id = c.facility_id
  JOIN facilities_report b ON b.facility_id = c.facility_id
       AND b.year = COALESCE(c.baseline_year, f.year) AND b.year < %(y)s
       AND b.status IN %(statuses)s
  WHERE c.year = %(y)s AND c.status IN %(statuses)s AND c.cp_applied
    AND c.production > 0 AND b.production > 0
)
{TOTALS}"""


# The same question written the way the engine asks it: correlated lookups per facility
# and a join to the baseline report. Whichever hand-written query is faster is the yardstick.
HAND_SQL_CORRELATED = f"""
WITH pop AS (
  SELECT id, size_class FROM facilities_facility
  WHERE COALESCE(opened_year, 0) <= %(y)s AND COALESCE(closed_year, 9999) > %(y)s
),
flags AS (
  SELECT p.size_class,
    CASE WHEN EXISTS (SELECT 1 FROM facilities_report r WHERE r.facility_id = p.id
      AND r.year <= %(y)s AND r.status IN %(statuses)s AND r.aware) THEN 1 ELSE 0 END AS aware,
    (SELECT CASE WHEN r.cp_staff THEN 1 ELSE 0 END FROM facilities_report r
      WHERE r.facility_id = p.id AND r.year <= %(y)s AND r.status IN %(statuses)s
      ORDER BY r.year DESC LIMIT 1) AS staff,
    (SELECT CASE WHEN r.cp_applied THEN 1 ELSE 0 END FROM facilities_report r
      WHERE r.facility_id = p.id AND r.year <= %(y)s AND r.status IN %(statuses)s
      ORDER BY r.year DESC LIMIT 1) AS applied
  FROM pop p
),
cur AS (
  SELECT c.*, COALESCE(c.baseline_year, (SELECT MIN(r.year) FROM facilities_report r
      WHERE r.facility_id = c.facility_id AND r.year < %(y)s
        AND r.status IN %(statuses)s)) AS base_year
  FROM facilities_report c
  WHERE c.year = %(y)s AND c.status IN %(statuses)s AND c.cp_applied AND c.production > 0
    AND c.facility_id IN (SELECT id FROM pop)
),
pairs AS (
{SAVINGS}  FROM cur c
  JOIN facilities_report b ON b.facility_id = c.facility_id AND b.year = c.base_year
  WHERE b.year < %(y)s AND b.status IN %(statuses)s AND b.production > 0
)
{TOTALS}"""


def hand_written(year: int, template: str = HAND_SQL) -> dict[str, tuple[int, int]]:
    from django.db import connection

    sql = template.replace("%(statuses)s", "('accepted')").replace("%(y)s", str(int(year)))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        p, aware, ml, staff, applied, pairs, reached = cursor.fetchone()
    return {"I1": (int(aware or 0), p), "I2": (int(staff or 0), ml),
            "I3": (int(applied or 0), p), "I4": (int(reached or 0), pairs)}


# --- Measuring ----------------------------------------------------------------------------


def timings(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def best_of(fn, repeat: int = REPEAT) -> tuple[float, object]:
    times, result = timings(fn, repeat)
    return min(times), result


def median_of(fn, repeat: int = REPEAT) -> tuple[float, object]:
    """The median time of ``repeat`` runs of ``fn`` (on a shared machine the best of a few
    runs flatters whichever side met a quiet moment), and its last result."""
    times, result = timings(fn, repeat)
    return statistics.median(times), result


def measure(n: int, backend: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sxsh.indicators.engine import Scope, compute_year, compute_years

    scope = Scope()
    one_year, results = median_of(lambda: compute_year(scope, YEAR))
    series, _ = median_of(lambda: compute_years(scope, YEARS))
    with CaptureQueriesContext(connection) as one_q:
        compute_year(scope, YEAR)
    with CaptureQueriesContext(connection) as series_q:
        compute_years(scope, YEARS)
    tracemalloc.start()
    compute_year(scope, YEAR)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine_figures = {c: (results[c].numerator, results[c].denominator)
                      for c in ("I1", "I2", "I3", "I4")}
    hand = float("inf")
    for template in (HAND_SQL, HAND_SQL_CORRELATED):
        took, hand_figures = median_of(lambda t=template: hand_written(YEAR, t))
        if engine_figures != hand_figures:
            raise SystemExit(f"engine {engine_figures} ≠ hand-written {hand_figures}")
        hand = min(hand, took)
    return {
        "backend": backend, "n": n, "one_year": one_year, "series": series,
        "queries_one": len(one_q.captured_queries), "queries_series": len(series_q),
        "peak_mib": peak / 2**20, "hand": hand, "ratio": one_year / hand,
        "i4": engine_figures["I4"],
    }


def run(backend: str, sizes: list[int], seed: int) -> list[dict]:
    from django.core.management import call_command

    from sxsh.core.models import AdminUnit, VsicDivision
    from sxsh.core.services import reference_load

    call_command("migrate", verbosity=0)
    reference_load()
    units = list(AdminUnit.objects.filter(level="district").values_list("pk", flat=True))
    divisions = list(VsicDivision.objects.values_list("pk", flat=True))
    rng = random.Random(seed)
    rows, done = [], 0
    for n in sizes:
        t0 = time.perf_counter()
        generate(done, n, rng, units, divisions)
        analyse()
        done = n
        print(f"  [{backend}] {n:,} facilities generated in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
        rows.append(measure(n, backend))
        print_row(rows[-1])
    return rows


def print_row(r: dict) -> None:
    print(f"| {r['backend']} | {r['n']:,} | {r['one_year'] * 1000:,.0f} ms | "
          f"{r['series'] * 1000:,.0f} ms | {r['queries_one']} / {r['queries_series']} | "
          f"{r['peak_mib']:.1f} MiB | {r['hand'] * 1000:,.0f} ms | {r['ratio']:.2f}× | "
          f"{os.getloadavg()[0]:.1f} |",
          flush=True)


def postgres_database(url: str) -> tuple[str, callable]:
    """A database of the benchmark's own beside the one ``url`` names, and its dropper."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"sxsh_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def main() -> None:
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--backend", choices=["sqlite", "postgres"],
                        help="run one backend in this process (the default runs each in its own)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    url = os.environ.get("DATABASE_URL", "").strip()
    if args.backend is None:
        # Django is set up once per process: one child process per database.
        print("| database | facilities | one year | five years | queries (year / series) "
              "| peak memory | hand-written SQL | ratio | load |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        for backend in ["sqlite", "postgres"] if url else ["sqlite"]:
            subprocess.run([sys.executable, __file__, "--backend", backend, "--sizes",
                            args.sizes, "--seed", str(args.seed)], check=True)
        return
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as tmp:
        if args.backend == "postgres":
            if not url:
                raise SystemExit("Set DATABASE_URL to run on PostgreSQL.")
            bench_url, drop = postgres_database(url)
            setup_django(bench_url, tmp)
            try:
                run("PostgreSQL", sizes, args.seed)
            finally:
                drop()
        else:
            setup_django(None, tmp)
            run("SQLite", sizes, args.seed)


if __name__ == "__main__":
    main()
