"""Targets of the plan and the status of each indicator against them.

The rule (shown to users as ``STATUS_TEXT``): achieved when the figure reaches the
provincial target (for a band, its lower bound); on track when it reaches the straight
line from the figure of the plan's first year to the target in the target's year; behind
otherwise. Shares compare as fractions, counts (a target with a unit, such as I5's
"1 người") by the numerator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Sum, TextChoices, Value, When
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import AdminUnit
from sxsh.plans.models import BudgetAmount, Plan, Target
from sxsh.plans.planfile import GUIDES, SUPPORT_KINDS

from .compute import Result, SupportPlan, compute_years
from .definitions import DECIDING_CATEGORIES, DEFINITIONS
from .scope import Scope

# Float noise must not turn an exact hit into "behind".
TOLERANCE = 1e-9


class Status(TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target")


STATUS_BADGE = {Status.ACHIEVED: "ok", Status.ON_TRACK: "ok", Status.BEHIND: "err",
                Status.NO_DATA: "", Status.NO_TARGET: ""}


@dataclass(frozen=True)
class TargetFor:
    """The target an indicator is measured against in a year."""

    target: Target
    year: int

    @property
    def is_count(self) -> bool:
        return bool(self.target.unit)

    @property
    def lower(self) -> float | None:
        return None if self.target.value_min is None else float(self.target.value_min)


def plan_for_year(year: int, unit_id: int | None = None) -> Plan | None:
    """The plan of the province of ``unit_id`` (a scope's unit; None: the installation's
    province) whose period holds ``year``: a plan of that province first, else one of a
    province merged wholly into it; the most recent if periods overlap, then by number —
    never another province's plan, never one picked by the order plans were loaded
    (three queries)."""
    province_id, province_ids = AdminUnit.plan_provinces(unit_id)
    own = Case(When(province_id=province_id, then=Value(0)), default=Value(1),
               output_field=IntegerField())
    return (Plan.objects.filter(start_year__lte=year, end_year__gte=year,
                                province_id__in=province_ids)
            .order_by(own, "-start_year", "number", "code").first())


def plan_targets(plan: Plan | None) -> dict[str, list[TargetFor]]:
    """Each indicator's targets in the plan, by target year (empty year: the plan's last)."""
    found: dict[str, list[TargetFor]] = {}
    if plan is None:
        return found
    for target in plan.targets.exclude(indicator_code="").order_by("year", "order", "pk"):
        found.setdefault(target.indicator_code, []).append(
            TargetFor(target, target.year or plan.end_year)
        )
    for items in found.values():
        items.sort(key=lambda t: t.year)
    return found


def target_for(targets: list[TargetFor], year: int) -> TargetFor | None:
    """The nearest target at or after ``year``; after the last one, the last one."""
    for item in targets:
        if item.year >= year:
            return item
    return targets[-1] if targets else None


def measure(result: Result, target: TargetFor | None) -> float | None:
    """The figure a target is compared with.

    I4's band (8–13 %) is a saving, not a share of facilities: it is compared with the
    median saving of the best deciding category (energy, raw or auxiliary materials).
    """
    if result.code == "I4":
        return best_saving(result)[0]
    if target is not None and target.is_count:
        return None if result.numerator is None else float(result.numerator)
    return result.value


def best_saving(result: Result) -> tuple[float | None, str]:
    """I4's saving, the figure its 8–13 % band reads: the median saving of the deciding
    category (energy, raw or auxiliary materials) with the highest median, and that
    category's key (None and "" when no category has a saving)."""
    medians = [(c.median_saving, c.key) for c in result.categories
               if c.key in DECIDING_CATEGORIES and c.median_saving is not None]
    return max(medians, key=lambda m: m[0]) if medians else (None, "")


def status(result: Result, target: TargetFor | None, start: Result | None,
           start_year: int) -> Status:
    """The status of ``result`` against ``target`` (see the module docstring)."""
    if target is None or target.lower is None:
        return Status.NO_TARGET
    figure = measure(result, target)
    if figure is None:
        return Status.NO_DATA
    goal = target.lower
    if figure >= goal - TOLERANCE:
        return Status.ACHIEVED
    if result.year >= target.year:
        return Status.BEHIND
    first = measure(start, target) if start is not None else None
    first = 0.0 if first is None else first
    span = target.year - start_year
    share = 1.0 if span <= 0 else max(0, result.year - start_year) / span
    expected = first + (goal - first) * share
    return Status.ON_TRACK if figure >= expected - TOLERANCE else Status.BEHIND


@dataclass
class Board:
    """Everything the dashboard, the public page and the command show for a year."""

    scope: Scope
    year: int
    plan: Plan | None
    years: list[int]
    series: dict[int, dict[str, Result]]
    targets: dict[str, list[TargetFor]] = field(default_factory=dict)

    @property
    def results(self) -> dict[str, Result]:
        return self.series[self.year]

    def rows(self) -> list[Result]:
        return [self.results[code] for code in DEFINITIONS]


def planned_quantities(targets: dict[str, list[TargetFor]]) -> dict[str, Decimal | None]:
    """I7 has no source yet: its denominator is the plan's quantity (I6's too, without a
    plan)."""
    return {code: items[-1].target.value_min for code, items in targets.items()
            if code in ("I6", "I7") and items}


def marked_plans(plan: Plan | None) -> dict[str, SupportPlan]:
    """The plans of I6 (``"I6"``: its technical-support budget lines, ``BudgetLine.support``
    one of the assessments' kinds) and I7 (``"I7"``: its guides lines): the plan's first
    year and the lines' quantities by year, in one query. An indicator whose lines the plan
    does not mark is left out, and has no figure."""
    if plan is None:
        return {}
    rows = (BudgetAmount.objects.filter(line__plan=plan, line__support__in=(*SUPPORT_KINDS,
                                                                           GUIDES))
            .order_by().values("line__support", "year").annotate(quantity=Sum("quantity")))
    planned: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        code = "I7" if row["line__support"] == GUIDES else "I6"
        by_year = planned.setdefault(code, {})
        by_year[row["year"]] = by_year.get(row["year"], Decimal(0)) + (row["quantity"] or 0)
    return {code: SupportPlan(plan.start_year, years) for code, years in planned.items()}


def support_plan(plan: Plan | None) -> SupportPlan | None:
    """I6's plan (see ``marked_plans``); ``None`` when no line is marked."""
    return marked_plans(plan).get("I6")


def board(scope: Scope, year: int, *, series: bool = True) -> Board:
    """The indicators of ``year`` with targets and status; with ``series`` every plan year.

    Queries: the plan, its targets, I5 once, I6's and I7's planned quantities, I6's
    supports, I7's guides (when the plan marks a guides line), and two per year computed
    (``year``, the plan's first year for the trajectory, and with ``series`` the plan's
    other years).
    """
    plan = plan_for_year(year, scope.admin_unit.pk if scope.admin_unit else None)
    targets = plan_targets(plan)
    start_year = plan.start_year if plan else year
    if series and plan:
        years = sorted(set(plan.years) | {year})
    else:
        years = sorted({start_year, year})
    marked = marked_plans(plan)
    computed = compute_years(scope, years, planned=planned_quantities(targets),
                             support_plan=marked.get("I6"), guide_plan=marked.get("I7"))
    for results in computed.values():
        for code, result in results.items():
            result.target = target_for(targets.get(code, []), result.year)
            result.status = status(result, result.target, computed[start_year].get(code),
                                   start_year)
    shown = sorted(set(plan.years) | {year}) if (series and plan) else [year]
    return Board(scope=scope, year=year, plan=plan, years=shown, series=computed,
                 targets=targets)
