"""Benchmark: the peak memory of reading the shared-strings bomb (issue 11, finding 4).

    .venv/bin/python bench/xlsx_bomb.py

The bomb is an XLSX file of about 875 KB whose shared-strings table unpacks to 115 MB:
6 million short texts, which openpyxl holds in memory whole, even read-only. Each way of
reading it runs in its own process, so that its peak (``ru_maxrss``) is its own; "idle" is
the process with Django loaded that reads nothing (tracemalloc is left out: it slows
openpyxl's millions of allocations many times over):

- before: openpyxl opens it read-only and reads the sheet, as the importers did;
- after: the importers' reader (``sources.raw_rows``), which refuses it before parsing.

One run on the development machine (2 cores, under a heavy load of other test runs, so the
seconds are long): idle 64 MiB; before 982 MiB peak in 557 s (its one data row read);
after 64 MiB in 0.03 s, refused naming the 20 MB limit of the shared-strings table.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {"SXSH_DEBUG": "0", "SXSH_SECRET_KEY": "bench-only-key-never-used-elsewhere-0123456789",
       "DJANGO_SETTINGS_MODULE": "sxsh.settings"}


def _django(data_dir: str) -> None:
    os.environ["SXSH_DATA_DIR"] = data_dir
    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def step(way: str, path: str) -> dict:
    from openpyxl import load_workbook

    from sxsh.facilities.interchange.files import FileProblem
    from sxsh.facilities.interchange.sources import raw_rows

    start = time.perf_counter()
    outcome = ""
    with open(path, "rb") as source:
        if way == "idle":
            outcome = "nothing read"
        elif way == "before":
            wb = load_workbook(source, read_only=True, data_only=True)
            rows = sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            outcome = f"read {rows} rows"
        else:
            try:
                rows = sum(1 for _row in raw_rows(source, "xlsx"))
                outcome = f"read {rows} rows"
            except FileProblem as exc:
                outcome = f"refused: {exc}"
    return {"way": way, "seconds": round(time.perf_counter() - start, 2),
            "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "outcome": outcome}


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        _django(data_dir)
        from sxsh.facilities.tests.hostile_files import shared_strings_bomb

        path = Path(data_dir) / "bomb.xlsx"
        path.write_bytes(shared_strings_bomb())
        print(f"bomb: {path.stat().st_size / 1024:.0f} KB")
        print(f"{'way':<8}{'seconds':>9}{'max RSS MiB':>13}  outcome")
        for way in ("idle", "before", "after"):
            out = subprocess.run([sys.executable, __file__, "--step", way, str(path), data_dir],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['way']:<8}{r['seconds']:>9}{r['maxrss_mib']:>13}  {r['outcome']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _django(sys.argv[4])
        print(json.dumps(step(sys.argv[2], sys.argv[3])))
    else:
        main()
