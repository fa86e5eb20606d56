"""Pages of the assessments: the list, one assessment worked through section by section,
its options' steps, a pilot model's funding, the report and its tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.core import audit, concurrency
from sxsh.core import exporting as core_exporting
from sxsh.core.capabilities import can, capability_required, holds_only
from sxsh.core.formatting import number
from sxsh.core.forms import add_service_errors
from sxsh.core.uploads import upload_opener

from . import forms, report, selectors, services
from .interchange import OPTION_EXPORT_COLUMNS, import_options, option_rows
from .library import options_library
from .models import Assessment, Flow, Option, ProcessStep, TeamMember, WasteStream

PAGE_SIZE = 25


def _at(assessment: Assessment, section: str = "") -> str:
    """The assessment's page, at one of its sections."""
    url = reverse("assessments:detail", args=[assessment.pk])
    return f"{url}#{section}" if section else url


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return Assessment.objects.select_related(
        "facility__admin_unit", "facility__vsic", "consultant_agency", "budget_line__plan"
    ).get_for_user_or_404(request.user, pk=pk)


@capability_required("assessments.view")
@require_safe
def assessment_list(request: HttpRequest) -> HttpResponse:
    form = forms.AssessmentFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    rows = selectors.assessment_list(user=request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/assessment_list.html", {
        "form": form, "page": page,
        "can_manage": can(request.user, "assessments.manage"),
        "can_assign": can(request.user, "assessments.assign"),
        "can_import": can(request.user, "assessments.import_options"),
    })


@capability_required("assessments.import_options")
@require_safe
def options_export(request: HttpRequest) -> HttpResponse:
    """The options register of the assessments the list shows, in the import's columns and
    the figures the system computes."""
    form = forms.AssessmentFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    fmt = request.GET.get("format", "csv")
    if fmt not in core_exporting.FORMATS:
        fmt = "csv"
    options = selectors.option_register(user=request.user, **filters)
    return core_exporting.export_response(fmt, list(OPTION_EXPORT_COLUMNS), option_rows(options),
                                          filename="giai-phap-sxsh", title="options")


@capability_required("assessments.import_options")
@require_http_methods(["GET", "HEAD", "POST"])
def options_upload(request: HttpRequest) -> HttpResponse:
    form = forms.OptionsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        result = import_options(upload_opener(upload_file), file_name=upload_file.name,
                                user=request.user, as_upload=True)
    return render(request, "assessments/options_upload.html", {"form": form, "result": result},
                  status=422 if result is not None and not result.ok else 200)


@capability_required("assessments.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    officer = holds_only(request.user, "assessments.manage")
    form = forms.AssessmentForm(request.POST or None, user=request.user, officer=officer)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assessment is opened."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/form.html",
                  {"form": form, "title": _("Open an assessment")})


def _forms(assessment: Assessment, data=None, bound: str = "") -> dict[str, Any]:
    """The forms of the page's sections; ``bound`` is the one that was posted."""
    made = {}
    for name, (form_class, _service) in PARTS.items():
        kwargs = {} if form_class in (forms.TeamMemberForm, forms.StepForm) else {
            "assessment": assessment}
        made[name] = form_class(data if name == bound else None, prefix=name, **kwargs)
    return made


@capability_required("assessments.view")
@require_safe
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _assessment(request, pk))


def _detail(request: HttpRequest, assessment: Assessment, section_forms=None,
            status: int = 200) -> HttpResponse:
    manage = can(request.user, "assessments.manage", assessment)
    is_open = assessment.status == Assessment.Status.OPEN
    return render(request, "assessments/assessment_detail.html", {
        "a": assessment, "view": selectors.assessment_view(assessment),
        "can_manage": manage, "can_edit": manage and is_open,
        "forms": (section_forms or _forms(assessment)) if manage and is_open else {},
        "close_form": forms.CloseForm(initial={"summary": assessment.summary}),
        "history": audit.history(assessment),
        # what facilities of its sector implemented: suggestions for this assessment
        "library": options_library(vsic=assessment.facility.vsic.code,
                                   excluding_assessment_id=assessment.pk),
        "statuses": Option.Status,
    }, status=status)


def _team(assessment, user, data):
    return services.team_member_add(assessment=assessment, user=user, **data)


def _step(assessment, user, data):
    return services.step_save(assessment=assessment, user=user, name=data["name"],
                              order=data["order"] or 0, is_focus=data["is_focus"])


def _flow(assessment, user, data):
    return services.flow_add(user=user, **data)


def _waste(assessment, user, data):
    return services.waste_stream_save(assessment=assessment, user=user, data=data)


def _option(assessment, user, data):
    return services.option_save(assessment=assessment, user=user, data=data)


#: The sections a manager adds to: their form and the service that writes them.
PARTS: dict[str, tuple[type, Callable]] = {
    "team": (forms.TeamMemberForm, _team),
    "step": (forms.StepForm, _step),
    "flow": (forms.FlowForm, _flow),
    "waste": (forms.WasteStreamForm, _waste),
    "option": (forms.OptionForm, _option),
}

#: The parts that can be removed, by the name in their address.
REMOVABLE = {"team": TeamMember, "step": ProcessStep, "flow": Flow, "waste": WasteStream}


@capability_required("assessments.manage")
@require_POST
def part_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    if part not in PARTS:
        raise Http404
    assessment = _assessment(request, pk)
    section_forms = _forms(assessment, request.POST, bound=part)
    form = section_forms[part]
    if form.is_valid():
        try:
            PARTS[part][1](assessment, request.user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_at(assessment, part))
    if not can(request.user, "assessments.manage", assessment):
        raise Http404  # another agency's assessment: the service refused it too
    return _detail(request, assessment, section_forms, status=422)


@capability_required("assessments.manage")
@require_POST
def part_remove(request: HttpRequest, part: str, pk: int) -> HttpResponse:
    if part not in REMOVABLE:
        raise Http404
    row = REMOVABLE[part].objects.get_for_user_or_404(request.user, pk=pk)
    assessment = row.step.assessment if part == "flow" else row.assessment
    try:
        services.part_remove(part=row, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_at(assessment, part))


@capability_required("assessments.manage")
@require_POST
def assessment_close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _post_step(request, forms.CloseForm(request.POST),
               invalid=_("Give the day the assessment finished."),
               write=lambda data: services.assessment_close(
                   assessment=assessment, user=request.user, **data),
               done=_("The assessment is closed."))
    return redirect(_at(assessment))


def _post_step(request: HttpRequest, form, *, invalid: str,
               write: Callable[[dict[str, Any]], Any], done: str) -> None:
    """A one-form step posted from a page: ``write`` the form's data, then say what came
    of it (the page redirects either way)."""
    try:
        if not form.is_valid():
            raise ValidationError(invalid)
        write(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


def _option_of(request: HttpRequest, pk: int) -> Option:
    return Option.objects.select_related("assessment__facility").get_for_user_or_404(
        request.user, pk=pk)


@capability_required("assessments.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def option_edit(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option_of(request, pk)
    assessment = option.assessment
    initial = {f: getattr(option, f) for f in services.OPTION_FIELDS}
    form = forms.OptionEditForm(request.POST or None, initial=initial, assessment=assessment)
    concurrency.opened(form, option, services.OPTION_FIELDS)
    if request.method == "POST" and form.is_valid():
        try:
            services.option_save(assessment=assessment, user=request.user,
                                 data=form.cleaned_data, option=option,
                                 expected_version=concurrency.expected(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            concurrency.reopen(form, option, services.OPTION_FIELDS)
        else:
            messages.success(request, _("Saved."))
            return redirect(_at(assessment, "options"))
    return render(request, "assessments/form.html", {
        "form": form, "assessment": assessment,
        "title": _("CP option %(code)s") % {"code": option.code}})


@capability_required("assessments.manage")
@require_POST
def option_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Screen an option or record its implementation (the buttons of its row)."""
    option = _option_of(request, pk)
    try:
        if request.POST.get("step") == "implement":
            form = forms.ImplementForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the day the option was implemented."))
            services.option_implement(option=option, user=request.user, **form.cleaned_data)
        else:
            form = forms.ScreenForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Unknown action."))
            services.option_screen(option=option, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, f"{option.code}: {' '.join(exc.messages)}")
    else:
        messages.success(request, _("%(code)s: %(status)s.") % {
            "code": option.code, "status": Option.objects.get(pk=option.pk)
            .get_status_display().lower()})
    return redirect(_at(option.assessment, "options"))


@capability_required("assessments.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def option_verify(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option_of(request, pk)
    form = forms.VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saving = services.option_verify(
                option=option, user=request.user, measured_on=d["measured_on"],
                quantity=d["quantity"], before=d["before"], after=d["after"],
                baseline_months=d["baseline_months"],
                reporting_months=d["reporting_months"], estimated=d["estimated"],
                note=d["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(code)s is verified: %(saving)s a year saved "
                                        "(grade %(grade)s).") % {
                "code": option.code, "grade": saving.grade,
                "saving": number(saving.saved_per_year)})
            return redirect(_at(option.assessment, "options"))
    return render(request, "assessments/form.html", {
        "form": form, "assessment": option.assessment,
        "title": _("Verify the savings of %(code)s") % {"code": option.code},
        "intro": option.description})


def _pilot(request: HttpRequest, pk: int) -> Assessment:
    assessment = _assessment(request, pk)
    if assessment.kind != Assessment.Kind.PILOT:
        raise Http404
    return assessment


@capability_required("assessments.view")
@require_http_methods(["GET", "HEAD", "POST"])
def pilot_funding(request: HttpRequest, pk: int) -> HttpResponse:
    """A pilot model's funding by source beside its budget line's, and its results."""
    assessment = _pilot(request, pk)
    sources = list(services.funding_sources(assessment))
    funding = selectors.pilot_funding_view(assessment, sources)
    form = _funding_form(funding, sources, request.POST or None)
    manage = can(request.user, "assessments.manage", assessment)
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            try:
                services.pilot_funding_set(assessment=assessment, user=request.user,
                                           amounts=form.amounts(),
                                           expected_version=concurrency.expected(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
                concurrency.renew(form, concurrency.values_version(
                    services.funding_values(assessment, sources)))
            else:
                messages.success(request, _("Saved."))
                return redirect("assessments:funding", pk=assessment.pk)
    return _funding_page(request, assessment, form=form, funding=funding, manage=manage,
                         status=422 if request.method == "POST" else 200)


def _funding_page(request: HttpRequest, assessment: Assessment, *, form, funding,
                  manage: bool, results_form=None, status: int = 200) -> HttpResponse:
    if results_form is None and manage and assessment.status == Assessment.Status.OPEN:
        results_form = forms.ResultsForm(initial={"summary": assessment.summary})
        concurrency.opened(results_form, assessment, services.ASSESSMENT_FIELDS)
    return render(request, "assessments/funding.html", {
        "a": assessment, "form": form, "can_manage": manage,
        "funding": funding,
        "view": selectors.assessment_view(assessment), "results_form": results_form,
    }, status=status)


@capability_required("assessments.manage")
@require_POST
def pilot_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the results of an open pilot model (its conclusions). A save over someone
    else's shows the page again with the text typed; other refusals are said in a message."""
    assessment = _pilot(request, pk)
    results_form = forms.ResultsForm(request.POST)
    try:
        if not results_form.is_valid():
            raise ValidationError(_("Write the results in at most 5,000 characters."))
        services.assessment_update(
            assessment=assessment, user=request.user,
            data={"summary": results_form.cleaned_data["summary"]},
            expected_version=concurrency.expected(results_form))
    except ValidationError as exc:
        if exc.code != "stale":
            messages.error(request, " ".join(exc.messages))
            return redirect(_at_results(assessment))
        add_service_errors(results_form, exc)
        concurrency.reopen(results_form, assessment, services.ASSESSMENT_FIELDS)
        sources = list(services.funding_sources(assessment))
        funding = selectors.pilot_funding_view(assessment, sources)
        return _funding_page(request, assessment, form=_funding_form(funding, sources),
                             funding=funding, manage=True, results_form=results_form,
                             status=422)
    messages.success(request, _("Saved."))
    return redirect(_at_results(assessment))


def _funding_form(funding, sources, data=None) -> forms.FundingForm:
    """The funding form opened on the amounts the page shows (its token with them)."""
    amounts = funding.form_values()
    form = forms.FundingForm(data, sources=sources, initial=amounts)
    form.fields["version"].initial = concurrency.values_version(amounts)
    return form


def _at_results(assessment: Assessment) -> str:
    return reverse("assessments:funding", args=[assessment.pk]) + "#results"


@capability_required("assessments.view")
@require_safe
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return core_exporting.attachment_response(
        report.docx_bytes(selectors.assessment_view(assessment)),
        filename=f"bao-cao-danh-gia-{assessment.pk}.docx")


@capability_required("assessments.view")
@require_safe
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return core_exporting.attachment_response(
        report.xlsx_bytes(selectors.assessment_view(assessment)),
        filename=f"bang-danh-gia-{assessment.pk}.xlsx")


@capability_required("assessments.assign")
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    form = forms.AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The facility is assigned."))
            return redirect("assessments:list")
    return render(request, "assessments/form.html",
                  {"form": form, "title": _("Assign a facility to a consulting agency")})
