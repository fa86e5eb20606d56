"""Benchmark: import yearly report rows from CSV and XLSX beside the database's own bulk load.

    .venv/bin/python bench/import_bench.py                          # 100 000 rows, SQLite
    .venv/bin/python bench/import_bench.py --rows 100000,1000000 --formats csv
    DATABASE_URL=postgres://… .venv/bin/python bench/import_bench.py --databases postgres
    DATABASE_URL=postgres://… .venv/bin/python bench/import_bench.py   # PostgreSQL too

Each step runs in its own process on one database per size (an SQLite file in a temporary
folder; on PostgreSQL a database ``sxsh_bench_<pid>`` created beside the one
``DATABASE_URL`` names and dropped at the end), so that its peak memory (``ru_maxrss``) is
its own. For each size and format it prints, in the same run:

- **bulk load** — the same rows loaded with no validation, as the database loads them
  itself: the CSV read by the csv module, tax codes looked up once, every row inserted by
  ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), in one transaction;
- **bare read** — openpyxl ``read_only`` iterating every row of the workbook (XLSX);
- **import** — ``import_reports`` as ``sxsh import-reports`` runs it (parse, check, write,
  audit: one import record and its action, which every created report points at;
  warnings), and its ratio to the bulk load and, for XLSX, to the bare read;
- **peak** — the import's peak Python allocations (``tracemalloc``, a second run) and the
  process's peak resident memory (``ru_maxrss``), beside the same process before the import
  (Django, settings, the database connection);
- **reimport** — the same file imported again: every row compared, nothing written.

Above 100 000 rows the import runs once, not traced (``tracemalloc`` would double its
time), and is not imported again: its peak memory is the resident one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEARS = range(2016, 2021)
MIB = 2**20
#: The largest file also imported a second time (a re-import compares every row).
REIMPORTED = 100_000

# Production settings (DEBUG off: no query log in memory), with a throwaway key.
BENCH_ENV = {
    "SXSH_DEBUG": "0", "SXSH_SECRET_KEY": "bench-only-key-never-used-elsewhere-0123456789",
    "SXSH_SSL_REDIRECT": "0", "SXSH_SECURE_COOKIES": "0", "SXSH_HSTS_SECONDS": "0",
    "SXSH_STATIC_MANIFEST": "0",
}


def _django(data_dir: str) -> None:
    os.environ["SXSH_DATA_DIR"] = data_dir
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_setup(data_dir: str, rows: int, formats: list[str]) -> dict:
    """A database with rows/5 facilities, and the report file in each format."""
    _django(data_dir)
    from django.core.management import call_command
    from openpyxl import Workbook

    from sxsh.core.models import AdminUnit, VsicDivision
    from sxsh.facilities.interchange.columns import REPORT_COLUMNS, REPORT_OPTIONAL
    from sxsh.facilities.models import Facility

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    unit = AdminUnit.objects.get(code="phu-vang")
    vsic = VsicDivision.objects.get(code="10")
    n = rows // len(YEARS)
    for start in range(0, n, 10_000):
        Facility.objects.bulk_create(
            [Facility(tax_code=f"33{i:08d}", name=f"Bench {i}", admin_unit=unit, vsic=vsic,
                      opened_year=2000) for i in range(start, min(start + 10_000, n))],
            batch_size=5000)
    # The optional columns (measures, comments) are left out: stored as empty texts.
    header = [c for c in REPORT_COLUMNS if c not in REPORT_OPTIONAL]

    def data():
        for i in range(n):
            for k, year in enumerate(YEARS):
                yield [f"33{i:08d}", year, 2016, 1, i % 2, k % 2, "tấn",
                       1000 + i % 97, 1_000_000 - k * 20_000, 50 + k, "coal_2", 2.5, "", "",
                       "", 10 + k, 1200 - k, 40, 5000 - 10 * k]

    with open(Path(data_dir) / "reports.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(data())
    if "xlsx" in formats:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("reports")
        ws.append(header)
        for row in data():
            ws.append([None if v == "" else v for v in row])
        wb.save(Path(data_dir) / "reports.xlsx")
    return {"facilities": n}


#: The bulk load's second target: a copy of the reports table without its triggers.
PLAIN_TABLE = "bench_plain_report"


def _plain_table(connection, table: str) -> None:
    """A copy of ``table`` named PLAIN_TABLE: the same columns, defaults, keys, indexes and
    foreign keys, and none of its triggers (the summary's, the inputs' version and years)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {PLAIN_TABLE} (LIKE {table} INCLUDING ALL)")
            cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid = %s::regclass AND contype = 'f'", [table])
            for (definition,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {PLAIN_TABLE} ADD {definition}")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = %s "
                       "AND type IN ('table', 'index') AND sql IS NOT NULL "
                       "ORDER BY type = 'index'", [table])
        for name, sql in cursor.fetchall():
            # an index's name too (some name no table: "facilities__year_…_idx")
            renamed = PLAIN_TABLE if name == table else f"{PLAIN_TABLE}_{name}"
            cursor.execute(sql.replace(f'"{name}"', f'"{renamed}"', 1)
                           .replace(f'"{table}"', f'"{PLAIN_TABLE}"'))


def step_bulk(data_dir: str, plain: bool = False) -> dict:
    """The rows of the CSV file inserted as they are: no parsing, no rule, no audit; with
    ``plain``, into a copy of the reports table without triggers (dropped afterwards)."""
    _django(data_dir)
    from django.db import connection, transaction
    from django.utils import timezone

    from sxsh.facilities.interchange.columns import REPORT_COLUMNS, REPORT_OPTIONAL
    from sxsh.facilities.models import Facility, Report

    table = Report._meta.db_table
    if plain:
        _plain_table(connection, table)
        table = PLAIN_TABLE
    start = time.perf_counter()
    ids = dict(Facility.objects.values_list("tax_code", "pk"))
    columns = [c for c in REPORT_COLUMNS if c != "tax_code" and c not in REPORT_OPTIONAL]
    now = timezone.now()
    fixed = {"facility_id": None, "status": "accepted", "source": "import",
             "cp_measures": "", "quality_warnings": "[]", "quality_comment": "",
             "review_comment": "", "submitted_at": now, "created_at": now, "updated_at": now}
    names = [*fixed, *columns]
    path = Path(data_dir) / "reports.csv"
    with path.open(newline="", encoding="utf-8") as fh, transaction.atomic():
        reader = csv.reader(fh)
        header = next(reader)
        at = [header.index(c) for c in columns]
        tax = header.index("tax_code")
        constants = list(fixed.values())[1:]

        def rows():
            for row in reader:
                yield [ids[row[tax]], *constants, *((row[i] or None) for i in at)]

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows():
                        copy.write_row(row)
            else:
                sql = (f"INSERT INTO {table} ({', '.join(names)}) "
                       f"VALUES ({', '.join(['%s'] * len(names))})")
                cursor.executemany(sql, rows())
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
        if plain:
            cursor.execute(f"DROP TABLE {PLAIN_TABLE}")
    return {"seconds": seconds, "rows": count, "peak_rss_mib": _rss_mib()}


def step_read(data_dir: str) -> dict:
    """Every row of the workbook read by openpyxl, read-only, and nothing else."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    count = 0
    wb = load_workbook(Path(data_dir) / "reports.xlsx", read_only=True, data_only=True)
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        count += 1
    wb.close()
    return {"seconds": time.perf_counter() - start, "rows": count - 1}


def step_reset(data_dir: str) -> dict:
    _django(data_dir)
    from django.db import connection

    with connection.cursor() as cursor:  # no ORM cascade: nothing else points at reports
        for table in ("facilities_report", "facilities_importbatch", "auditlog_logentry",
                      "core_auditaction"):
            cursor.execute(f"DELETE FROM {table}")
    return {}


def step_import(data_dir: str, fmt: str, trace: bool) -> dict:
    _django(data_dir)
    from django.db import connection

    from sxsh.facilities.interchange.reports_import import import_reports

    path = Path(data_dir) / f"reports.{fmt}"
    connection.ensure_connection()
    base = _rss_mib()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    seconds = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] / MIB if trace else None
    assert result.ok, (result.problem, result.errors[:3])
    return {"seconds": seconds, "rows": result.rows, "created": result.created,
            "unchanged": result.unchanged, "peak_rss_mib": _rss_mib(), "django_mib": base,
            "traced_mib": traced}


def run(step: str, data_dir: str, url: str, *args: str) -> dict:
    env = {**os.environ, **BENCH_ENV}
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, "--dir", data_dir, *args],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )
    if out.returncode:
        raise SystemExit(f"step {step} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(url: str, database: str, rows: int, formats: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as data_dir:
        run("setup", data_dir, url, "--rows", str(rows), "--formats", ",".join(formats))
        bulk = run("bulk", data_dir, url)
        assert bulk["rows"] == rows, bulk
        plain = run("bulk", data_dir, url, "--plain")
        assert plain["rows"] == rows, plain
        run("reset", data_dir, url)
        for fmt in formats:
            read = run("read", data_dir, url) if fmt == "xlsx" else None
            if rows <= REIMPORTED:
                first = run("import", data_dir, url, "--format", fmt)
                again = run("import", data_dir, url, "--format", fmt)
                assert again["created"] == 0 and again["unchanged"] == rows, again
                run("reset", data_dir, url)
                traced = run("import", data_dir, url, "--format", fmt, "--trace")
            else:  # one run, not traced (tracemalloc alone would double its time)
                first = run("import", data_dir, url, "--format", fmt)
                traced, again = None, None
            run("reset", data_dir, url)
            read_s = f"{read['seconds']:.2f}" if read else "–"
            ratio_read = f"{first['seconds'] / read['seconds']:.2f}×" if read else "–"
            again_s = f"{again['seconds']:.2f}" if again else "–"
            traced_s = f"{traced['traced_mib']:.0f}" if traced else "–"
            print(f"| {database} | {rows:,} | {fmt.upper()} | {bulk['seconds']:.2f} "
                  f"| {plain['seconds']:.2f} | {read_s} | {first['seconds']:.2f} "
                  f"| {first['seconds'] / bulk['seconds']:.1f}× "
                  f"| {first['seconds'] / plain['seconds']:.1f}× | {ratio_read} | {traced_s} "
                  f"| {first['peak_rss_mib']:.0f} "
                  f"({first['django_mib']:.0f}) | {again_s} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100000", help="sizes, comma-separated")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--step")
    parser.add_argument("--dir")
    parser.add_argument("--format", default="csv")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--plain", action="store_true",
                        help="the bulk load into a copy of the table without triggers")
    parser.add_argument("--databases", default="sqlite,postgres",
                        help="PostgreSQL only when DATABASE_URL names a server")
    args = parser.parse_args()
    formats = args.formats.split(",")
    if args.step:
        steps = {
            "setup": lambda: step_setup(args.dir, int(args.rows), formats),
            "bulk": lambda: step_bulk(args.dir, args.plain),
            "read": lambda: step_read(args.dir),
            "reset": lambda: step_reset(args.dir),
            "import": lambda: step_import(args.dir, args.format, args.trace),
        }
        print(json.dumps(steps[args.step]()))
        return
    url = os.environ.get("DATABASE_URL", "").strip()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| database | rows | format | bulk load s | bulk, no triggers s | bare read s "
          "| import s | ÷ bulk | ÷ bulk, no triggers | ÷ read | traced MiB "
          "| peak RSS MiB (Django) | reimport s |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    sizes = sorted(int(s) for s in args.rows.split(","))
    databases = args.databases.split(",")
    for size in sizes if "sqlite" in databases else ():
        bench("", "SQLite", size, formats)
    if url and "postgres" in databases:
        from indicators import postgres_database

        # The drop closes Django's connections first: settings, if not a connection.
        os.environ.update({**BENCH_ENV, "DJANGO_SETTINGS_MODULE": "sxsh.settings"})
        sys.path.insert(0, str(ROOT))

        for size in sizes:  # a fresh database for each size
            bench_url, drop = postgres_database(url)
            try:
                bench(bench_url, "PostgreSQL", size, formats)
            finally:
                drop()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
