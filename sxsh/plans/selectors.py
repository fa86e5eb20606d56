"""Reads of the plans context: the plan as issued, its appendices as tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.activities.selectors import activity_spending
from sxsh.core.capabilities import can, holds_only
from sxsh.core.formatting import number
from sxsh.core.models import User

from . import models as m

ZERO = Decimal("0")


@dataclass
class BudgetRow:
    """One line of Appendix II: per year (quantity, amount), total, per source."""

    line: m.BudgetLine
    cells: dict[int, tuple[Decimal | None, Decimal]]
    sources: dict[str, Decimal]

    years: list[int] = field(default_factory=list)
    source_codes: list[str] = field(default_factory=list)

    @property
    def year_cells(self) -> list[tuple[int, tuple[Decimal | None, Decimal] | None]]:
        """Per year of the plan: (quantity, amount), or None where nothing is printed."""
        return [(year, self.cells.get(year)) for year in self.years]

    @property
    def source_cells(self) -> list[tuple[str, Decimal | None]]:
        return [(code, self.sources.get(code)) for code in self.source_codes]

    @property
    def years_sum(self) -> Decimal:
        return sum((amount for _, amount in self.cells.values()), ZERO)

    @property
    def sources_sum(self) -> Decimal:
        return sum(self.sources.values(), ZERO)

    @property
    def total(self) -> Decimal:
        """The total as printed, else the sum of the years."""
        printed = self.line.total_million_vnd
        return printed if printed is not None else self.years_sum


@dataclass
class BudgetSection:
    group: m.TaskGroup | None
    rows: list[BudgetRow] = field(default_factory=list)


@dataclass
class BudgetTable:
    """Appendix II as a table: sections by task group, and the column sums of the lines."""

    plan: m.Plan
    years: list[int]
    sources: list[m.FundingSource]
    sections: list[BudgetSection]

    @property
    def rows(self) -> list[BudgetRow]:
        return [row for section in self.sections for row in section.rows]

    def year_total(self, year: int) -> Decimal | None:
        """Sum of the lines in ``year``; None when no line has money that year."""
        amounts = [row.cells[year][1] for row in self.rows if year in row.cells]
        return sum(amounts, ZERO) if amounts else None

    @property
    def year_totals(self) -> list[tuple[int, Decimal | None]]:
        return [(year, self.year_total(year)) for year in self.years]

    @property
    def group_colspan(self) -> int:
        """Columns right of the number column: content, unit, years, total, sources."""
        return 2 + 2 * len(self.years) + 1 + len(self.sources)

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), ZERO)

    def source_total(self, code: str) -> Decimal:
        return sum((row.sources.get(code, ZERO) for row in self.rows), ZERO)

    @property
    def source_totals(self) -> list[tuple[m.FundingSource, Decimal]]:
        return [(source, self.source_total(source.code)) for source in self.sources]


def estimable_lines(*, plan: m.Plan, agency_id: int | None, user: User):
    """The budget lines of a plan that ``user`` may estimate for the agency: an officer
    any line (a line on no task included: the officer's explicit decision), a partner
    agency or the consultant only the lines of the tasks the agency leads or joins."""
    lines = plan.budget_lines.all()
    if holds_only(user, "plans.estimate"):
        return lines
    return lines.filter(m.Task.involving(agency_id, prefix="task__")).distinct()


def plan_budget(plan: m.Plan) -> BudgetTable:
    """Appendix II of ``plan`` in four queries (lines, amounts, source amounts, groups)."""
    sources = list(plan.funding_sources.all())
    lines = list(
        plan.budget_lines.select_related("group", "task").prefetch_related(
            "amounts", Prefetch("source_amounts",
                                queryset=m.BudgetSourceAmount.objects.select_related("source")),
        )
    )
    groups = list(plan.task_groups.all())
    sections = {g.pk: BudgetSection(group=g) for g in groups}
    loose = BudgetSection(group=None)
    for line in lines:
        row = BudgetRow(
            line=line,
            cells={a.year: (a.quantity, a.amount_million_vnd) for a in line.amounts.all()},
            sources={s.source.code: s.amount_million_vnd for s in line.source_amounts.all()},
            years=plan.years, source_codes=[source.code for source in sources],
        )
        sections.get(line.group_id, loose).rows.append(row)
    ordered = [sections[g.pk] for g in groups if sections[g.pk].rows]
    if loose.rows:
        ordered.append(loose)
    return BudgetTable(plan=plan, years=plan.years, sources=sources, sections=ordered)


def plan_task_groups(plan: m.Plan) -> list[m.TaskGroup]:
    """Appendix I: the task groups with their tasks, lead and partner agencies (3 queries)."""
    # django-stubs cannot infer Prefetch's type parameters from a custom queryset.
    return list(plan.task_groups.prefetch_related(
        Prefetch("tasks", queryset=m.Task.objects.select_related("lead_agency")  # type: ignore[arg-type]
                 .prefetch_related("partner_agencies").order_by("order", "code")),
    ))


def plans_for(user: User | None):
    """The plans ``user`` may read, newest period first."""
    return m.Plan.objects.for_user(user).select_related("issuer")


def plan_by_key(key: str) -> m.Plan | None:
    """The plan whose code (157-kh-ubnd-2016) or number (157/KH-UBND) is ``key``."""
    plans = m.Plan.objects.select_related("issuer")
    return plans.filter(code=key).first() or plans.filter(number__iexact=key.strip()).first()


def current_plan(user: User | None) -> m.Plan | None:
    """The plan whose period is the latest (the one the programme works to)."""
    return plans_for(user).order_by("-end_year", "-issued_on").first()


def home_summary(user: User | None) -> dict | None:
    """The home page's block: the current plan, its period and total budget."""
    plan = current_plan(user)
    if plan is None:
        return None
    table = plan_budget(plan)
    return {"template": "plans/home_block.html", "plan": plan, "total": table.total,
            "source_totals": table.source_totals,
            "task_count": plan.tasks.count()}


# --- Execution: the yearly budget, spending, progress ---------------------------------


@dataclass
class ExecutionRow:
    """A line and source in one year: planned, estimated, appraised, spent; and warnings."""

    line: m.BudgetLine
    source: m.FundingSource
    planned: Decimal
    estimated: Decimal | None = None
    appraised: Decimal | None = None
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO  # by hand and by the activities' costs
    settled: Decimal = ZERO
    approved: Decimal | None = None  # the line's share of its source's decided amount
    activities: Decimal = ZERO  # the part of ``disbursed`` that is the activities' costs
    warnings: list[str] = field(default_factory=list)


@dataclass
class YearExecution:
    plan: m.Plan
    year: int
    year_budget: m.YearBudget | None
    rows: list[ExecutionRow]
    approvals: list[tuple[m.FundingSource, Decimal | None, Decimal]]  # source, approved, spent
    warnings: list[str]

    def total(self, attr: str) -> Decimal | None:
        values = [getattr(r, attr) for r in self.rows if getattr(r, attr) is not None]
        return sum(values, ZERO) if values else None

    @property
    def totals(self) -> dict[str, Decimal | None]:
        return {attr: self.total(attr) for attr in (
            "planned", "estimated", "appraised", "approved", "committed", "disbursed",
            "settled")}


def _planned_share(amount: Decimal, source_amount: Decimal, total: Decimal) -> Decimal:
    """The part of a line's year that a source pays, in the proportion of the line's total."""
    if not total:
        return ZERO
    return (amount * source_amount / total).quantize(Decimal("0.001"))


THOUSANDTH = Decimal("0.001")


def approved_by_line(appraised: dict[tuple[int, int], Decimal | None],
                     decided: dict[int, Decimal]) -> dict[tuple[int, int], Decimal]:
    """Each (line, source)'s part of what the decision approves from the source.

    The decision approves an amount per source, not per line: a line's approved amount from a
    source is its appraised amount × (decided amount ÷ appraised total of the source), in
    million VND to 3 decimals, the rounding remainder given to the line with the largest
    appraised amount, so the lines of a source add up to the decided amount exactly. A source
    the decision leaves out, or whose appraised total is 0, has nothing approved at line level.
    """
    by_source: dict[int, list[tuple[tuple[int, int], Decimal]]] = {}
    for key, amount in appraised.items():
        by_source.setdefault(key[1], []).append((key, amount or ZERO))
    result: dict[tuple[int, int], Decimal] = {}
    for source_id, amounts in by_source.items():
        total = sum((amount for _, amount in amounts), ZERO)
        amount_decided = decided.get(source_id)
        if not total or amount_decided is None:
            result.update((key, ZERO) for key, _ in amounts)
            continue
        shares = {key: (amount * amount_decided / total).quantize(THOUSANDTH, ROUND_HALF_UP)
                  for key, amount in amounts}
        largest = max(amounts, key=lambda item: item[1])[0]
        shares[largest] += amount_decided - sum(shares.values(), ZERO)
        result.update(shares)
    return result


def year_execution(plan: m.Plan, year: int, *, user: User | None,
                   today: dt.date | None = None) -> YearExecution:
    """Planned vs estimated vs appraised/approved vs spent for every line and source of a year.

    Appendix II plans a line per year and splits it by source only over the whole period, so
    a source's planned part of a year is the year's amount in the proportion of the line's
    sources. The costs of the activities dated in the year count as disbursed on their line,
    by source, beside the expenditures entered by hand. Warnings: money spent beyond what was
    approved (or spent without an approved budget), and — once the year is over — approved
    money not settled. Only what ``user`` may read of the budget work is counted.
    """
    today = today or timezone.localdate()
    table = plan_budget(plan)
    year_budget = m.YearBudget.objects.for_user(user).filter(plan=plan, year=year).first()
    approved = year_budget is not None and year_budget.status == m.YearBudget.Status.APPROVED
    estimates = {
        (r["line_id"], r["source_id"]): r["total"]
        for r in m.Estimate.objects.for_user(user).filter(plan=plan, year=year)
        .values("line_id", "source_id").annotate(total=Sum("amount_million_vnd"))
    }
    appraised, by_source = _appraised_and_approved(year_budget, user)
    line_approved = approved_by_line(appraised, by_source) if approved else {}
    spent: dict[tuple[int, int], dict[str, Decimal]] = {}
    for r in (m.Expenditure.objects.for_user(user).filter(line__plan=plan, year=year)
              .values("line_id", "source_id", "kind").annotate(total=Sum("amount_million_vnd"))):
        spent.setdefault((r["line_id"], r["source_id"]), {})[r["kind"]] = r["total"]
    by_activities = activity_spending(plan=plan, year=year, user=user)
    rows = []
    for budget_row in table.rows:
        line = budget_row.line
        year_amount = budget_row.cells.get(year, (None, ZERO))[1]
        for source in table.sources:
            key = (line.pk, source.pk)
            money = spent.get(key, {})
            activities = by_activities.get((line.pk, source.code), ZERO)
            row = ExecutionRow(
                line=line, source=source,
                planned=_planned_share(year_amount, budget_row.sources.get(source.code, ZERO),
                                       budget_row.total),
                estimated=estimates.get(key), appraised=appraised.get(key),
                committed=money.get("committed", ZERO),
                disbursed=money.get("disbursed", ZERO) + activities,
                settled=money.get("settled", ZERO), approved=line_approved.get(key),
                activities=activities,
            )
            if not (row.planned or row.estimated or row.appraised or money or activities):
                continue
            used = max(row.committed, row.disbursed, row.settled)
            if used and not approved:
                row.warnings.append(_("Money spent before the year's budget is approved."))
            elif approved and used > (row.approved or ZERO):
                row.warnings.append(_("Over-spent: %(used)s against %(approved)s approved.")
                                    % {"used": number(used), "approved": number(row.approved)})
            if approved and year < today.year and row.settled < (row.approved or ZERO):
                row.warnings.append(_("Unspent: %(left)s of the approved amount not settled.")
                                    % {"left": number((row.approved or ZERO) - row.settled)})
            rows.append(row)
    approvals = []
    warnings = []
    for source in table.sources:
        used = sum((max(r.committed, r.disbursed, r.settled) for r in rows
                    if r.source.pk == source.pk), ZERO)
        amount = by_source.get(source.pk)
        approvals.append((source, amount, used))
        appraised_total = sum((a or ZERO for (_, s_id), a in appraised.items()
                               if s_id == source.pk), ZERO)
        if approved and amount and not appraised_total:
            warnings.append(_("%(source)s: the decision approves %(approved)s but nothing was "
                              "appraised from this source, so no line has an approved amount.")
                            % {"source": source.name, "approved": number(amount)})
        if amount is not None and used > amount:
            warnings.append(_("%(source)s: %(used)s spent against %(approved)s approved by the "
                              "decision.") % {"source": source.name, "used": number(used),
                                              "approved": number(amount)})
    return YearExecution(plan=plan, year=year, year_budget=year_budget, rows=rows,
                         approvals=approvals, warnings=warnings)


def _appraised_and_approved(
    year_budget: m.YearBudget | None, user: User | None,
) -> tuple[dict[tuple[int, int], Decimal | None], dict[int, Decimal]]:
    """What finance appraised per (line, source) and what the decision approves per source."""
    if year_budget is None:
        return {}, {}
    appraised = {(a.line_id, a.source_id): a.appraised_million_vnd
                 for a in m.YearBudgetAmount.objects.for_user(user)
                 .filter(year_budget=year_budget)}
    by_source = {a.source_id: a.amount_million_vnd for a in
                 m.YearBudgetSourceApproval.objects.for_user(user)
                 .filter(year_budget=year_budget)}
    return appraised, by_source


@dataclass
class TaskStatus:
    task: m.Task
    latest: m.TaskProgress | None
    overdue: bool
    editable: bool


def task_statuses(plan: m.Plan, user: User | None, *, today: dt.date | None = None
                  ) -> list[TaskStatus]:
    """Every task with its latest progress report and an overdue flag: its timeframe has
    ended and it is not reported done. ``editable``: the user may report on it. Only the
    reports ``user`` may read count: an agency outside a task sees none of its reports, and
    no overdue flag on it (whether it is done is not for it to know)."""
    today = today or timezone.localdate()
    tasks = list(plan.tasks.select_related("lead_agency").prefetch_related("partner_agencies")
                 .order_by("order", "code"))
    latest: dict[int, m.TaskProgress] = {}
    reports = m.TaskProgress.objects.for_user(user).filter(task__plan=plan)
    for report in reports.order_by("reported_on", "pk"):
        latest[report.task_id] = report
    statuses = []
    for task in tasks:
        report = latest.get(task.pk)
        done = report is not None and report.status == m.TaskProgress.Status.DONE
        editable = user is not None and user.is_authenticated and _can_report(user, task)
        overdue = _reads_progress(user, task) and task.end_year < today.year and not done
        statuses.append(TaskStatus(task=task, latest=report, overdue=overdue,
                                   editable=editable))
    return statuses


def _reads_progress(user: User | None, task: m.Task) -> bool:
    """Whether ``user`` reads the reports of ``task`` (as ``TaskProgressQuerySet``): only
    then is a task without a report "done" flagged overdue — to others it is unknown."""
    return can(user, "plans.read_progress", task)


def _can_report(user: User, task: m.Task) -> bool:
    return can(user, "plans.report_progress", task)
