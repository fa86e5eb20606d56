"""The tasks the background worker runs (``sxsh db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def import_job_task(job_id: int) -> None:
    services.import_job_run(job_id=job_id)
