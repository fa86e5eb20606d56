"""Writes that carry the plan out: estimates, the yearly budget's steps, spending, progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.capabilities import require
from sxsh.core.formatting import day
from sxsh.core.models import Agency, User

from .. import models as m
from ..selectors import estimable_lines

Status = m.YearBudget.Status
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls", ".zip")


def _check_year(plan: m.Plan, year: int) -> None:
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(_("The year %(year)d is outside the plan's period %(start)d–%(end)d.")
                              % {"year": year, "start": plan.start_year, "end": plan.end_year})


def _check_line(plan: m.Plan, line: m.BudgetLine, source: m.FundingSource) -> None:
    if line.plan_id != plan.pk or source.plan_id != plan.pk:
        raise ValidationError(_("The budget line and the source must belong to the plan."))


def _check_not_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(message)


#: The audited step that brings a yearly budget to each status.
STEPS: dict[str, str] = {Status.CONSOLIDATED: "consolidated", Status.APPRAISED: "appraised",
         Status.COLLECTING: "returned", Status.APPROVED: "approved"}


def _step(year_budget: m.YearBudget, to: str, user: User, note: str = "") -> None:
    before = year_budget.status
    year_budget.status = to
    year_budget.save(update_fields=["status"])
    log_action(year_budget, f"plans.budget.{STEPS[to]}", user=user,
               data={"from": before, "to": to, "comment": note})


def _year_budget(plan: m.Plan, year: int) -> m.YearBudget:
    year_budget, _created = m.YearBudget.objects.get_or_create(plan=plan, year=year)
    return year_budget


@transaction.atomic
def estimate_set(*, plan: m.Plan, year: int, agency: Agency, line: m.BudgetLine,
                 source: m.FundingSource, amount: Decimal, note: str = "",
                 user: User) -> m.Estimate:
    """Record (or correct) an agency's estimate for a line, source and year.

    Officers enter estimates for any agency and on any line; a partner agency or the
    consultant only for its own, on the lines of the tasks it leads or joins. Estimates
    are taken while the year is still collecting them.
    """
    require(user, "plans.estimate", agency)
    _check_year(plan, year)
    _check_line(plan, line, source)
    if not estimable_lines(plan=plan, agency_id=agency.pk, user=user).filter(
            pk=line.pk).exists():
        raise ValidationError(_("Line %(code)s is not on a task that your agency leads or "
                                "joins.") % {"code": line.code})
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if _year_budget(plan, year).status != Status.COLLECTING:
        raise ValidationError(_("The budget of %(year)d is no longer collecting estimates.")
                              % {"year": year})
    estimate, _created = m.Estimate.objects.update_or_create(
        year=year, agency=agency, line=line, source=source,
        defaults={"plan": plan, "amount_million_vnd": amount, "note": note,
                  "submitted_by": user},
    )
    return estimate


@transaction.atomic
def year_budget_consolidate(*, plan: m.Plan, year: int, user: User) -> m.YearBudget:
    """The officer adds the agencies' estimates up, per line and source, for finance."""
    require(user, "plans.consolidate")
    _check_year(plan, year)
    year_budget = _year_budget(plan, year)
    if year_budget.status != Status.COLLECTING:
        raise ValidationError(_("Only a budget that is collecting estimates can be "
                                "consolidated."))
    sums = (m.Estimate.objects.filter(plan=plan, year=year)
            .values("line_id", "source_id").annotate(total=Sum("amount_million_vnd")))
    if not sums:
        raise ValidationError(_("No estimate has been entered for %(year)d.") % {"year": year})
    year_budget.amounts.all().delete()
    m.YearBudgetAmount.objects.bulk_create([
        m.YearBudgetAmount(year_budget=year_budget, line_id=row["line_id"],
                           source_id=row["source_id"], estimated_million_vnd=row["total"])
        for row in sums
    ])
    _step(year_budget, Status.CONSOLIDATED, user)
    return year_budget


@transaction.atomic
def year_budget_appraise(*, year_budget: m.YearBudget, appraised: dict[int, Decimal],
                         note: str = "", user: User) -> m.YearBudget:
    """Finance appraises the consolidated budget: an amount per line and source
    (``appraised`` maps a ``YearBudgetAmount`` id to its amount; others keep the estimate)."""
    require(user, "plans.appraise")
    if year_budget.status != Status.CONSOLIDATED:
        raise ValidationError(_("Only a consolidated budget can be appraised."))
    for amount in year_budget.amounts.all():
        value = appraised.get(amount.pk, amount.estimated_million_vnd)
        if value is None or value < 0:
            raise ValidationError(_("An amount cannot be negative."))
        amount.appraised_million_vnd = value
        amount.save(update_fields=["appraised_million_vnd"])
    _step(year_budget, Status.APPRAISED, user, note)
    return year_budget


@transaction.atomic
def year_budget_return(*, year_budget: m.YearBudget, note: str, user: User) -> m.YearBudget:
    """Finance sends the consolidated budget back to the officer, saying why."""
    require(user, "plans.appraise")
    if year_budget.status != Status.CONSOLIDATED:
        raise ValidationError(_("Only a consolidated budget can be returned."))
    if not note.strip():
        raise ValidationError(_("Say why the budget is returned."))
    _step(year_budget, Status.COLLECTING, user, note)
    return year_budget


@transaction.atomic
def year_budget_approve(*, year_budget: m.YearBudget, decision_number: str,
                        decision_date: dt.date, amounts: dict[str, Decimal],
                        user: User) -> m.YearBudget:
    """Record the province's decision: its number, date and the amount of each source.

    ``amounts`` maps a source code to the amount the decision approves from it. At least one
    source must be given (0 when the decision approves nothing from it); a source left out
    approves nothing and gets no row. The decision is dated no later than today, and neither
    before the plan was issued nor before 1 January of the year before the budget year
    (budgets are approved late in the year before or during the year).
    """
    require(user, "plans.approve")
    if year_budget.status != Status.APPRAISED:
        raise ValidationError(_("Only an appraised budget can be approved."))
    if not decision_number.strip():
        raise ValidationError(_("The decision number is required."))
    plan = year_budget.plan
    _check_not_future(decision_date, _("The decision date cannot be in the future."))
    if decision_date < plan.issued_on:
        raise ValidationError(_("The decision date cannot be before the plan was issued "
                                "(%(date)s).") % {"date": day(plan.issued_on)})
    if decision_date.year < year_budget.year - 1:
        raise ValidationError(_("A decision on the %(year)d budget cannot be dated before "
                                "01/01/%(previous)d.")
                              % {"year": year_budget.year, "previous": year_budget.year - 1})
    sources = {s.code: s for s in plan.funding_sources.all()}
    unknown = set(amounts) - set(sources)
    if unknown:
        raise ValidationError(_("Unknown funding source: %(codes)s")
                              % {"codes": ", ".join(sorted(unknown))})
    if not any(value is not None for value in amounts.values()):
        raise ValidationError(_("Enter the amount approved from at least one funding source "
                                "(0 if the decision approves nothing from it)."))
    for code, value in amounts.items():
        if value is None:
            continue
        if value < 0:
            raise ValidationError(_("An amount cannot be negative."))
        m.YearBudgetSourceApproval.objects.update_or_create(
            year_budget=year_budget, source=sources[code],
            defaults={"amount_million_vnd": value})
    year_budget.decision_number = decision_number.strip()
    year_budget.decision_date = decision_date
    year_budget.save(update_fields=["decision_number", "decision_date"])
    _step(year_budget, Status.APPROVED, user,
          _("Decision %(number)s of %(date)s") % {"number": decision_number.strip(),
                                                  "date": day(decision_date)})
    return year_budget


@transaction.atomic
def expenditure_record(*, line: m.BudgetLine, year: int, source: m.FundingSource, kind: str,
                       amount: Decimal, on: dt.date, reference: str = "", note: str = "",
                       user: User) -> m.Expenditure:
    """Record money committed, disbursed or settled on a line (officer or finance).

    The date is not in the future and lies between 1 January of the budget year and
    31 December of the year after it (settlements come after the year closes).
    """
    require(user, "plans.record_expenditure")
    _check_year(line.plan, year)
    _check_line(line.plan, line, source)
    if kind not in m.Expenditure.Kind.values:
        raise ValidationError(_("Unknown kind of expenditure."))
    if amount <= 0:
        raise ValidationError(_("An amount must be more than zero."))
    _check_not_future(on, _("The date of an expenditure cannot be in the future."))
    if not year <= on.year <= year + 1:
        raise ValidationError(_("An expenditure of the %(year)d budget is dated between "
                                "01/01/%(year)d and 31/12/%(next)d.")
                              % {"year": year, "next": year + 1})
    return m.Expenditure.objects.create(
        line=line, year=year, source=source, kind=kind, amount_million_vnd=amount, on=on,
        reference=reference, note=note, recorded_by=user)


@transaction.atomic
def task_progress_report(*, task: m.Task, status: str, percent: int, narrative: str,
                         reported_on: dt.date, evidence: UploadedFile | None = None,
                         user: User) -> m.TaskProgress:
    """A lead or partner agency (or the officer) reports how far a task has come.

    The report is dated no later than today and not before the plan was issued.
    """
    require(user, "plans.report_progress", task)
    errors = {}
    if status not in m.TaskProgress.Status.values:
        errors["status"] = _("Unknown status.")
    if not 0 <= percent <= 100:
        errors["percent"] = _("The percentage is between 0 and 100.")
    elif status == m.TaskProgress.Status.DONE and percent != 100:
        errors["percent"] = _("A task that is done is 100 % done.")
    if not narrative.strip():
        errors["narrative"] = _("Say what was done.")
    issued_on = task.plan.issued_on
    if reported_on > timezone.localdate():
        errors["reported_on"] = _("The report date cannot be in the future.")
    elif reported_on < issued_on:
        errors["reported_on"] = _("The report date cannot be before the plan was issued "
                                  "(%(date)s).") % {"date": day(issued_on)}
    if evidence is not None:
        name = (evidence.name or "").lower()
        if not name.endswith(EVIDENCE_TYPES):
            errors["evidence"] = _("Evidence is a PDF, an image, a Word or Excel file, or a "
                                   "ZIP archive.")
        elif (evidence.size or 0) > EVIDENCE_MAX_BYTES:
            errors["evidence"] = _("Evidence files are at most 10 MB.")
    if errors:
        raise ValidationError(errors)
    return m.TaskProgress.objects.create(
        task=task, agency=user.agency,
        reported_on=reported_on, status=status, percent=percent, narrative=narrative.strip(),
        evidence=evidence or "", reported_by=user)
