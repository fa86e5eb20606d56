"""The tasks the background worker runs for the reports (``sxsh db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def generate_files_task(version_id: int, language: str) -> None:
    services.version_files_generate(version_id=version_id, language=language)
