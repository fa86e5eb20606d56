"""Pages of the status survey: the campaigns, a survey's designer and status report, its
XLSForm, the Kobo/ODK import, answers typed in the app, an answer's matching and review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.core.capabilities import can, capability_required
from sxsh.core.charts import bar_chart
from sxsh.core.exporting import attachment_response
from sxsh.core.forms import add_service_errors
from sxsh.core.uploads import upload_opener
from sxsh.facilities.models import Facility

from . import selectors, services
from .forms import AnswersForm, FileForm, QuestionForm, SurveyForm
from .models import Response, Survey
from .surveys import xlsform


@capability_required("activities.surveys")
@require_http_methods(["GET", "HEAD", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(data=form.cleaned_data, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("activities:survey", code=survey.code)
    return render(request, "activities/survey_list.html", {
        "surveys": Survey.objects.for_user(request.user), "form": form,
        "can_manage": can(request.user, "activities.manage")})


@capability_required("activities.surveys")
@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The questions (and a form to add one), the answers, the status report."""
    survey = Survey.objects.get_for_user_or_404(request.user, code=code)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(survey=survey, data=form.cleaned_data, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("activities:survey", code=survey.code)
    questions = list(survey.questions.all())
    responses = list(Response.objects.for_user(request.user).filter(survey=survey)
                     .select_related("facility", "suggested"))
    return render(request, "activities/survey_detail.html", {
        "survey": survey, "questions": questions, "responses": responses, "form": form,
        "status": _with_charts(selectors.survey_status(questions=questions,
                                                       responses=responses)),
        "can_manage": can(request.user, "activities.manage"), "upload": FileForm()})


def _with_charts(status: dict) -> dict:
    """Each choice question's table with its bar chart (the others with none)."""
    return {**status, "tables": [(q, kind, rows, bar_chart(rows) if kind == "choices" else None)
                                 for q, kind, rows in status["tables"]]}


@capability_required("activities.surveys")
@require_safe
def survey_xlsform(request: HttpRequest, code: str) -> HttpResponse:
    survey = Survey.objects.get_for_user_or_404(request.user, code=code)
    return attachment_response(xlsform(survey, list(survey.questions.all())),
                               filename=f"{survey.code}.xlsx")


@capability_required("activities.manage")
@require_POST
def survey_import(request: HttpRequest, code: str) -> HttpResponse:
    """A Kobo/ODK export (CSV or XLSX), all submissions or none."""
    survey = Survey.objects.get_for_user_or_404(request.user, code=code)
    form = FileForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.responses_import(survey=survey, opener=upload_opener(upload),
                                           file_name=upload.name, user=request.user)
        if result.ok:
            messages.success(request, _(
                "%(created)s answers added, %(updated)s updated, %(unmatched)s to match by "
                "hand.") % {"created": result.created, "updated": result.updated,
                            "unmatched": result.unmatched})
            return redirect("activities:survey", code=survey.code)
    return render(request, "activities/upload_result.html", {
        "form": form, "result": result, "activity": survey,
        "back": redirect("activities:survey", code=survey.code).url})


@capability_required("activities.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def response_enter(request: HttpRequest, code: str) -> HttpResponse:
    """A facility's answers typed in the app."""
    survey = Survey.objects.get_for_user_or_404(request.user, code=code)
    questions = list(survey.questions.all())
    form = AnswersForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        facility = Facility.objects.for_user(request.user).filter(
            tax_code=form.cleaned_data["tax_code"]).first()
        if facility is None:
            form.add_error("tax_code", _("No facility with this tax code in the register."))
        else:
            try:
                response = services.response_enter(survey=survey, facility=facility,
                                                   raw=form.cleaned_data, user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("activities:response", code=survey.code, pk=response.pk)
    return render(request, "activities/response_enter.html", {"survey": survey, "form": form})


@capability_required("activities.surveys")
@require_http_methods(["GET", "HEAD", "POST"])
def response_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An answer: its facility (or the suggestion to confirm), its differences with the
    register (to apply after review)."""
    response = Response.objects.select_related("survey", "facility__vsic", "suggested") \
        .get_for_user_or_404(request.user, pk=pk, survey__code=code)
    questions = list(response.survey.questions.all())
    if request.method == "POST":
        try:
            if request.POST.get("action") == "match":
                facility = Facility.objects.get_for_user_or_404(
                    request.user, tax_code=request.POST.get("tax_code", "").strip())
                services.response_match(response=response, facility=facility,
                                        user=request.user)
                messages.success(request, _("The answer is matched to the facility."))
            else:
                services.response_apply(response=response, user=request.user)
                messages.success(request, _("The register is updated."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("activities:response", code=code, pk=response.pk)
    return render(request, "activities/response_detail.html", {
        "response": response, "survey": response.survey,
        "answers": [(q, response.answers.get(q.name, "")) for q in questions
                    if not q.in_repeat],
        "inner": [q for q in questions if q.in_repeat],
        "differences": services.response_differences(response, questions),
        "can_manage": can(request.user, "activities.manage")})
