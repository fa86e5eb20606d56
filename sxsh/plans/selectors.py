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


def excess(amount: Decimal | None, limit: Decimal | None) -> Decimal | None:
    """How much ``amount`` goes beyond ``limit`` (a missing limit counts as 0), or None
    when it does not (or there is no amount)."""
    if amount is None or amount <= (limit or ZERO):
        return None
    return amount - (limit or ZERO)


def above_plan_message(estimated: Decimal | None, planned: Decimal | None) -> str:
    """The warning for an estimate above the plan, with the difference; "" when it is not."""
    over = excess(estimated, planned)
    if over is None:
        return ""
    return _("Estimate above the plan by %(over)s: %(estimated)s against %(planned)s "
             "planned.") % {"over": number(over), "estimated": number(estimated),
                            "planned": number(planned or ZERO)}


@dataclass(frozen=True)
class LineStatus:
    """Where a line's spending stands, one status per line: see ``spending_status``."""

    OK, WARNING, ERROR = "ok", "warn", "err"

    code: str  # early | over | unspent | within
    tone: str  # ok | warn | err: the badge it is shown with
    message: str


def spending_status(*, approved_year: bool, approved: Decimal | None, used: Decimal,
                    settled: Decimal, year_over: bool) -> LineStatus | None:
    """The one status of a line's spending — the single place it is decided, so that a line
    never reads "over-spent" and "unspent" at once.

    - ``early``: money has gone out (``used``: the most committed, disbursed or settled)
      before the year's budget is approved;
    - ``over``: more has gone out than the line's approved amount — over-spent, and nothing
      else, even if less is settled;
    - ``unspent``: the year is over and less than the approved amount is settled;
    - ``within``: approved, and what has gone out is within the approved amount.

    None: the year is not approved and nothing has gone out (nothing to say yet).
    """
    if not approved_year:
        if used:
            return LineStatus("early", LineStatus.ERROR,
                              _("Money spent before the year's budget is approved."))
        return None
    limit = approved or ZERO
    over = excess(used, limit)
    if over is not None:
        return LineStatus("over", LineStatus.ERROR, _(
            "Over-spent by %(over)s: %(used)s against %(approved)s approved."
        ) % {"over": number(over), "used": number(used), "approved": number(limit)})
    if year_over and settled < limit:
        return LineStatus("unspent", LineStatus.WARNING, _(
            "Unspent: %(left)s of the approved amount not settled."
        ) % {"left": number(limit - settled)})
    return LineStatus("within", LineStatus.OK, _("Within the approved amount."))


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
    status: LineStatus | None = None  # where the spending stands: ``spending_status``

    @property
    def used(self) -> Decimal:
        """The most that has gone out: committed, disbursed or settled, whichever is more."""
        return max(self.committed, self.disbursed, self.settled)

    @property
    def above_plan(self) -> Decimal | None:
        """How much the estimate asks beyond the planned amount, or None."""
        return excess(self.estimated, self.planned)

    @property
    def above_plan_message(self) -> str:
        return above_plan_message(self.estimated, self.planned)

    @property
    def warnings(self) -> list[str]:
        """What is wrong with the line: its estimate above the plan, its spending status."""
        found = [self.above_plan_message] if self.above_plan is not None else []
        if self.status is not None and self.status.tone != LineStatus.OK:
            found.append(self.status.message)
        return found


@dataclass
class YearExecution:
    plan: m.Plan
    year: int
    year_budget: m.YearBudget | None
    rows: list[ExecutionRow]
    approvals: list[tuple[m.FundingSource, Decimal | None, Decimal]]  # source, approved, spent
    warnings: list[str]

    def total(self, attr: str, source: m.FundingSource | None = None) -> Decimal | None:
        """The sum of a figure over the rows (of ``source``); None when no row has it."""
        values = [getattr(r, attr) for r in self.rows if getattr(r, attr) is not None
                  and (source is None or r.source.pk == source.pk)]
        return sum(values, ZERO) if values else None

    @property
    def totals(self) -> dict[str, Decimal | None]:
        return {attr: self.total(attr) for attr in (
            "planned", "estimated", "appraised", "approved", "committed", "disbursed",
            "settled")}

    @property
    def above_plan(self) -> Decimal | None:
        """How much the year's estimates ask beyond the year's plan, or None."""
        return excess(self.total("estimated"), self.total("planned"))

    @property
    def above_plan_message(self) -> str:
        return above_plan_message(self.total("estimated"), self.total("planned"))


def _planned_share(amount: Decimal, source_amount: Decimal, total: Decimal) -> Decimal:
    """The part of a line's year that a source pays, in the proportion of the line's total."""
    if not total:
        return ZERO
    return (amount * source_amount / total).quantize(Decimal("0.001"))


def planned_in_year(row: BudgetRow, source: m.FundingSource, year: int) -> Decimal:
    """A source's planned part of a line in ``year``: Appendix II plans a line per year and
    splits it by source only over the whole period, so the year's amount is split in the
    proportion of the line's sources."""
    year_amount = row.cells.get(year, (None, ZERO))[1]
    return _planned_share(year_amount, row.sources.get(source.code, ZERO), row.total)


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
    by source, beside the expenditures entered by hand. Each row has one spending status
    (``spending_status``) and a warning when its estimate is above its plan; the year warns
    when its estimates add up to more than its plan, and when a source spends beyond its
    decided amount. Only what ``user`` may read of the budget work is counted.
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
    year_over = year < today.year
    for budget_row in table.rows:
        line = budget_row.line
        for source in table.sources:
            key = (line.pk, source.pk)
            money = spent.get(key, {})
            activities = by_activities.get((line.pk, source.code), ZERO)
            row = ExecutionRow(
                line=line, source=source,
                planned=planned_in_year(budget_row, source, year),
                estimated=estimates.get(key), appraised=appraised.get(key),
                committed=money.get("committed", ZERO),
                disbursed=money.get("disbursed", ZERO) + activities,
                settled=money.get("settled", ZERO), approved=line_approved.get(key),
                activities=activities,
            )
            if not (row.planned or row.estimated or row.appraised or money or activities):
                continue
            row.status = spending_status(approved_year=approved, approved=row.approved,
                                         used=row.used, settled=row.settled,
                                         year_over=year_over)
            rows.append(row)
    approvals = []
    warnings = []
    for source in table.sources:
        used = sum((r.used for r in rows if r.source.pk == source.pk), ZERO)
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
    execution = YearExecution(plan=plan, year=year, year_budget=year_budget, rows=rows,
                              approvals=approvals, warnings=warnings)
    if execution.above_plan is not None:
        warnings.insert(0, _("The estimates of %(year)d: %(message)s")
                        % {"year": year, "message": execution.above_plan_message})
    return execution


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


@dataclass(frozen=True)
class BudgetYear:
    """A year of the plan in the year switch: its budget's step, and whether it waits for
    the user."""

    year: int
    status: str  # a YearBudget.Status; "collecting" before any step is taken
    waiting: bool

    @property
    def status_label(self) -> str:
        return str(m.YearBudget.Status(self.status).label)


def budget_steps(plan: m.Plan) -> dict[int, str]:
    """The step each year's budget has reached (a year not in it is still collecting).

    Read for every user who works on the budget, agencies included: which year takes
    estimates is no secret to an agency that enters them (the service refuses estimates on
    any other year). Only the status is read here; the amounts stay scoped."""
    return dict(m.YearBudget.objects.filter(plan=plan).values_list("year", "status"))


def waiting_steps(user: User | None) -> set[str]:
    """The steps of a yearly budget at which ``user`` has work: the officer consolidates the
    estimates that are collecting, finance appraises a consolidated budget, the officer
    records the decision on an appraised one."""
    Status = m.YearBudget.Status
    return {step for step, name in ((Status.COLLECTING, "plans.consolidate"),
                                    (Status.CONSOLIDATED, "plans.appraise"),
                                    (Status.APPRAISED, "plans.approve"))
            if can(user, name)}


def budget_years(plan: m.Plan, *, steps: set[str], user: User | None) -> list[BudgetYear]:
    """Every year of the plan with its step; a year waits when its budget is at one of
    ``steps`` and the plan has money in it (2016 of the seed plans none: nothing to do)."""
    reached = budget_steps(plan)
    funded = set(m.BudgetAmount.objects.for_user(user).filter(
        line__plan=plan, amount_million_vnd__gt=0).values_list("year", flat=True))
    collecting = m.YearBudget.Status.COLLECTING
    return [BudgetYear(year=year, status=reached.get(year, collecting),
                       waiting=year in funded and reached.get(year, collecting) in steps)
            for year in plan.years]


def work_year(years: list[BudgetYear], *, today: dt.date | None = None) -> int:
    """The budget year a page opens on: the earliest year that waits, counting from the
    current year when one waits then or later (a budget is prepared in the year before it);
    else the current year, or the plan's nearest year when the plan is past or to come."""
    current = (today or timezone.localdate()).year
    waiting = [y.year for y in years if y.waiting]
    ahead = [year for year in waiting if year >= current]
    if ahead or waiting:
        return min(ahead or waiting)
    first, last = years[0].year, years[-1].year
    return min(max(current, first), last)


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
