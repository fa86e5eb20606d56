"""A job whose worker died (kill -9, a restart) does not stay "running" for ever; a job
whose file is gone fails with a message; a file waiting for the worker is in the backup."""

from __future__ import annotations

import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from sxsh.core.backup import backup_write
from sxsh.core.tests.test_liveness import held_by_another_process, kill_9
from sxsh.facilities.models import Report
from sxsh.jobs.models import ImportJob
from sxsh.jobs.services import (
    import_job_start,
    jobs_dir,
    lock_path,
    progress_path,
    running_lock,
)

from .test_background_imports import run_worker, upload, worker_db

pytestmark = pytest.mark.django_db


def _running_job(user) -> ImportJob:
    job = import_job_start(user=user, kind="facilities.reports", language="vi",
                           upload_file=SimpleUploadedFile("bc.csv", b"tax_code,year\n"))
    job.status = ImportJob.Status.RUNNING
    job.save()
    return job


def test_a_job_whose_worker_was_killed_shows_failed_and_asks_for_the_file_again(
        client, users, background):
    user = users["diaphuong"]
    job = _running_job(user)
    progress_path(job).write_text('{"done": 10, "total": null}')
    client.force_login(user)
    url = f"/jobs/{job.pk}/"
    with held_by_another_process(lock_path(job.pk)) as worker:
        page = client.get(url).content.decode()
        assert "Đang kiểm tra các dòng: đã đọc 10 dòng." in page  # alive: still running
        job.refresh_from_db()
        assert job.status == "running"
        kill_9(worker)  # no handler runs: the lock file stays

    page = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert ("Tiến trình chạy nền đã dừng trong khi nhập (máy chủ được khởi động lại hoặc "
            "tiến trình bị dừng), nên không có dòng nào được nhập. Hãy tải tệp lên lại.") in page
    assert "http-equiv" not in page  # the page stops refreshing
    assert not (jobs_dir() / job.stored_name).exists()
    assert not progress_path(job).exists()


def test_a_running_job_whose_worker_holds_its_lock_is_left_running(client, users,
                                                                    background):
    job = _running_job(users["diaphuong"])
    client.force_login(users["diaphuong"])
    with running_lock(job.pk):
        client.get(f"/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.status == "running"
    assert not lock_path(job.pk).exists()  # the holder removes it when it ends


def test_waiting_and_finished_jobs_are_left_as_they_are(client, users, background):
    user = users["diaphuong"]
    waiting = import_job_start(user=user, kind="facilities.reports", language="vi",
                               upload_file=SimpleUploadedFile("bc.csv", b"tax_code,year\n"))
    done = _running_job(user)
    done.status, done.error = ImportJob.Status.DONE, ""
    done.save()
    client.force_login(user)
    for job, status in ((waiting, "waiting"), (done, "done")):
        client.get(f"/jobs/{job.pk}/")
        job.refresh_from_db()
        assert job.status == status


@worker_db
def test_a_job_whose_file_is_gone_fails_with_a_message_and_writes_nothing(
        client, users, register, reports_file, background):
    client.force_login(users["canbo"])
    upload(client, reports_file)
    job = ImportJob.objects.get()
    (jobs_dir() / job.stored_name).unlink()

    run_worker()

    job.refresh_from_db()
    assert job.status == "failed"
    # not an error of the queue: nothing to retry, the user is asked for the file
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Report.objects.count() == 0
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert ("Tệp đã tải lên không còn trên máy chủ, nên không có dòng nào được nhập. "
            "Hãy tải tệp lên lại.") in page
    assert not lock_path(job.pk).exists()


def test_a_file_waiting_for_the_worker_is_in_the_backup(client, users, settings, tmp_path,
                                                        reports_file):
    settings.BACKGROUND_IMPORT_BYTES = 10 * 1024
    settings.JOBS_DIR = ""  # the default: the folder "jobs" of MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users["canbo"])
    upload(client, reports_file)
    job = ImportJob.objects.get()
    assert job.status == "waiting"
    assert jobs_dir() == tmp_path / "media" / "jobs"
    archive = tmp_path / "backup.tar.gz"
    backup_write(output=archive)
    with tarfile.open(archive) as opened:
        member = opened.getmember(f"media/jobs/{job.stored_name}")
        assert opened.extractfile(member).read() == reports_file
