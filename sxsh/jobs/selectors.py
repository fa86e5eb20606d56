"""Reading a job: its progress while it runs, its result once it has run."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sxsh.facilities.interchange.parsing import ImportResult

from .models import ImportJob
from .services import RESULT_FIELDS, progress_path


@dataclass(frozen=True)
class Progress:
    done: int
    #: None while the rows are being checked; the number of rows once they are written.
    total: int | None


def job_progress(job: ImportJob) -> Progress | None:
    """How far a running job has come, if it has said so yet."""
    if job.status != ImportJob.Status.RUNNING:
        return None
    try:
        data = json.loads(progress_path(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Progress(done=int(data["done"]), total=data["total"])


def job_result(job: ImportJob) -> ImportResult | None:
    """The import's answer as the synchronous upload shows it (errors as their text)."""
    if job.result is None:
        return None
    return ImportResult(file=job.file_name, errors=list(job.result.get("errors", [])),
                        **{k: job.result[k] for k in RESULT_FIELDS})
