"""Targets of the plan and the status of each indicator against them.

The rule (shown to users as ``STATUS_TEXT``): achieved when the figure reaches the
provincial target (for a band, its lower bound); on track when it reaches the straight
line from the figure of the plan's first year to the target in the target's year; behind
otherwise. Shares compare as fractions, counts (a target with a unit, such as I5's
"1 người") by the numerator.

A province formed by merging several whole provinces (today's Lâm Đồng: Lâm Đồng, Đắk Nông
and Bình Thuận from 1/7/2025) inherits their plans until it issues its own; the rule for a
year none of its own plans covers (``predecessor_plans``):

- each predecessor's former area is measured against its own plan's targets, in its own
  part of the board (``Board.parts``, scope = that predecessor's area): a predecessor
  without a plan for the year has no part and no targets;
- the whole merged province is measured against a combined target where one is defined
  (``combined_target``): for a share (I1–I3, I6 against its planned quantities as a
  fraction), the predecessors' targets weighted by their denominators in the year (the
  facilities each target was set for), so that reaching every predecessor's target
  reaches the combined one; for a count (I5, I7 "4 tài liệu"), their sum. None is
  combined when a predecessor has no such target (the others' alone are not the whole
  province's aim), when no facility weighs in, or for I4's band of savings (a median of
  savings does not add up): those are shown per predecessor only;
- no plan of one predecessor is ever picked for all; the merged province's own plan,
  once it exists (from 2026), wins for its years. A province with one predecessor (Huế,
  which is Thừa Thiên Huế) has that predecessor's plan for the whole, as its area is the
  same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Sum, TextChoices
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import AdminUnit
from sxsh.plans.models import BudgetAmount, Plan, Target
from sxsh.plans.planfile import GUIDES, SUPPORT_KINDS

from .compute import Kept, Result, SupportPlan, compute_years
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
    province merged wholly into it when that province is its only predecessor; the most
    recent if periods overlap, then by number — never another province's plan, never one
    picked by the order plans were loaded, never one predecessor's for a province merged
    from several (``plans_in_force``; three queries)."""
    return plans_in_force(year, unit_id)[0]


def plans_in_force(year: int, unit_id: int | None = None, *, agency_id: int | None = None
                   ) -> tuple[Plan | None, list[tuple[AdminUnit, Plan | None]]]:
    """The plans a scope's indicators are measured against in ``year`` (see the module
    docstring), as ``(plan, parts)``: the one plan of the scope's province (its own, else
    its only predecessor's) and no parts; or — for a province formed of several whole
    provinces, without a plan of its own for the year but with one of a predecessor's —
    no single plan and each predecessor with its plan (the most recent if periods
    overlap, then by number; None for a predecessor without one), by the predecessor's
    name. Without a unit, the province is the reader's department's (``agency_id``),
    else the installation's. Three queries, four for a merged province's parts."""
    province_id, province_ids = AdminUnit.plan_provinces(unit_id, agency_id=agency_id)
    plans = list(Plan.objects.filter(start_year__lte=year, end_year__gte=year,
                                     province_id__in=province_ids)
                 .select_related("province").order_by("-start_year", "number", "code"))
    own = [plan for plan in plans if plan.province_id == province_id]
    predecessors = {pk for pk in province_ids if pk != province_id}
    if own or len(predecessors) < 2 or not plans:
        return (own or plans or [None])[0], []
    chosen: dict[int, Plan] = {}
    for plan in plans:
        chosen.setdefault(plan.province_id, plan)
    units = sorted(AdminUnit.objects.filter(pk__in=predecessors),
                   key=lambda unit: (unit.name, unit.pk))  # the same order on every database
    return None, [(unit, chosen.get(unit.pk)) for unit in units]


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
class PlanPart:
    """A predecessor's former area measured against its own plan (a merged province's
    board, see the module docstring)."""

    province: AdminUnit
    plan: Plan | None
    series: dict[int, dict[str, Result]]
    targets: dict[str, list[TargetFor]] = field(default_factory=dict)

    def rows(self, year: int) -> list[Result]:
        return [self.series[year][code] for code in DEFINITIONS]


@dataclass
class Board:
    """Everything the dashboard, the public page and the command show for a year."""

    scope: Scope
    year: int
    plan: Plan | None
    years: list[int]
    series: dict[int, dict[str, Result]]
    targets: dict[str, list[TargetFor]] = field(default_factory=dict)
    #: A merged province without a plan of its own: each predecessor's area and plan.
    parts: list[PlanPart] = field(default_factory=list)

    @property
    def results(self) -> dict[str, Result]:
        return self.series[self.year]

    def rows(self) -> list[Result]:
        return [self.results[code] for code in DEFINITIONS]

    @property
    def plans(self) -> list[Plan]:
        """The plan(s) the targets come from."""
        if self.parts:
            return [part.plan for part in self.parts if part.plan is not None]
        return [self.plan] if self.plan else []

    def part_rows(self) -> list[tuple[PlanPart, list[Result]]]:
        return [(part, part.rows(self.year)) for part in self.parts]
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


def board(scope: Scope, year: int, *, series: bool = True, kept: Kept | None = None) -> Board:
    """The indicators of ``year`` with targets and status; with ``series`` every plan year.

    Queries: the plan, its targets, I6's and I7's planned quantities, then
    ``compute_years`` of the years computed (``year``, the plan's first year for the
    trajectory, and with ``series`` the plan's other years) in a fixed number of queries;
    with ``kept``, the years it holds are not computed again. A merged province without a
    plan of its own (``plans_in_force``) runs these once per predecessor's part and once for
    the whole.
    """
    plan, pairs = plans_in_force(year, scope.admin_unit.pk if scope.admin_unit else None,
                                 agency_id=scope.agency_id)
    if pairs:
        return _merged_board(scope, year, pairs, series=series, kept=kept)
    part = _measured(scope, year, plan, series=series, kept=kept)
    return Board(scope=scope, year=year, plan=plan, years=part.years, series=part.series,
                 targets=part.targets)


@dataclass
class _Measured:
    years: list[int]
    series: dict[int, dict[str, Result]]
    targets: dict[str, list[TargetFor]]
    planned: dict[str, Decimal | None]
    marked: dict[str, SupportPlan]


def _measured(scope: Scope, year: int, plan: Plan | None, *, series: bool,
              kept: Kept | None = None) -> _Measured:
    """``scope``'s indicators measured against ``plan``: the years shown and computed."""
    targets = plan_targets(plan)
    start_year = plan.start_year if plan else year
    if series and plan:
        years = sorted(set(plan.years) | {year})
    else:
        years = sorted({start_year, year})
    marked = marked_plans(plan)
    planned = planned_quantities(targets)
    computed = compute_years(scope, years, planned=planned, support_plan=marked.get("I6"),
                             guide_plan=marked.get("I7"), kept=kept)
    for results in computed.values():
        for code, result in results.items():
            result.target = target_for(targets.get(code, []), result.year)
            result.status = status(result, result.target, computed[start_year].get(code),
                                   start_year)
    shown = sorted(set(plan.years) | {year}) if (series and plan) else [year]
    return _Measured(shown, computed, targets, planned, marked)


def _merged_board(scope: Scope, year: int, pairs: list[tuple[AdminUnit, Plan | None]], *,
                  series: bool, kept: Kept | None = None) -> Board:
    """Each predecessor's area against its own plan, and the whole against the combined
    targets (see the module docstring)."""
    areas = AdminUnit.areas([unit.pk for unit, _plan in pairs])
    # A province merged into a predecessor earlier (and without a plan now) is already
    # counted in that predecessor's area.
    pairs = [(unit, plan) for unit, plan in pairs if plan is not None or not any(
        unit.pk in areas[other.pk] for other, _plan in pairs if other.pk != unit.pk)]
    parts, measured = [], []
    for unit, plan in pairs:
        ids = areas[unit.pk] if scope.unit_ids is None else areas[unit.pk] & scope.unit_ids
        part = _measured(replace(scope, admin_unit=unit, unit_ids=ids), year, plan,
                         series=series, kept=kept)
        measured.append(part)
        parts.append(PlanPart(unit, plan, part.series, part.targets))
    start_year = min(plan.start_year for _unit, plan in pairs if plan is not None)
    years = sorted({y for part in measured for y in part.series} | {start_year})
    planned: dict[str, Decimal | None] = {}
    for code in ("I6", "I7"):  # summed when every part plans some
        values = [part.planned.get(code) for part in measured]
        if None not in values:
            planned[code] = sum((v for v in values if v is not None), Decimal(0))
    support = {code: _summed([part.marked.get(code) for part in measured])
               for code in ("I6", "I7")}
    computed = compute_years(scope, years, planned=planned, support_plan=support["I6"],
                             guide_plan=support["I7"], kept=kept)
    for results in computed.values():
        for code, result in results.items():
            result.target = combined_target(code, result.year, parts)
            result.status = status(result, result.target, computed[start_year].get(code),
                                   start_year)
    shown = sorted({y for part in measured for y in part.years})
    return Board(scope=scope, year=year, plan=None, years=shown, series=computed,
                 parts=parts)


def _summed(plans: list[SupportPlan | None]) -> SupportPlan | None:
    """The predecessors' planned supports (or guides) together; None unless each has some."""
    present = [plan for plan in plans if plan is not None]
    if not plans or len(present) < len(plans):
        return None
    planned: dict[int, Decimal] = {}
    for plan in present:
        for y, quantity in plan.planned.items():
            planned[y] = planned.get(y, Decimal(0)) + quantity
    return SupportPlan(min(plan.first_year for plan in present), planned)


def combined_target(code: str, year: int, parts: list[PlanPart]) -> TargetFor | None:
    """The merged province's target for ``code`` in ``year`` from its predecessors' (see
    the module docstring): a share, their targets weighted by their denominators in the
    year; a count, their sum; None for I4, or when a predecessor has no target, the targets
    differ in unit, or no facility weighs in."""
    if code == "I4" or not parts:
        return None
    found: list[tuple[TargetFor, Result, Decimal]] = []  # with the target's lower bound
    for part in parts:
        target = target_for(part.targets.get(code, []), year)
        result = part.series.get(year, {}).get(code)
        if target is None or target.target.value_min is None or result is None:
            return None
        found.append((target, result, target.target.value_min))
    units = {target.target.unit for target, _result, _lower in found}
    if len(units) != 1:
        return None
    unit = units.pop()
    if unit:
        value = sum((lower for _target, _result, lower in found), Decimal(0))
    else:
        weights = [(lower, Decimal(result.denominator or 0)) for _target, result, lower in found]
        total = sum((weight for _value, weight in weights), Decimal(0))
        if not total:
            return None
        value = (sum((v * w for v, w in weights), Decimal(0)) / total).quantize(
            Decimal("0.0001"))
    target_year = max(target.year for target, _result, _lower in found)
    text = "; ".join(f"{part.province.name}: {target.target.text}"
                     for part, (target, _result, _lower) in zip(parts, found, strict=True))
    return TargetFor(Target(code=code, indicator_code=code, text=text, value_min=value,
                            unit=unit, year=target_year), target_year)
