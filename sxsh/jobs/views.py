from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors, services
from .models import ImportJob

#: Seconds between two looks of a waiting or running job's page at its progress.
REFRESH_SECONDS = 2


@login_required
@require_safe
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.fail_if_abandoned(
        ImportJob.objects.get_for_user_or_404(request.user, pk=pk))
    return render(request, "jobs/job_detail.html", {
        "job": job,
        "progress": selectors.job_progress(job),
        "result": selectors.job_result(job),
        "refresh": None if job.finished else REFRESH_SECONDS,
    })
