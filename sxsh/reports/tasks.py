"""The tasks the background worker runs for the reports (``sxsh db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def issue_task(version_id: int, language: str) -> None:
    services.version_issue_complete(version_id=version_id, language=language)
