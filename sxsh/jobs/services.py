"""Imports in the background: an uploaded file saved privately, queued, run by the worker.

A file larger than ``settings.BACKGROUND_IMPORT_BYTES`` would hold a request for longer
than a web server waits; it is saved in ``jobs_dir()`` (the folder ``jobs`` of MEDIA_ROOT,
which no address serves, so the backup archives it with its job), a task is queued, and the
user follows the job's page.
The importer is the very one the synchronous upload calls, with the same user, so its
rules, its scope and its audit entries are the same ("all rows or none").
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from sxsh.core import audit, liveness
from sxsh.core.models import User

from .models import ImportJob

#: The importer each kind of job runs: ``importer(opener, file_name=, user=, as_upload=True,
#: progress=)`` returning an ``ImportResult``.
IMPORTERS: dict[str, str] = {
    ImportJob.Kind.REPORTS: "sxsh.facilities.interchange.reports_import.import_reports",
    ImportJob.Kind.FACILITIES:
        "sxsh.facilities.interchange.facilities_import.import_facilities",
}


def runs_in_background(upload_file: UploadedFile) -> bool:
    """Whether a file is too large to import during the request."""
    return (upload_file.size or 0) > settings.BACKGROUND_IMPORT_BYTES


def jobs_dir() -> Path:
    path = Path(settings.JOBS_DIR or Path(settings.MEDIA_ROOT) / "jobs")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


@transaction.atomic
def import_job_start(*, user: User, kind: str, upload_file: UploadedFile,
                     language: str) -> ImportJob:
    """Save the uploaded file (readable by the application's account only) and queue its
    import as ``user``; the job is read by that user alone."""
    from .tasks import import_job_task

    stored = f"{uuid.uuid4().hex}{Path(upload_file.name or '').suffix.lower()[:10]}"
    with open(jobs_dir() / stored, "xb", opener=_private) as fh:
        for chunk in upload_file.chunks():
            fh.write(chunk)
    job = ImportJob.objects.create(
        user=user, kind=kind, file_name=upload_file.name or stored, stored_name=stored,
        size_bytes=upload_file.size or 0, language=language)
    # The queued task is a row written in this transaction: the worker sees it only once
    # the job is there too.
    import_job_task.enqueue(job.pk)
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a waiting job's import as its user, then record the answer and remove the file.

    An unexpected error marks the job failed (the importer's transaction has written
    nothing) and is raised again, so that the queue records it too. The job's lock is
    taken before the job is marked running, so that no page ever sees it running without
    its worker's lock.
    """
    with running_lock(job_id):
        _run_locked(job_id)


class _FileGone(Exception):
    pass


def _run_locked(job_id: int) -> None:
    # The worker acts for the job's user: the job is read as the queue names it, the
    # import through that user's scope.
    with transaction.atomic():
        job = (ImportJob.objects.select_for_update(of=("self",)).select_related("user")
               .get(pk=job_id))
        if job.status != ImportJob.Status.WAITING:
            return  # a job runs once
        _set_status(job, ImportJob.Status.RUNNING, started_at=timezone.now())
    path = jobs_dir() / job.stored_name
    importer = import_string(IMPORTERS[job.kind])
    try:
        with translation.override(job.language), audit.acting(job.user):
            if not path.is_file():
                raise _FileGone(job.stored_name)
            result = importer(lambda: path.open("rb"), file_name=job.file_name, user=job.user,
                              as_upload=True, progress=ProgressFile(progress_path(job)))
            job.result = {
                **{k: getattr(result, k) for k in RESULT_FIELDS},
                "errors": [str(e) for e in result.errors],
            }
    except _FileGone:
        # The file is gone (a backup restored from before it was uploaded, a folder
        # cleaned by hand): the user is asked for it again; nothing for the queue to retry.
        with translation.override(job.language):
            job.error = _("The uploaded file is no longer on the server, so nothing was "
                          "imported. Upload it again.")
        _set_status(job, ImportJob.Status.FAILED, finished_at=timezone.now())
    except Exception as exc:
        with translation.override(job.language):
            job.error = _("The import stopped on an unexpected error (%(error)s); nothing "
                          "was imported. Tell the administrator.") % {
                              "error": type(exc).__name__}
        _set_status(job, ImportJob.Status.FAILED, finished_at=timezone.now())
        raise
    else:
        _set_status(job, ImportJob.Status.DONE, finished_at=timezone.now())
    finally:
        path.unlink(missing_ok=True)
        progress_path(job).unlink(missing_ok=True)


RESULT_FIELDS = ("rows", "created", "updated", "unchanged", "error_count", "warned", "problem")


def _set_status(job: ImportJob, status: str, **times: Any) -> None:
    job.status = status
    for name, value in times.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "result", "error", *times])


# --- Liveness (``core/liveness.py``): the worker holds a lock named for the job while it
# runs it; a job still "running" whose lock file is there but free has lost its worker.


def lock_path(job_id: int) -> Path:
    return jobs_dir() / f"{job_id}.lock"


def running_lock(job_id: int) -> AbstractContextManager[None]:
    return liveness.holding(lock_path(job_id))


def fail_if_abandoned(job: ImportJob) -> ImportJob:
    """A job shown as running whose worker is gone is marked failed, with why (the import's
    transaction ended with its process: nothing was written)."""
    if job.status != ImportJob.Status.RUNNING or not liveness.abandoned(lock_path(job.pk)):
        return job
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.RUNNING:
            return job
        with translation.override(job.language):
            job.error = _("The background worker stopped during the import (the server was "
                          "restarted or the process ended), so nothing was imported. Upload "
                          "the file again.")
        _set_status(job, ImportJob.Status.FAILED, finished_at=timezone.now())
    (jobs_dir() / job.stored_name).unlink(missing_ok=True)
    progress_path(job).unlink(missing_ok=True)
    lock_path(job.pk).unlink(missing_ok=True)
    return job


# --- Progress: a small file beside the job's, so that it is seen while the import's
# transaction is still open (rows in it are not, and on SQLite it holds the write lock).


def progress_path(job: ImportJob) -> Path:
    return jobs_dir() / f"{job.pk}.progress.json"


class ProgressFile:
    """An importer's progress callback: rows checked (``total`` None), then rows written
    of ``total``, replaced atomically so that a reader never sees half of it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, done: int, total: int | None) -> None:
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps({"done": done, "total": total}), encoding="utf-8")
        os.replace(scratch, self.path)
