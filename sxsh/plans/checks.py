"""The consistency checker: a plan cross-checked against itself.

Each check reads the loaded plan (Appendix I, Appendix II, the totals and quantities the
document states) and reports findings with the task or line codes involved. Messages are
for people: Vietnamese through the catalogue, figures in the Vietnamese format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.core.formatting import number

from . import models as m
from .selectors import ZERO, BudgetTable, plan_budget

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABELS = {ERROR: gettext_lazy("Error"), WARNING: gettext_lazy("Warning"),
                   INFO: gettext_lazy("Note")}
#: What people read for each kind of finding; the code stays for machines (JSON, data-kind).
KIND_LABELS = {
    "row_sum_years": gettext_lazy("Years do not add up to the total"),
    "row_sum_sources": gettext_lazy("Sources do not add up to the total"),
    "unit_cost": gettext_lazy("Quantity × unit cost"),
    "column_sum": gettext_lazy("Stated total"),
    "timeframe": gettext_lazy("Timeframe and budget years"),
    "task_without_budget": gettext_lazy("Task without budget"),
    "line_without_task": gettext_lazy("Budget line without a task"),
    "numbering": gettext_lazy("Numbering between the appendices"),
    "text_quantity": gettext_lazy("Quantity stated in the text"),
    "content_differs": gettext_lazy("Task and budget line worded differently"),
    "missing_field": gettext_lazy("Empty field in Appendix I"),
    "empty_plan": gettext_lazy("Empty plan"),
    "budget_unknown": gettext_lazy("Budget not yet known"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of KIND_LABELS
    severity: str  # error | warning | info
    task_codes: list[str]
    message: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    def as_dict(self) -> dict:
        """The finding for machines (``kind``, ``severity`` as codes) with its labels."""
        return {**asdict(self), "kind_label": self.kind_label,
                "severity_label": self.severity_label}


def _years(years: list[int]) -> str:
    """2017, 2018, 2019 → "2017–2019"; gaps listed: "2017, 2019"."""
    if not years:
        return "–"
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def plan_findings(plan: m.Plan) -> list[Finding]:
    """Every finding of the checker on ``plan``, most serious first, then in plan order."""
    table = plan_budget(plan)
    tasks = list(plan.tasks.order_by("order", "code"))
    findings = [
        *_contents(plan, table, tasks), *_row_sums(table), *_unit_costs(table),
        *_column_sums(plan, table),
        *_timeframes(table, tasks), *_links(table, tasks), *_text_quantities(plan, table),
        *_missing_fields(tasks),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def _contents(plan: m.Plan, table: BudgetTable, tasks: list[m.Task]) -> Iterator[Finding]:
    """A plan with nothing in it is not "consistent": there is nothing to check; a plan
    whose budget is not yet known has no Appendix II to check."""
    if not tasks and not table.rows and not plan.targets.exists():
        yield Finding("empty_plan", WARNING, [], _(
            "The plan has no targets, no tasks and no budget lines: there is nothing to "
            "check. Complete the file and load it again."))
    if not plan.budget_known:
        yield Finding("budget_unknown", INFO, [], _(
            "The plan's budget is not yet known: Appendix II is not checked until it is "
            "loaded."))


def _line_codes(row) -> list[str]:
    return [row.line.task.code] if row.line.task_id else []


def _row_sums(table: BudgetTable) -> Iterator[Finding]:
    for row in table.rows:
        printed = row.line.total_million_vnd
        code = row.line.code
        if printed is not None and row.years_sum != printed:
            yield Finding("row_sum_years", ERROR, _line_codes(row), _(
                "Budget line %(code)s: the years add up to %(sum)s million VND but the "
                "printed total is %(total)s."
            ) % {"code": code, "sum": number(row.years_sum), "total": number(printed)})
        if row.sources and row.sources_sum != row.total:
            yield Finding("row_sum_sources", ERROR, _line_codes(row), _(
                "Budget line %(code)s: the funding sources add up to %(sum)s million VND but "
                "the total is %(total)s."
            ) % {"code": code, "sum": number(row.sources_sum), "total": number(row.total)})


def _unit_costs(table: BudgetTable) -> Iterator[Finding]:
    for row in table.rows:
        cost = row.line.unit_cost_million_vnd
        if cost is None:
            continue
        wrong = [year for year, (qty, amount) in sorted(row.cells.items())
                 if qty is not None and qty * cost != amount]
        for year in wrong:
            qty, amount = row.cells[year]
            yield Finding("unit_cost", ERROR, _line_codes(row), _(
                "Budget line %(code)s, %(year)d: %(qty)s × %(cost)s million VND is %(product)s, "
                "not the %(amount)s printed."
            ) % {"code": row.line.code, "year": year, "qty": number(qty), "cost": number(cost),
                 "product": number(qty * cost), "amount": number(amount)})


def _column_sums(plan: m.Plan, table: BudgetTable) -> Iterator[Finding]:
    for stated in plan.stated_totals.select_related("source"):
        if stated.year is not None:
            computed = table.year_total(stated.year) or ZERO
            what = _("the year %(year)d") % {"year": stated.year}
        elif stated.source_id:
            computed = table.source_total(stated.source.code)
            what = _("the source %(source)s") % {"source": stated.source.name}
        else:
            computed = table.total
            what = _("the whole plan")
        if computed != stated.amount_million_vnd:
            yield Finding("column_sum", ERROR, [], _(
                "%(place)s states %(stated)s million VND for %(what)s, but the lines of "
                "Appendix II add up to %(sum)s."
            ) % {"place": stated.place, "stated": number(stated.amount_million_vnd), "what": what,
                 "sum": number(computed)})


def _timeframes(table: BudgetTable, tasks: list[m.Task]) -> Iterator[Finding]:
    budget_years: dict[int, set[int]] = {}
    for row in table.rows:
        if row.line.task_id:
            budget_years.setdefault(row.line.task_id, set()).update(
                year for year, (_qty, amount) in row.cells.items() if amount > 0
            )
    for task in tasks:
        years = budget_years.get(task.pk)
        if not years:
            continue
        outside = sorted(years - set(task.years))
        unfunded = sorted(set(task.years) - years)
        if not outside and not unfunded:
            continue
        parts = []
        if outside:
            parts.append(_("it is budgeted in %(years)s, outside its timeframe")
                         % {"years": _years(outside)})
        if unfunded:
            parts.append(_("it has no budget in %(years)s") % {"years": _years(unfunded)})
        yield Finding("timeframe", WARNING, [task.code], _(
            "Task %(code)s: Appendix I gives the timeframe %(timeframe)s, but %(details)s "
            "(Appendix II budgets %(budget)s)."
        ) % {"code": task.code, "timeframe": task.timeframe, "details": "; ".join(parts),
             "budget": _years(sorted(years))})


def _links(table: BudgetTable, tasks: list[m.Task]) -> Iterator[Finding]:
    funded = {row.line.task_id for row in table.rows if row.line.task_id}
    for task in tasks:
        if task.pk not in funded:
            yield Finding("task_without_budget", WARNING, [task.code], _(
                "Task %(code)s (%(content)s, %(timeframe)s) has no line in Appendix II."
            ) % {"code": task.code, "content": task.content, "timeframe": task.timeframe})
    for row in table.rows:
        line = row.line
        if not line.task_id:
            yield Finding("line_without_task", WARNING, [], _(
                "Budget line %(code)s (%(content)s) pays for no task of Appendix I."
            ) % {"code": line.code, "content": line.content})
            continue
        if not _same_content(line.task.content, line.content):
            yield Finding("content_differs", INFO, [line.task.code], _(
                "Task %(task)s is worded “%(task_content)s” in Appendix I but budget line "
                "%(line)s reads “%(line_content)s” in Appendix II."
            ) % {"task": line.task.code, "task_content": line.task.content, "line": line.code,
                 "line_content": line.content})
        if line.task.code != line.code:
            yield Finding("numbering", WARNING, [line.task.code], _(
                "“%(content)s” is numbered %(task)s in Appendix I but %(line)s in Appendix II."
            ) % {"content": line.task.content, "task": line.task.code, "line": line.code})


def _same_content(a: str, b: str) -> bool:
    """The same wording, one perhaps longer (Appendix II adds units and costs)."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return a.startswith(b) or b.startswith(a)


def _bounds(q: m.TextQuantity) -> str:
    if q.quantity_max is None:
        return _("at least %(n)s") % {"n": number(q.quantity_min)}
    if q.quantity_max == q.quantity_min:
        return number(q.quantity_min)
    return f"{number(q.quantity_min)}–{number(q.quantity_max)}"


def _fits(value: Decimal, q: m.TextQuantity) -> bool:
    return value >= q.quantity_min and (q.quantity_max is None or value <= q.quantity_max)


def _text_quantities(plan: m.Plan, table: BudgetTable) -> Iterator[Finding]:
    rows_by_task: dict[int, list] = {}
    for row in table.rows:
        if row.line.task_id:
            rows_by_task.setdefault(row.line.task_id, []).append(row)
    for q in plan.text_quantities.select_related("task"):
        task = q.task
        per_year: dict[int, Decimal] = {}
        for row in rows_by_task.get(task.pk, []):
            for year, (qty, _amount) in row.cells.items():
                if qty is not None:
                    per_year[year] = per_year.get(year, ZERO) + qty
        total = sum(per_year.values(), ZERO)
        unit = f" {q.unit}" if q.unit else ""
        if q.per_year:
            short = [y for y in task.years if not _fits(per_year.get(y, ZERO), q)]
            if not short:
                continue
            listed = ", ".join(f"{y}: {number(per_year.get(y, ZERO))}" for y in task.years)
            yield Finding("text_quantity", WARNING, [task.code], _(
                "%(place)s says each year %(bounds)s%(unit)s (task %(code)s), but Appendix II "
                "plans %(listed)s — %(total)s in all over %(timeframe)s."
            ) % {"place": q.place, "bounds": _bounds(q), "unit": unit, "code": task.code,
                 "listed": listed, "total": number(total), "timeframe": task.timeframe})
        elif not _fits(total, q):
            yield Finding("text_quantity", WARNING, [task.code], _(
                "%(place)s says %(bounds)s%(unit)s (task %(code)s), but Appendix II plans "
                "%(total)s."
            ) % {"place": q.place, "bounds": _bounds(q), "unit": unit, "code": task.code,
                 "total": number(total)})


def _missing_fields(tasks: list[m.Task]) -> Iterator[Finding]:
    for task in tasks:
        missing = [label for label, value in (
            (_("purpose"), task.purpose), (_("expected result"), task.expected_result),
        ) if not value]
        if not task.lead_agency_id:
            missing.append(_("lead agency"))
        if missing:
            yield Finding("missing_field", INFO, [task.code], _(
                "Task %(code)s: Appendix I leaves empty: %(fields)s."
            ) % {"code": task.code, "fields": ", ".join(missing)})
