"""Pages of the reports context: the list, a version (the draft with its narrative and the
issue step, or the issued one with its files), the files, the comparison of two versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sxsh.core.capabilities import can, capability_required
from sxsh.core.concurrency import renew
from sxsh.core.exporting import attachment_response
from sxsh.core.forms import add_service_errors

from . import selectors, services
from .forms import IssueForm, NarrativeForm, OpenForm
from .models import Report, ReportVersion

PAGE_SIZE = 50
#: Seconds between two looks of a version's page while its files are generated.
REFRESH_SECONDS = 2
#: The files a version's page offers, by the address's key: (stored kind, file suffix).
DOWNLOADS = {"docx": "docx", "xlsx": "xlsx", "ministry": "xlsx", "pdf": "pdf"}


def _version(request, pk: int, number: int) -> ReportVersion:
    return (ReportVersion.objects.select_related("report__plan", "issued_by")
            .get_for_user_or_404(request.user, report_id=pk, number=number))


def _to(version: ReportVersion) -> HttpResponse:
    return redirect("reports:version", version.report_id, version.number)


@capability_required("reports.view")
@require_safe
def report_list(request) -> HttpResponse:
    page = Paginator(selectors.reports_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    form = OpenForm() if can(request.user, "reports.prepare") else None
    return render(request, "reports/report_list.html", {"page": page, "form": form})


@capability_required("reports.prepare")
@require_POST
def report_open(request) -> HttpResponse:
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            version = services.report_open(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _to(version)
    page = Paginator(selectors.reports_for(request.user), PAGE_SIZE).get_page(1)
    return render(request, "reports/report_list.html", {"page": page, "form": form},
                  status=400)


def _version_page(request, version: ReportVersion, *,
                  narrative: NarrativeForm | None = None, issue: IssueForm | None = None,
                  status: int = 200) -> HttpResponse:
    draft = version.status == ReportVersion.Status.DRAFT
    if draft and narrative is None:
        narrative = NarrativeForm(initial={**version.narrative,
                                           "version": services.narrative_version(version)})
    if draft and issue is None and can(request.user, "reports.issue"):
        issue = IssueForm(initial={"version": services.narrative_version(version)})
    versions = list(ReportVersion.objects.for_user(request.user)
                    .filter(report_id=version.report_id).order_by("number"))
    return render(request, "reports/version_detail.html", {
        "version": version, "report": version.report, "versions": versions,
        "latest": versions[-1] if versions else None,
        # While the worker issues the version, the page follows its steps and assembles
        # nothing (it looks again every few seconds).
        "content": None if version.is_issuing else services.draft_content(version,
                                                                          request.user),
        "narrative_form": narrative if draft else None, "issue_form": issue if draft else None,
        "downloads": list(DOWNLOADS) if version.files_status == ReportVersion.Files.READY
        else [],
        "refresh": REFRESH_SECONDS if version.is_issuing else None,
        **_progress(version),
    }, status=status)


def _progress(version: ReportVersion) -> dict[str, object]:
    """The step the worker is at while it issues ``version``: its label, its place, of how
    many."""
    if not version.is_issuing:
        return {}
    steps = services.ISSUE_STEPS
    at = min(version.progress, len(steps) - 1)
    return {"step": services.issue_step_label(steps[at]), "step_number": at + 1,
            "steps": len(steps), "steps_done": version.progress}


@capability_required("reports.view")
@require_safe
def version_detail(request, pk: int, number: int) -> HttpResponse:
    return _version_page(request, services.fail_if_abandoned(_version(request, pk, number)))


@capability_required("reports.prepare")
@require_POST
def narrative_save(request, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.narrative_save(version=version, user=request.user,
                                    narrative=form.cleaned_data,
                                    expected=form.cleaned_data["version"] or None)
        except ValidationError as exc:
            add_service_errors(form, exc)
            version.refresh_from_db()
            renew(form, services.narrative_version(version))
        else:
            messages.success(request, _("The narrative is saved."))
            return _to(version)
    return _version_page(request, version, narrative=form, status=400)


@capability_required("reports.issue")
@require_POST
def version_issue(request, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            version = services.version_issue(
                version=version, user=request.user,
                document_number=form.cleaned_data["document_number"],
                issued_on=form.cleaned_data["issued_on"],
                expected=form.cleaned_data["version"] or None)
        except ValidationError as exc:
            version.refresh_from_db()
            if version.status != ReportVersion.Status.DRAFT:
                # Another officer issued it first: the page now follows that issuing.
                messages.error(request, " ".join(exc.messages))
                return _to(version)
            add_service_errors(form, exc)
            # The page now shows the narrative saved since: issuing it is a choice made
            # after reading it.
            renew(form, services.narrative_version(version))
        else:
            messages.success(request, _("No. %(number)s/BC-SCT is reserved for the report; "
                                        "it is being issued in the background.")
                             % {"number": version.document_number})
            return _to(version)
    return _version_page(request, version, issue=form, status=400)


@capability_required("reports.prepare")
@require_POST
def version_new(request, pk: int) -> HttpResponse:
    report = Report.objects.get_for_user_or_404(request.user, pk=pk)
    try:
        version = services.version_new(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        latest = report.versions.order_by("-number").first()
        return redirect("reports:version", report.pk, latest.number if latest else 1)
    return _to(version)


@capability_required("reports.view")
@require_safe
def version_file(request, pk: int, number: int, kind: str) -> HttpResponseBase:
    version = _version(request, pk, number)
    if kind not in DOWNLOADS or kind not in version.files:
        raise Http404
    try:
        data = services.stored_file(version, kind)
    except ValidationError as exc:  # altered or lost on the disk: said, not a server error
        messages.error(request, " ".join(exc.messages))
        return _to(version)
    return attachment_response(data, filename=services.download_name(version, kind))


@capability_required("reports.view")
@require_safe
def version_compare(request, pk: int) -> HttpResponse:
    report = Report.objects.select_related("plan").get_for_user_or_404(request.user, pk=pk)
    versions = {v.number: v for v in ReportVersion.objects.for_user(request.user)
                .filter(report=report)}
    numbers = sorted(versions)
    if len(numbers) < 2:
        return render(request, "reports/compare.html", {"report": report, "comparison": None})
    try:  # the two versions asked, else the last two
        first = int(request.GET.get("a", numbers[-2]))
        second = int(request.GET.get("b", numbers[-1]))
    except ValueError as exc:
        raise Http404 from exc
    if first not in versions or second not in versions:
        raise Http404
    before = services.draft_content(versions[first], request.user)
    after = services.draft_content(versions[second], request.user)
    return render(request, "reports/compare.html", {
        "report": report, "first": versions[first], "second": versions[second],
        "comparison": selectors.compare(before, after)})
