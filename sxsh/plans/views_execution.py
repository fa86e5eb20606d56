"""Pages that carry the plan out: the yearly budget, estimates, spending, task progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from sxsh.core import audit
from sxsh.core.capabilities import can, capability_required, require
from sxsh.core.downloads import file_download
from sxsh.core.exporting import export_response
from sxsh.core.forms import add_service_errors

from . import models as m
from . import services
from .exports import execution_columns, execution_filename, execution_rows
from .forms import (
    AppraiseForm,
    ApproveForm,
    EstimateForm,
    ExpenditureForm,
    ProgressForm,
    ReturnForm,
)
from .selectors import (
    above_plan_message,
    budget_years,
    estimable_lines,
    plan_budget,
    planned_in_year,
    task_statuses,
    waiting_steps,
    work_year,
    year_execution,
)

PAGE_SIZE = 25


def _plan_year(request, code: str, year: int) -> m.Plan:
    plan = m.Plan.carried_out.get_for_user_or_404(request.user, code=code)
    if year not in plan.years:
        raise Http404
    return plan


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@capability_required("plans.view_budget")
@require_safe
def budget_current(request, code: str):
    """The budget page of the year that waits for the user (``work_year``)."""
    plan = m.Plan.carried_out.get_for_user_or_404(request.user, code=code)
    years = budget_years(plan, steps=waiting_steps(request.user), user=request.user)
    return redirect("plans:budget_year", code=plan.code, year=work_year(years))


@capability_required("plans.estimate")
@require_safe
def estimates_current(request, code: str):
    """The estimates page of the year that takes estimates now (``work_year``)."""
    plan = m.Plan.carried_out.get_for_user_or_404(request.user, code=code)
    years = budget_years(plan, steps={m.YearBudget.Status.COLLECTING}, user=request.user)
    return redirect("plans:estimates", code=plan.code, year=work_year(years))


@capability_required("plans.view_budget")
@require_http_methods(["GET", "HEAD", "POST"])
def budget_year(request, code: str, year: int):
    plan = _plan_year(request, code, year)
    user = request.user
    year_budget = m.YearBudget.objects.for_user(user).filter(plan=plan, year=year).first()
    amounts = list(m.YearBudgetAmount.objects.for_user(user).filter(year_budget=year_budget)
                   .select_related("line", "source")) if year_budget else []
    sources = list(plan.funding_sources.all())
    forms = {"expenditure": ExpenditureForm(plan=plan, prefix="exp"),
             "return": ReturnForm(prefix="ret"),
             "appraise": AppraiseForm(amounts=amounts, prefix="apr"),
             "approve": ApproveForm(sources=sources, prefix="app", initial_amounts=_by_source(
                 amounts))}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _act(request, action, plan, year, year_budget, amounts, sources, forms)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _errors(request, exc)
            done = False
        if done:
            messages.success(request, done)
            return redirect("plans:budget_year", code=plan.code, year=year)
    execution = year_execution(plan, year, user=user)
    history = list(audit.history(year_budget)) if year_budget else []
    status = year_budget.status if year_budget else m.YearBudget.Status.COLLECTING
    permitted = {name: can(user, f"plans.{name}") for name in (
        "consolidate", "appraise", "approve", "record_expenditure")}
    appraising = permitted["appraise"] and status == m.YearBudget.Status.CONSOLIDATED
    appraise = forms["appraise"]
    return render(request, "plans/budget_year.html", {
        "plan": plan, "year": year, "execution": execution, "history": history,
        "forms": forms, "status": status, "can": permitted, "appraising": appraising,
        "rows": [(row, appraise.field_for(row.line.pk, row.source.pk) if appraising else None)
                 for row in execution.rows],
        "years": budget_years(plan, steps=waiting_steps(user), user=user),
        "spending": m.Expenditure.objects.for_user(user).filter(line__plan=plan, year=year)
        .select_related("line", "source")[:50],
    })


@capability_required("plans.view_budget")
@require_safe
def budget_year_export(request, code: str, year: int):
    """The year's execution table as XLSX, the same as ``sxsh budget-execution``."""
    plan = _plan_year(request, code, year)
    execution = year_execution(plan, year, user=request.user)
    return export_response("xlsx", execution_columns(), execution_rows(execution),
                           filename=execution_filename(execution), title=f"{plan.code}-{year}")


def _by_source(amounts: list[m.YearBudgetAmount]) -> dict:
    totals: dict = {}
    for a in amounts:
        value = a.appraised_million_vnd if a.appraised_million_vnd is not None else \
            a.estimated_million_vnd
        totals[a.source.code] = totals.get(a.source.code, 0) + value
    return totals


def _act(request, action: str, plan, year, year_budget, amounts, sources, forms) -> str | bool:
    """Run the step the officer or finance asked for; the message to show, or False."""
    user = request.user
    if action == "consolidate":
        services.year_budget_consolidate(plan=plan, year=year, user=user)
        return _("The estimates are consolidated and sent to finance.")
    if action == "expenditure":
        form = forms["expenditure"] = ExpenditureForm(request.POST, plan=plan, prefix="exp")
        if not form.is_valid():
            return False
        d = form.cleaned_data
        services.expenditure_record(line=d["line"], year=year, source=d["source"],
                                    kind=d["kind"], amount=d["amount"], on=d["on"],
                                    reference=d["reference"], note=d["note"], user=user)
        return _("The expenditure is recorded.")
    if year_budget is None:
        raise ValidationError(_("No estimate has been consolidated for this year."))
    if action == "appraise":
        form = forms["appraise"] = AppraiseForm(request.POST, amounts=amounts, prefix="apr")
        if not form.is_valid():
            return False
        services.year_budget_appraise(year_budget=year_budget, appraised=form.appraised(),
                                      note=form.cleaned_data["note"], user=user)
        return _("The budget is appraised.")
    if action == "return":
        form = forms["return"] = ReturnForm(request.POST, prefix="ret")
        if not form.is_valid():
            return False
        services.year_budget_return(year_budget=year_budget, note=form.cleaned_data["note"],
                                    user=user)
        return _("The budget is returned to the officer.")
    if action == "approve":
        form = forms["approve"] = ApproveForm(request.POST, sources=sources, prefix="app",
                                              initial_amounts={})
        if not form.is_valid():
            return False
        services.year_budget_approve(
            year_budget=year_budget, decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"], amounts=form.amounts(), user=user)
        return _("The province's decision is recorded.")
    raise ValidationError(_("Unknown action."))


@capability_required("plans.estimate")
@require_http_methods(["GET", "HEAD", "POST"])
def estimates(request, code: str, year: int):
    plan = _plan_year(request, code, year)
    user = request.user
    if not user.agency_id:
        raise PermissionDenied
    form = EstimateForm(request.POST or None, plan=plan,
                        lines=estimable_lines(plan=plan, agency_id=user.agency_id, user=user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.estimate_set(plan=plan, year=year, agency=user.agency, line=d["line"],
                                  source=d["source"], amount=d["amount"], note=d["note"],
                                  user=user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The estimate is saved."))
            return redirect("plans:estimates", code=plan.code, year=year)
    rows = (m.Estimate.objects.for_user(user).filter(plan=plan, year=year)
            .select_related("line", "source", "agency"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    budget = {row.line.pk: row for row in plan_budget(plan).rows}
    planned = [planned_in_year(budget[e.line_id], e.source, year) for e in page.object_list]
    years = budget_years(plan, steps={m.YearBudget.Status.COLLECTING}, user=user)
    return render(request, "plans/estimates.html", {
        "plan": plan, "year": year, "form": form, "page": page, "years": years,
        "collecting": next(y for y in years if y.year == year).status
        == m.YearBudget.Status.COLLECTING,
        "rows": [(e, amount, above_plan_message(e.amount_million_vnd, amount))
                 for e, amount in zip(page.object_list, planned, strict=True)],
    })


@login_required
@require_safe
def progress(request, code: str):
    plan = m.Plan.carried_out.get_for_user_or_404(request.user, code=code)
    statuses = task_statuses(plan, request.user)
    return render(request, "plans/progress.html", {"plan": plan, "statuses": statuses})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_report(request, code: str, task_code: str):
    plan = m.Plan.carried_out.get_for_user_or_404(request.user, code=code)
    task = m.Task.objects.select_related("lead_agency").get_for_user_or_404(
        request.user, plan=plan, code=task_code)
    require(request.user, "plans.report_progress", task)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.task_progress_report(
                task=task, status=d["status"], percent=d["percent"], narrative=d["narrative"],
                reported_on=d["reported_on"], evidence=d["evidence"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress report is saved."))
            return redirect("plans:progress", code=plan.code)
    reports = (m.TaskProgress.objects.for_user(request.user).filter(task=task)
               .select_related("agency", "reported_by"))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/task_report.html",
                  {"plan": plan, "task": task, "form": form, "page": page})


@login_required
@require_safe
def evidence(request, pk: int):
    """The evidence file of a progress report, to those who may read the report."""
    report = m.TaskProgress.objects.get_for_user_or_404(request.user, pk=pk)
    return file_download(report.evidence)
