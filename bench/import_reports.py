"""Benchmark: import 100 000 yearly report rows from CSV and from XLSX.

    .venv/bin/python bench/import_reports.py [--rows 100000]

Each step runs in its own process on a fresh SQLite database in a temporary folder, so
that its peak memory (``ru_maxrss``) is its own. For each format it prints the time of
merely reading the file (csv module; openpyxl read-only) beside the time of the import
(validate every row, then write all of them in one transaction), their ratio, rows per
second and peak memory; then the time of importing the same file again (nothing changes).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEARS = range(2016, 2021)


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


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_setup(data_dir: str, rows: int) -> dict:
    """A database with rows/5 facilities, and the report file in both formats."""
    _django(data_dir)
    from django.core.management import call_command
    from openpyxl import Workbook

    from sxsh.core.models import AdminUnit, VsicDivision
    from sxsh.facilities.interchange.columns import REPORT_COLUMNS
    from sxsh.facilities.models import Facility

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    unit = AdminUnit.objects.get(code="phu-vang")
    vsic = VsicDivision.objects.get(code="10")
    n = rows // len(YEARS)
    Facility.objects.bulk_create(
        [Facility(tax_code=f"33{i:08d}", name=f"Bench {i}", admin_unit=unit, vsic=vsic,
                  opened_year=2000) for i in range(n)], batch_size=5000)
    header = list(REPORT_COLUMNS)

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
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("reports")
    ws.append(header)
    for row in data():
        ws.append([None if v == "" else v for v in row])
    wb.save(Path(data_dir) / "reports.xlsx")
    return {"facilities": n}


def step_read(data_dir: str, fmt: str) -> dict:
    path = Path(data_dir) / f"reports.{fmt}"
    start = time.perf_counter()
    count = 0
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as fh:
            for _row in csv.reader(fh):
                count += 1
    else:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        for _row in wb.worksheets[0].iter_rows(values_only=True):
            count += 1
        wb.close()
    return {"seconds": time.perf_counter() - start, "rows": count - 1, "peak_mib": _peak_mib()}


def step_reset(data_dir: str) -> dict:
    _django(data_dir)
    from django.db import connection

    with connection.cursor() as cursor:  # no ORM cascade: nothing else points at reports
        cursor.execute("DELETE FROM facilities_reportstatuschange")
        cursor.execute("DELETE FROM facilities_report")
        cursor.execute("DELETE FROM auditlog_logentry")
    return {}


def step_import(data_dir: str, fmt: str) -> dict:
    _django(data_dir)
    from sxsh.facilities.interchange.reports_import import import_reports

    path = Path(data_dir) / f"reports.{fmt}"
    base = _peak_mib()
    start = time.perf_counter()
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    seconds = time.perf_counter() - start
    assert result.ok, (result.problem, result.errors[:3])
    return {"seconds": seconds, "rows": result.rows, "created": result.created,
            "unchanged": result.unchanged, "peak_mib": _peak_mib(), "django_mib": base}


def run(step: str, data_dir: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, "--dir", data_dir, *args],
        check=True, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **BENCH_ENV},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--step")
    parser.add_argument("--dir")
    parser.add_argument("--format", default="csv")
    args = parser.parse_args()
    if args.step == "setup":
        print(json.dumps(step_setup(args.dir, args.rows)))
        return
    if args.step == "read":
        print(json.dumps(step_read(args.dir, args.format)))
        return
    if args.step == "import":
        print(json.dumps(step_import(args.dir, args.format)))
        return
    if args.step == "reset":
        print(json.dumps(step_reset(args.dir)))
        return
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as data_dir:
        run("setup", data_dir, "--rows", str(args.rows))
        print(f"{args.rows} report rows, SQLite, one process per step")
        print(f"{'format':<6} {'read s':>8} {'import s':>9} {'ratio':>6} {'rows/s':>8} "
              f"{'peak MiB':>9} {'(Django) ':>9} {'reimport s':>11} {'file MiB':>9}")
        for fmt in ("csv", "xlsx"):
            read = run("read", data_dir, "--format", fmt)
            run("reset", data_dir)
            first = run("import", data_dir, "--format", fmt)
            again = run("import", data_dir, "--format", fmt)
            assert again["created"] == 0 and again["unchanged"] == first["rows"]
            size = (Path(data_dir) / f"reports.{fmt}").stat().st_size / 2**20
            print(f"{fmt:<6} {read['seconds']:>8.2f} {first['seconds']:>9.2f} "
                  f"{first['seconds'] / read['seconds']:>6.1f} "
                  f"{first['rows'] / first['seconds']:>8.0f} {first['peak_mib']:>9.0f} "
                  f"{first['django_mib']:>9.0f} {again['seconds']:>11.2f} {size:>9.1f}")


if __name__ == "__main__":
    main()
