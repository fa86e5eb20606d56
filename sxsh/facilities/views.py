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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from sxsh.assessments.selectors import report_prefill
from sxsh.core import concurrency, years
from sxsh.core import exporting as core_exporting
from sxsh.core.capabilities import can, capability_required, holds_only
from sxsh.core.forms import add_service_errors
from sxsh.core.paging import filter_query, sort_order
from sxsh.core.uploads import (
    answers_oversize,
    refuse_as_too_large,
    size_limit_message,
    too_large,
    upload_opener,
)
from sxsh.jobs.services import import_job_start, runs_in_background

from . import selectors, services
from .forms import (
    FacilityFilterForm,
    FacilityForm,
    RemindersForm,
    ReportForm,
    ReviewFilterForm,
    ReviewForm,
    UploadForm,
)
from .interchange import errors_file, exporting
from .interchange.facilities_import import import_facilities
from .interchange.reports_import import import_reports
from .interchange.template import template_file
from .models import Facility, Report, current_year
from .quality import CATEGORIES, CATEGORY_LABELS, warning_text
from .sheet import report_sheet

PAGE_SIZE = 25
#: The register's sortable columns and what each orders by (the tax code breaks ties).
REGISTER_SORTS = {
    "tax_code": ("tax_code",), "name": ("name", "tax_code"),
    "unit": ("admin_unit__name", "name", "tax_code"), "vsic": ("vsic__code", "name", "tax_code"),
    "size": ("size_class", "name", "tax_code"), "employees": ("employees", "tax_code"),
    "opened": ("opened_year", "tax_code"),
}


def _file_response(kind: str, rows, fmt: str, name: str):
    return core_exporting.attachment_response(
        exporting.export(kind, rows, fmt), filename=f"{name}.{fmt}")


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
    sort, order = sort_order(request.GET, REGISTER_SORTS, "name")
    page = Paginator(facilities.order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "facilities/facility_list.html", {
        "form": form, "page": page, "query": filter_query(request.GET), "sort": sort,
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
    page = (_report_page(report, sheet=locked) if report is not None
            else {"warnings": [], "history": []})
    return render(request, "facilities/report_form.html", {
        "facility": facility, "year": year, "report": report, "form": form, "locked": locked,
        "prefill": [(ReportForm.base_fields[p.field].label, p) for p in prefill], **page,
    })


@capability_required("facilities.review")
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", Report.Status.SUBMITTED)  # what waits, unless asked otherwise
    form = ReviewFilterForm(data)
    filters = form.filters()
    page = Paginator(selectors.review_queue(user=request.user, **filters),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.warning_texts = [warning_text(w) for w in report.quality_warnings]
    return render(request, "facilities/review_queue.html", {
        "page": page, "form": form, "status": filters["status"],
        "query": filter_query(request.GET),
    })


#: Each review step: the service, the name it gives the comment, and what is said after.
REVIEW_STEPS = {
    "accept": (services.report_accept, "comment",
               gettext_lazy("%(facility)s, %(year)s: the report is accepted.")),
    "return": (services.report_return, "comment",
               gettext_lazy("%(facility)s, %(year)s: the report is returned to the facility "
                            "with your comment.")),
    "reopen": (services.report_reopen, "reason",
               gettext_lazy("%(facility)s, %(year)s: the report is reopened and returned to "
                            "the facility for correction.")),
}


@capability_required("facilities.review")
@require_http_methods(["GET", "HEAD", "POST"])
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review screen: the whole report beside the facility's previous one, its
    warnings and history, and the decision (accept, return with a comment, reopen)."""
    report = (Report.objects.select_related("facility__admin_unit", "facility__vsic")
              .get_for_user_or_404(request.user, pk=pk))
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in REVIEW_STEPS:
            form.add_error(None, _("Unknown action."))
        elif form.is_valid():
            step, argument, done = REVIEW_STEPS[action]
            try:
                report = step(report=report, user=request.user,
                              **{argument: form.cleaned_data["comment"]})
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(done) % {"facility": report.facility.name,
                                                       "year": report.year})
                return redirect(_safe_next(request) or "facilities:review")
    return render(request, "facilities/report_review.html", {
        "report": report, "form": form, "next": _safe_next(request),
        **_report_page(report),
    })


def _report_page(report: Report, *, sheet: bool = True) -> dict:
    """What the review screen and the facility's view of its report share: the sheet
    beside the previous report (unless the report is open for editing), the warnings in
    words, the history."""
    page = {"warnings": [warning_text(w) for w in report.quality_warnings],
            "history": selectors.report_history(report)}
    if sheet:
        previous = selectors.previous_report(report)
        page.update(previous=previous, sheet=report_sheet(report, previous))
    return page


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` address (posted, or in the query string) if it points into this site,
    else ""."""
    target = request.POST.get("next") or request.GET.get("next", "")
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


#: The columns of the reminders list, for a mail merge.
REMINDER_COLUMNS = (
    gettext_lazy("Name"), gettext_lazy("Tax code"), gettext_lazy("Address"),
    gettext_lazy("Contact person"), gettext_lazy("Contact e-mail"),
    gettext_lazy("Contact phone"), gettext_lazy("District"),
    gettext_lazy("Last year reported"),
)


def _reminder_row(facility: Facility) -> list:
    unit = facility.admin_unit
    district = unit.parent if unit.level == unit.Level.COMMUNE and unit.parent else unit
    return [facility.name, facility.tax_code, facility.address, facility.contact_name,
            facility.contact_email, facility.contact_phone, district.name,
            facility.last_reported]


@capability_required("facilities.completeness")
@require_safe
def reminders(request: HttpRequest) -> HttpResponse:
    """The facilities of the user's scope that sent no report of a year, with their
    contacts: a page, and a CSV or XLSX file for a mail merge."""
    form = RemindersForm(request.GET or None)
    year = (form.cleaned_data["year"] if form.is_bound and form.is_valid()
            else selectors.reporting_year())
    facilities = selectors.not_reported(user=request.user, year=year)
    fmt = request.GET.get("format")
    if fmt in core_exporting.FORMATS:
        return core_exporting.export_response(
            fmt, [str(c) for c in REMINDER_COLUMNS], (_reminder_row(f) for f in facilities),
            filename=f"nhac-bao-cao-{year}", title=str(year))
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "facilities/reminders.html", {
        "form": form, "year": year, "page": page, "columns": REMINDER_COLUMNS,
        "rows": [(f, _reminder_row(f)) for f in page.object_list],
        "query": filter_query(request.GET) or f"year={year}",
    })


@answers_oversize
@capability_required("facilities.file_report")
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    refuse_as_too_large(form, request)
    result, errors_url = None, ""
    if request.method == "POST" and form.is_valid():
        kind, upload_file = form.cleaned_data["kind"], form.cleaned_data["file"]
        if runs_in_background(upload_file):
            job = import_job_start(user=request.user, kind=f"facilities.{kind}",
                                   upload_file=upload_file, language=request.LANGUAGE_CODE)
            return _to_job(request, job)
        importer = import_reports if kind == "reports" else import_facilities
        result = importer(upload_opener(upload_file), file_name=upload_file.name,
                          user=request.user, as_upload=True)
        errors_url = _errors_url(request, kind, upload_file, result)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            if result.problem:
                summary = _("Nothing was imported: %(problem)s") % {"problem": result.problem}
            elif result.ok:
                summary = (_("%(rows)s rows: %(created)s created, %(updated)s updated, "
                             "%(unchanged)s unchanged.") % result.__dict__)
            else:
                summary = " ".join((
                    ngettext("%(n)s error: nothing was imported.",
                             "%(n)s errors: nothing was imported.", result.error_count)
                    % {"n": result.error_count},
                    ngettext("%(n)s row has errors.", "%(n)s rows have errors.",
                             len(result.failed_rows)) % {"n": len(result.failed_rows)}))
            return JsonResponse({
                "message": summary,
                "ok": result.ok, "rows": result.rows, "created": result.created,
                "updated": result.updated, "unchanged": result.unchanged,
                "problem": result.problem, "error_count": result.error_count,
                "errors": [str(e) for e in result.errors],
                "failed_rows": len(result.failed_rows), "errors_file": errors_url,
                "errors_file_label": _("Download your file with the errors marked (XLSX)"),
            }, status=200 if result.ok else 422)
    status = 413 if too_large(request) else 200
    if request.headers.get("x-requested-with") == "XMLHttpRequest" and status == 413:
        return JsonResponse({"message": size_limit_message(), "ok": False, "errors": []},
                            status=status)
    return render(request, "facilities/upload.html", {"form": form, "result": result,
                                                      "errors_url": errors_url},
                  status=status)


def _errors_url(request: HttpRequest, kind: str, upload_file, result) -> str:
    """The address of the upload's file with its errors marked ("" without errors)."""
    if not result.errors:
        return ""
    token = errors_file.keep_marked(upload_opener(upload_file), kind=kind,
                                    file_name=upload_file.name, result=result,
                                    user=request.user)
    return reverse("facilities:upload_errors", args=[token]) if token else ""


@capability_required("facilities.file_report")
@require_safe
def upload_errors(request: HttpRequest, token: str) -> HttpResponse:
    """The user's own upload with its errors marked; another user's token is not found."""
    kept = errors_file.kept_marked(request.user, token)
    if kept is None:
        raise Http404
    path, name = kept
    return core_exporting.attachment_response(path.read_bytes(), filename=name)


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
    return core_exporting.attachment_response(
        template_file(kind, fmt, user=request.user), filename=f"mau-{kind}.{fmt}")


@capability_required("facilities.export_reports")
@require_safe
def report_export(request: HttpRequest) -> HttpResponse:
    """The reports sent (submitted and accepted, or the one status asked), never drafts."""
    fmt = request.GET.get("format", "csv")
    if fmt not in core_exporting.FORMATS:
        fmt = "csv"
    sent = [s for s in Report.Status.values if s != Report.Status.DRAFT]
    statuses = [request.GET["status"]] if request.GET.get("status") in sent \
        else list(selectors.REVIEWABLE)
    reports = Report.objects.for_user(request.user).filter(status__in=statuses)
    return _file_response("reports", exporting.report_rows(reports), fmt,
                          "bao-cao-hang-nam")
