"""Pages of the facility register and the yearly reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.assessments.selectors import report_prefill
from sxsh.core import audit, concurrency, years
from sxsh.core import exporting as core_exporting
from sxsh.core.capabilities import can, capability_required, holds_only
from sxsh.core.forms import add_service_errors
from sxsh.core.paging import filter_query
from sxsh.core.uploads import (
    answers_oversize,
    refuse_as_too_large,
    size_limit_message,
    too_large,
    upload_opener,
)
from sxsh.jobs.services import import_job_start, runs_in_background

from . import selectors, services
from .forms import FacilityFilterForm, FacilityForm, ReportForm, ReviewForm, UploadForm
from .interchange import exporting
from .interchange.facilities_import import import_facilities
from .interchange.reports_import import import_reports
from .models import Facility, Report, current_year
from .quality import CATEGORIES, CATEGORY_LABELS, warning_text

PAGE_SIZE = 25


def _file_response(kind: str, rows, fmt: str, name: str, *, template: bool = False):
    return core_exporting.attachment_response(
        exporting.export(kind, rows, fmt, template=template), filename=f"{name}.{fmt}")


@capability_required("facilities.view")
@require_safe
def facility_list(request: HttpRequest) -> HttpResponse:
    form = FacilityFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    facilities = selectors.facility_list(user=request.user, **filters)
    fmt = request.GET.get("format")
    if fmt in core_exporting.FORMATS:
        return _file_response("facilities", exporting.facility_rows(facilities), fmt,
                              "co-so-san-xuat")
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "facilities/facility_list.html", {
        "form": form, "page": page, "query": filter_query(request.GET),
        "can_register": can(request.user, "facilities.register"),
    })


@capability_required("facilities.view")
@require_safe
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = Facility.objects.select_related("admin_unit", "vsic").get_for_user_or_404(
        request.user, pk=pk)
    year = years.parse_year(request.GET.get("year"))
    if year is not None and year <= current_year():
        return redirect("facilities:report", pk=facility.pk, year=year)
    if year is not None:
        messages.error(request, years.year_error(year))
    figures = selectors.facility_report_figures(facility)
    return render(request, "facilities/facility_detail.html", {
        "facility": facility, "figures": figures,
        "categories": [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
        "can_edit": can(request.user, "facilities.register", facility),
        "can_file": can(request.user, "facilities.file_report", facility),
        "this_year": current_year() - 1, "max_year": current_year(),
    })


@capability_required("facilities.register")
@require_http_methods(["GET", "HEAD", "POST"])
def facility_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    facility = (Facility.objects.get_for_user_or_404(request.user, pk=pk)
                if pk is not None else None)
    area = (None if holds_only(request.user, "facilities.register")
            else request.user.area_unit_ids())
    form = FacilityForm(request.POST or None, instance=facility, area=area,
                        officer=can(request.user, "facilities.publish"))
    edited = [f for f in form.Meta.fields if f in form.fields]
    if facility is not None:
        form.fields["version"].initial = concurrency.version(facility, edited)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in edited}
        try:
            if facility is None:
                facility = services.facility_create(data=data, user=request.user)
            else:
                facility = services.facility_update(
                    facility=facility, data=data, user=request.user,
                    expected_version=form.cleaned_data["version"] or None)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if facility is not None:
                facility.refresh_from_db()
                concurrency.renew(form, concurrency.version(facility, edited))
        else:
            messages.success(request, _("The facility is saved."))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html",
                  {"form": form, "facility": facility})


@capability_required("facilities.file_report")
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    if not years.is_year(year):
        raise Http404  # not a year at all; a future one is answered with a message below
    facility = Facility.objects.get_for_user_or_404(request.user, pk=pk)
    if year > current_year():
        messages.error(request, years.year_error(year))
        return redirect("facilities:detail", pk=facility.pk)
    report = facility.reports.filter(year=year).first()
    edited = [f for f in ReportForm.base_fields if f != "version"]
    initial = {}
    # A new report starts from the last one less the savings verified since: a hint,
    # shown with its source, that the facility confirms or corrects.
    prefill = [] if report is not None else report_prefill(facility_id=facility.pk, year=year)
    initial.update({p.field: p.value for p in prefill})
    if report is not None:
        initial = {f: getattr(report, f) for f in edited}
        for f in ("aware", "cp_staff", "cp_applied"):
            initial[f] = {True: "true", False: "false"}.get(initial[f], "")
    initial["version"] = concurrency.version(report, edited)
    form = ReportForm(request.POST or None, initial=initial)
    locked = report is not None and report.status not in services.EDITABLE
    if request.method == "POST" and not locked and form.is_valid():
        data = {f: form.cleaned_data[f] for f in edited}
        comment = data["quality_comment"]
        try:
            report = services.report_save(facility=facility, year=year, data=data,
                                          user=request.user,
                                          expected_version=form.cleaned_data["version"] or None)
            if "submit" in request.POST:
                report = services.report_submit(report=report, user=request.user,
                                                quality_comment=comment)
        except ValidationError as exc:
            add_service_errors(form, exc)
            report = facility.reports.filter(year=year).first()
            concurrency.renew(form, concurrency.version(report, edited))
        else:
            messages.success(request, _("The report is submitted for review.")
                             if report.status == Report.Status.SUBMITTED
                             else _("The report is saved as a draft."))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/report_form.html", {
        "facility": facility, "year": year, "report": report, "form": form, "locked": locked,
        "prefill": [(ReportForm.base_fields[p.field].label, p) for p in prefill],
        "warnings": [warning_text(w) for w in (report.quality_warnings if report else [])],
        "history": audit.history(report) if report else [],
    })


@capability_required("facilities.review")
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Report.Status.SUBMITTED)
    if status not in Report.Status.values:
        status = Report.Status.SUBMITTED
    page = Paginator(selectors.review_queue(user=request.user, status=status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.warning_texts = [warning_text(w) for w in report.quality_warnings]
    return render(request, "facilities/review_queue.html", {
        "page": page, "status": status, "statuses": Report.Status.choices,
        "form": ReviewForm(),
    })


@capability_required("facilities.review")
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = Report.objects.get_for_user_or_404(request.user, pk=pk)
    form = ReviewForm(request.POST)
    comment = form.data.get("comment", "")
    action = request.POST.get("action")
    steps = {"accept": lambda: services.report_accept(report=report, user=request.user,
                                                       comment=comment),
             "return": lambda: services.report_return(report=report, user=request.user,
                                                      comment=comment),
             "reopen": lambda: services.report_reopen(report=report, user=request.user,
                                                      reason=comment)}
    if action not in steps:
        messages.error(request, _("Unknown action."))
        return redirect("facilities:review")
    try:
        steps[action]()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"{report.facility.name} ({report.year}): {message}")
    else:
        messages.success(request, _("%(facility)s, %(year)s: done.")
                         % {"facility": report.facility.name, "year": report.year})
    return redirect(_safe_next(request) or "facilities:review")


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` address if it points into this site, else ""."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@capability_required("facilities.completeness")
@require_safe
def completeness(request: HttpRequest) -> HttpResponse:
    year = years.parse_year(request.GET.get("year")) or current_year() - 1
    year = min(max(year, years.FIRST_PICKED_YEAR), current_year())
    rows, missing = selectors.completeness(user=request.user, year=year)
    total = sum(r.open_facilities for r in rows)
    reported = sum(r.reported for r in rows)
    page = Paginator(missing, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "facilities/completeness.html", {
        "year": year, "rows": rows, "page": page, "total": total, "reported": reported,
        "rate": reported / total if total else None,
        "years": years.picker_years(),
    })


@answers_oversize
@capability_required("facilities.file_report")
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    refuse_as_too_large(form, request)
    result = None
    if request.method == "POST" and form.is_valid():
        kind, upload_file = form.cleaned_data["kind"], form.cleaned_data["file"]
        if runs_in_background(upload_file):
            job = import_job_start(user=request.user, kind=f"facilities.{kind}",
                                   upload_file=upload_file, language=request.LANGUAGE_CODE)
            return _to_job(request, job)
        importer = import_reports if kind == "reports" else import_facilities
        result = importer(upload_opener(upload_file), file_name=upload_file.name,
                          user=request.user, as_upload=True)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            if result.problem:
                summary = _("Nothing was imported: %(problem)s") % {"problem": result.problem}
            elif result.ok:
                summary = (_("%(rows)s rows: %(created)s created, %(updated)s updated, "
                             "%(unchanged)s unchanged.") % result.__dict__)
            else:
                summary = (ngettext("%(n)s error: nothing was imported.",
                                    "%(n)s errors: nothing was imported.", result.error_count)
                           % {"n": result.error_count})
            return JsonResponse({
                "message": summary,
                "ok": result.ok, "rows": result.rows, "created": result.created,
                "updated": result.updated, "unchanged": result.unchanged,
                "problem": result.problem, "error_count": result.error_count,
                "errors": [str(e) for e in result.errors],
            }, status=200 if result.ok else 422)
    status = 413 if too_large(request) else 200
    if request.headers.get("x-requested-with") == "XMLHttpRequest" and status == 413:
        return JsonResponse({"message": size_limit_message(), "ok": False, "errors": []},
                            status=status)
    return render(request, "facilities/upload.html", {"form": form, "result": result},
                  status=status)


def _to_job(request: HttpRequest, job) -> HttpResponse:
    """The job's page, where the user follows an import running in the background."""
    url = reverse("jobs:detail", args=[job.pk])
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"redirect": url, "ok": True}, status=202)
    return redirect(url)


@capability_required("facilities.file_report")
@require_safe
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in exporting.KINDS or fmt not in core_exporting.FORMATS:
        raise Http404
    return _file_response(kind, iter(()), fmt, f"mau-{kind}", template=True)


@capability_required("facilities.export_reports")
@require_safe
def report_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in core_exporting.FORMATS:
        fmt = "csv"
    return _file_response("reports", exporting.report_rows(Report.objects.for_user(request.user)),
                          fmt, "bao-cao-hang-nam")
