"""Reads of the plans context: the plan as issued, its appendices as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

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
    return list(plan.task_groups.prefetch_related(
        Prefetch("tasks", queryset=m.Task.objects.select_related("lead_agency")
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
