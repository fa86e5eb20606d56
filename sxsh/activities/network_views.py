"""Pages of the local network (its focal points and yearly reports, the completeness by
unit) and of the emulation awards."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from sxsh.core import audit, concurrency, years
from sxsh.core.capabilities import can, capability_required
from sxsh.core.forms import add_service_errors
from sxsh.core.models import AdminUnit

from . import services
from .forms import AwardForm, FocalPointForm, LocalReportForm
from .models import Award, FocalPoint, LocalReport

PAGE_SIZE = 25


@capability_required("activities.network")
@require_safe
def network(request: HttpRequest) -> HttpResponse:
    """The district-level units of the user's area in a year, each with its focal points
    and whether its yearly report was sent (submitted or accepted)."""
    year = years.parse_year(request.GET.get("year")) or years.current_year()
    units = AdminUnit.objects.valid_on(dt.date(year, 12, 31)).filter(
        level=AdminUnit.Level.DISTRICT).prefetch_related(
        Prefetch("focal_points", queryset=FocalPoint.objects.for_user(request.user)))
    if not can(request.user, "core.whole_province"):
        units = units.filter(pk__in=request.user.area_unit_ids())
    reports = {r.admin_unit_id: r for r in
               LocalReport.objects.for_user(request.user).filter(year=year)}
    rows = [(unit, reports.get(unit.pk)) for unit in units.order_by("name")]
    sent = sum(1 for _unit, r in rows if r and r.status in (LocalReport.Status.SUBMITTED,
                                                           LocalReport.Status.ACCEPTED))
    return render(request, "activities/network.html", {
        "year": year, "years": years.picker_years(), "rows": rows, "sent": sent,
        "can_manage": can(request.user, "activities.manage")})


@capability_required("activities.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def focal_point_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    focal_point = (FocalPoint.objects.get_for_user_or_404(request.user, pk=pk)
                   if pk is not None else None)
    form = FocalPointForm(request.POST or None, instance=focal_point)
    concurrency.opened(form, focal_point, services.FOCAL_POINT_FIELDS)
    if request.method == "POST" and form.is_valid():
        try:
            services.focal_point_save(focal_point=focal_point, data=form.cleaned_data,
                                      user=request.user,
                                      expected_version=concurrency.expected(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            concurrency.reopen(form, focal_point, services.FOCAL_POINT_FIELDS)
        else:
            messages.success(request, _("The focal point is saved."))
            return redirect("activities:network")
    return render(request, "activities/form_page.html", {
        "form": form, "title": _("Focal point"), "back": redirect("activities:network").url})


def _report_action(request: HttpRequest, report: LocalReport | None, unit: AdminUnit,
                   year: int, form: LocalReportForm) -> bool:
    """Carry out the posted step; True when it succeeded."""
    action = request.POST.get("action", "save")
    comment = request.POST.get("comment", "")
    try:
        if action == "save":
            return _report_save(request, unit, year, form)
        if report is None:
            raise Http404
        if action == "submit":
            services.local_report_submit(report=report, user=request.user)
        elif action == "accept":
            services.local_report_accept(report=report, user=request.user, comment=comment)
        else:
            services.local_report_return(report=report, user=request.user, comment=comment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


def _report_save(request: HttpRequest, unit: AdminUnit, year: int,
                 form: LocalReportForm) -> bool:
    """Save the report's form; a save over someone else's is refused on the form, the
    input kept with the token of the report as it is now."""
    if not form.is_valid():
        return False
    try:
        services.local_report_save(admin_unit=unit, year=year, data=form.cleaned_data,
                                   user=request.user,
                                   expected_version=concurrency.expected(form))
    except ValidationError as exc:
        if getattr(exc, "code", None) != "stale":
            raise  # the report's own rules: said in a message, as before
        add_service_errors(form, exc)
        now = LocalReport.objects.for_user(request.user).filter(admin_unit=unit,
                                                                year=year).first()
        concurrency.reopen(form, now, services.LOCAL_REPORT_FIELDS)
        return False
    return True


@capability_required("activities.network")
@require_http_methods(["GET", "HEAD", "POST"])
def local_report(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    """A unit's yearly report: written and submitted by its focal point, reviewed by the
    department."""
    unit_obj = get_object_or_404(AdminUnit, code=unit)
    if not can(request.user, "activities.network", unit_obj) or not years.is_year(year):
        raise Http404
    report = LocalReport.objects.for_user(request.user).filter(
        admin_unit=unit_obj, year=year).first()
    form = LocalReportForm(request.POST if request.POST.get("action", "save") == "save"
                           and request.method == "POST" else None, instance=report)
    concurrency.opened(form, report, services.LOCAL_REPORT_FIELDS)
    if request.method == "POST" and _report_action(request, report, unit_obj, year, form):
        messages.success(request, _("The report is saved."))
        return redirect("activities:local_report", unit=unit, year=year)
    return render(request, "activities/local_report.html", {
        "unit": unit_obj, "year": year, "report": report, "form": form,
        "can_write": can(request.user, "activities.local_report", unit_obj)
        and (report is None or report.status in services.LOCAL_EDITABLE),
        "can_review": can(request.user, "activities.review_local")
        and report is not None and report.status == LocalReport.Status.SUBMITTED,
        "history": audit.history(report) if report else []})


@capability_required("activities.awards")
@require_safe
def award_list(request: HttpRequest) -> HttpResponse:
    awards = Award.objects.for_user(request.user).select_related("facility", "admin_unit")
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "activities/awards.html", {
        "page": page, "can_manage": can(request.user, "activities.manage")})


@capability_required("activities.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def award_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    award = Award.objects.get_for_user_or_404(request.user, pk=pk) if pk is not None else None
    form = AwardForm(request.POST or None, instance=award)
    concurrency.opened(form, award, services.AWARD_FIELDS)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_save(award=award, data=form.cleaned_data, user=request.user,
                                expected_version=concurrency.expected(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            concurrency.reopen(form, award, services.AWARD_FIELDS)
        else:
            messages.success(request, _("The award is saved."))
            return redirect("activities:awards")
    return render(request, "activities/form_page.html", {
        "form": form, "title": _("Award"), "back": redirect("activities:awards").url})
