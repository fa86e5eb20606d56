"""Benchmark: a large yearly-reports upload through the web form and the background queue.

    .venv/bin/python bench/import_background.py [--rows 90000] [--format csv|xlsx]
    DATABASE_URL=postgres://…/empty_db .venv/bin/python bench/import_background.py

The register and the file are those of ``import_reports.py`` (rows/5 facilities, each
reporting 2016–2020), in a fresh SQLite database in a temporary folder unless
``DATABASE_URL`` names an empty PostgreSQL database. The upload is posted to the upload
page by an officer (Django's test client, in this process); the real worker
(``sxsh db_worker``) runs in a process of its own, as under ``make run``. It prints the
time of the web request (save the file, queue it), the wait until the worker starts, the
import in the worker, and the whole from upload to the result on the job's page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import import_reports as reports  # the register and the file of the import benchmark

ROOT = reports.ROOT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=90_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sxsh-bench-") as data_dir:
        os.environ["SXSH_ALLOWED_HOSTS"] = "testserver"
        reports.run("setup", data_dir, "--rows", str(args.rows))
        reports._django(data_dir)
        measure(Path(data_dir), args.format)


def measure(data_dir: Path, fmt: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from sxsh.core.models import User
    from sxsh.core.scoping import Role
    from sxsh.jobs.models import ImportJob
    from sxsh.jobs.selectors import job_progress

    officer = User.objects.create_user("bench-officer", role=Role.OFFICER)
    client = Client()
    client.force_login(officer)
    path = data_dir / f"reports.{fmt}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "sxsh.cli", "db_worker", "--no-startup-delay", "--no-reload",
         "--interval", "0.2", "-v0"], cwd=ROOT, env={**os.environ})
    try:
        client.get("/facilities/upload/")  # load the views and templates before timing
        time.sleep(5)  # and let the worker start
        start = time.perf_counter()
        response = client.post("/facilities/upload/", {
            "kind": "reports", "file": SimpleUploadedFile(path.name, path.read_bytes())})
        posted = time.perf_counter()
        assert response.status_code == 302, response.status_code
        job = ImportJob.objects.get()
        writing = None  # when the worker began to write (the rows all checked)
        while not job.finished:
            time.sleep(0.2)
            job.refresh_from_db()
            progress = job_progress(job)
            if writing is None and progress is not None and progress.total is not None:
                writing = time.perf_counter()
        done = time.perf_counter()
        page = client.get(response["Location"])
        assert page.status_code == 200
    finally:
        worker.terminate()
        worker.wait()
    assert job.status == "done" and job.result["created"] > 0, (job.status, job.error,
                                                                job.result)
    waited = (job.started_at - job.created_at).total_seconds()
    ran = (job.finished_at - job.started_at).total_seconds()
    size = path.stat().st_size / 2**20
    print(f"{job.result['rows']} report rows, {fmt.upper()} ({size:.1f} MiB), "
          f"{connection.vendor}")
    print(f"web request (save, queue) {posted - start:6.2f} s")
    print(f"wait for the worker       {waited:6.2f} s")
    print(f"import in the worker      {ran:6.2f} s "
          f"({job.result['rows'] / ran:.0f} rows/s, {job.result['created']} created)")
    if writing is not None:
        print(f"  of which writing (lock) {done - writing:6.2f} s (to within 0.2 s)")
    print(f"upload to result          {done - start:6.2f} s")


if __name__ == "__main__":
    main()
