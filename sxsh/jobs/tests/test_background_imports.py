"""A large upload is imported in the background: saved, queued, run by the real database
worker (``db_worker --batch``), followed on the job's page, which ends on the same result
as a synchronous upload. The job is its user's alone; a failure writes nothing."""

from __future__ import annotations

import stat

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from sxsh.core.models import AuditAction
from sxsh.facilities.interchange.columns import REPORT_COLUMNS
from sxsh.facilities.models import ImportBatch, Report
from sxsh.jobs.models import ImportJob
from sxsh.jobs.services import ProgressFile, import_job_start, progress_path, running_lock

from .conftest import ROWS, csv_bytes, report_rows

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "bc.csv", **headers):
    return client.post("/facilities/upload/", {
        "kind": "reports", "file": SimpleUploadedFile(name, data, content_type="text/csv")},
        headers=headers)


#: The tests that run the worker commit their data: the worker closes and opens its
#: database connection between tasks (``close_old_connections``), as in production, and on
#: PostgreSQL the new connection sees only what was committed.
worker_db = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The backend's own worker, as ``make run`` starts it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@worker_db
def test_it_imports_a_large_upload_through_the_queue_and_shows_the_counts(
        client, users, register, reports_file, background):
    officer = users["canbo"]
    client.force_login(officer)
    assert len(reports_file) > 10 * 1024  # over the threshold: the background

    response = upload(client, reports_file)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.user, job.kind, job.file_name, job.status) == (
        officer, "facilities.reports", "bc.csv", "waiting")
    # the file waits in the private jobs folder, readable by the application's account only
    stored = background.JOBS_DIR / job.stored_name
    assert stored.read_bytes() == reports_file
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert Report.objects.count() == 0
    task = DBTaskResult.objects.get()
    assert (task.status, task.task_path, task.args_kwargs) == (
        "READY", "sxsh.jobs.tasks.import_job_task", {"args": [job.pk], "kwargs": {}})
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Đang chờ tiến trình chạy nền bắt đầu nhập…" in page
    assert '<meta http-equiv="refresh" content="2">' in page

    run_worker()

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, task.status) == ("done", "SUCCESSFUL")
    assert job.result["rows"] == job.result["created"] == ROWS == 1250
    assert Report.objects.filter(status="submitted", source="upload").count() == 1250
    assert not stored.exists() and not progress_path(job).exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "1250 dòng: 1250 tạo mới, 0 cập nhật, 0 không đổi." in page
    assert "Việc nhập đã xong." in page
    assert "http-equiv" not in page
    # audited as a synchronous upload is: one import by the uploader, which every report
    # it created points at (no diff nor action per created report)
    batch = ImportBatch.objects.get(kind="reports")
    assert (batch.user, batch.rows, batch.created) == (officer, 1250, 1250)
    assert Report.objects.filter(import_batch=batch).count() == 1250
    step = AuditAction.objects.get(action_type="facilities.import.reports")
    assert (step.actor, step.object_pk, step.data["created"]) == (officer, str(batch.pk), 1250)
    assert not LogEntry.objects.filter(content_type__model="report").exists()


def test_a_small_upload_is_still_imported_during_the_request(client, users, register,
                                                             background):
    client.force_login(users["canbo"])
    small = csv_bytes(list(REPORT_COLUMNS), list(report_rows())[:3])
    assert len(small) < 10 * 1024

    response = upload(client, small)

    assert response.status_code == 200
    assert "3 dòng: 3 tạo mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    assert ImportJob.objects.count() == DBTaskResult.objects.count() == 0


def test_an_upload_by_script_is_sent_to_the_job_page(client, users, register, reports_file,
                                                      background):
    client.force_login(users["canbo"])

    response = upload(client, reports_file, **{"X-Requested-With": "XMLHttpRequest"})

    assert response.status_code == 202
    assert response.json() == {"redirect": f"/jobs/{ImportJob.objects.get().pk}/", "ok": True}


def test_it_shows_the_rows_checked_then_written_while_the_job_runs(client, users,
                                                                    background):
    job = _job(users["diaphuong"])
    client.force_login(users["diaphuong"])
    url = f"/jobs/{job.pk}/"
    with running_lock(job.pk):  # as the worker holds it while it runs
        job.status = ImportJob.Status.RUNNING
        job.save()
        assert "Việc nhập đã bắt đầu." in client.get(url).content.decode()

        progress = ProgressFile(progress_path(job))
        progress(3000, None)
        assert "Đang kiểm tra các dòng: đã đọc 3.000 dòng." in client.get(url).content.decode()

        progress(2000, 90000)
        page = client.get(url).content.decode()
        assert "Đang ghi: 2.000 / 90.000 dòng." in page
        assert '<progress max="90000" value="2000"></progress>' in page
        assert '<meta http-equiv="refresh" content="2">' in page


def test_another_users_job_is_not_found(client, users, background):
    job = _job(users["diaphuong"])
    url = f"/jobs/{job.pk}/"
    for name in ("canbo", "doanhnghiep", "tuvan", "lanhdao"):
        client.force_login(users[name])
        assert client.get(url).status_code == 404, name
    client.force_login(users["diaphuong"])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url)["Location"] == f"/accounts/login/?next=/jobs/{job.pk}/"


@worker_db
def test_a_failing_import_in_the_worker_shows_the_error_and_writes_nothing(
        client, users, register, reports_file, background, refuse_reports_of_2020):
    client.force_login(users["canbo"])
    upload(client, reports_file)
    job = ImportJob.objects.get()

    run_worker()

    job.refresh_from_db()
    assert job.status == "failed"
    assert DBTaskResult.objects.get().status == "FAILED"
    assert Report.objects.count() == ImportBatch.objects.filter(kind="reports").count() == 0
    assert not LogEntry.objects.filter(content_type__model="report").exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    expected = ("Việc nhập dừng lại do một lỗi không lường trước ({}); không nhập dòng nào. "
                "Hãy báo cho quản trị viên.").format(
                    "OperationalError" if connection.vendor == "sqlite" else "ProgrammingError")
    assert expected in page
    assert "http-equiv" not in page
    assert not (background.JOBS_DIR / job.stored_name).exists()


def test_the_job_page_reads_the_same_number_of_queries_whatever_its_result(
        client, users, background, django_assert_num_queries):
    user = users["diaphuong"]
    client.force_login(user)
    short, long = _job(user), _job(user)
    errors = [f"bc.csv, dòng {n}, cột year, giá trị “x”: Không phải số." for n in range(500)]
    for job, kept in ((short, errors[:1]), (long, errors)):
        job.status = ImportJob.Status.DONE
        job.result = {"rows": 500, "created": 0, "updated": 0, "unchanged": 0,
                      "error_count": len(kept), "warned": 0, "problem": "", "errors": kept}
        job.save()
    for job in (short, long):
        # the session, the user, the job
        with django_assert_num_queries(3):
            response = client.get(f"/jobs/{job.pk}/")
        assert response.status_code == 200
    assert response.content.decode().count("Không phải số.") == 500


def _job(user) -> ImportJob:
    return import_job_start(user=user, kind="facilities.reports", language="vi",
                            upload_file=SimpleUploadedFile("bc.csv", b"tax_code,year\n"))


@pytest.fixture
def refuse_reports_of_2020():
    """A trigger refusing the first report of 2020, in the second batch of 1 000 rows (the
    first is written by then, inside the import's transaction), as a database refusing a
    row in the middle of a write would; dropped afterwards (the test commits)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # json('{') fails: an error of the database, not of a constraint
            cursor.execute("CREATE TRIGGER refuse_year BEFORE INSERT ON facilities_report "
                           "WHEN NEW.year = 2020 BEGIN SELECT json('{'); END")
        else:
            cursor.execute("CREATE FUNCTION refuse_year() RETURNS trigger AS $$ BEGIN "
                           "IF NEW.year = 2020 THEN RAISE EXCEPTION 'refused'; END IF; "
                           "RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute("CREATE TRIGGER refuse_year BEFORE INSERT ON facilities_report "
                           "FOR EACH ROW EXECUTE FUNCTION refuse_year()")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_year")
        else:
            cursor.execute("DROP TRIGGER refuse_year ON facilities_report")
            cursor.execute("DROP FUNCTION refuse_year()")
