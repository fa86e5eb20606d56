"""Computing the indicators in SQL, for a year and a scope.

Each indicator is one aggregate (or one fetch) over the whole scope, so the number of
queries depends on the number of years asked for, never on the number of facilities.
The expressions are plain correlated subqueries (no window functions), so the same code
runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    Exists,
    Expression,
    F,
    FilteredRelation,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.core.models import User
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility, Report, counted_statuses

from .definitions import (
    CATEGORIES,
    DECIDING_CATEGORIES,
    DEFINITIONS,
    DEPARTMENT_AGENCY_CODES,
    MEDIUM_AND_LARGE,
    NOTES,
    SAVING_THRESHOLD,
    fraction,
)
from .scope import Scope

if TYPE_CHECKING:
    from .targets import TargetFor

IMPLEMENTED = (Option.Status.IMPLEMENTED, Option.Status.VERIFIED)

# Savings are computed in floating point on SQLite, where 1 − 0.92 / 1 gives
# 0.07999999999999996: a facility that saved exactly 8 % must still reach the threshold.
SAVING_TOLERANCE = 1e-9


def reached(saving: float | None) -> bool:
    """Whether a facility's saving in one category reaches the I4 threshold."""
    return saving is not None and saving >= SAVING_THRESHOLD - SAVING_TOLERANCE


@dataclass
class CategoryResult:
    key: str
    numerator: int
    denominator: int
    value: float | None
    median_saving: float | None

    def as_json(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator,
                "value": self.value, "median_saving": self.median_saving}


@dataclass
class Result:
    """One indicator for one year and scope; ``value`` is a fraction, None when unknown."""

    code: str
    year: int
    numerator: int | None
    denominator: int | Decimal | None
    value: float | None
    categories: list[CategoryResult] = field(default_factory=list)
    note: str = ""
    # Filled by ``targets.board``.
    target: TargetFor | None = None
    status: str = ""

    @property
    def definition(self):
        return DEFINITIONS[self.code]

    def as_json(self) -> dict:
        data: dict = {"numerator": self.numerator, "denominator": plain(self.denominator),
                      "value": self.value}
        if self.categories:
            data["categories"] = {c.key: c.as_json() for c in self.categories}
        if self.note:
            data["note"] = self.note
        if self.status:
            data["status"] = self.status
        return data


def plain(number: int | Decimal | None) -> int | float | None:
    """A plan quantity (Decimal) as JSON writes it: 10, not "10.0000"."""
    if isinstance(number, Decimal):
        return int(number) if number == number.to_integral() else float(number)
    return number


# --- Building blocks, shared with the drill-down lists ------------------------------


def counted_reports(provisional: bool) -> QuerySet[Report]:
    return Report.objects.counted(provisional).order_by()


def population(scope: Scope, year: int) -> QuerySet[Facility]:
    """P(y): the facilities in scope open in ``year``."""
    return scope.facilities().open_in(year).order_by()


def aware_terms(year: int, provisional: bool) -> tuple[dict[str, Expression], Q]:
    """aware(f, y) as annotations on Facility and a condition over them: a counted report
    for y or before says aware, or an assessment of the facility started by 31/12/y, or
    someone attended a programme activity for it dated by then.
    """
    reports = counted_reports(provisional).filter(facility=OuterRef("pk"), year__lte=year)
    assessed = Assessment.objects.filter(facility=OuterRef("pk"),
                                         started_on__lte=year_end(year)).order_by()
    attended = Attendance.objects.filter(facility=OuterRef("pk"),
                                         activity__date__lte=year_end(year)).order_by()
    return ({"report_aware": Exists(reports.filter(aware=True)),
             "assessed": Exists(assessed), "attended": Exists(attended)},
            Q(report_aware=True) | Q(assessed=True) | Q(attended=True))


def year_end(year: int) -> dt.date:
    """31 December of ``year``: what is dated on or before it counts in the year."""
    return dt.date(year, 12, 31)


def latest_report(year: int, provisional: bool) -> QuerySet[Report]:
    """The facility's report for ``year``, else its latest before (as a subquery)."""
    return counted_reports(provisional).filter(
        facility=OuterRef("pk"), year__lte=year
    ).order_by("-year")


def staff_terms(year: int, provisional: bool) -> tuple[dict[str, Expression], Q]:
    latest = latest_report(year, provisional)
    return ({"report_staff": Subquery(latest.values("cp_staff")[:1])},
            Q(report_staff=True, size_class__in=MEDIUM_AND_LARGE))


def implemented_options(year: int, facility: str = "pk") -> QuerySet[Option]:
    """CP options implemented (or verified) by 31/12/``year`` of the facility
    ``OuterRef(facility)``."""
    return Option.objects.filter(
        assessment__facility=OuterRef(facility), status__in=IMPLEMENTED,
        implemented_on__lte=year_end(year)).order_by()


def applied_terms(year: int, provisional: bool) -> tuple[dict[str, Expression], Q]:
    """CP applied in ``year`` as annotations on Facility and a condition over them: the
    report for y (else the latest before) says so, or a CP option of the facility was
    implemented by 31/12/y, whatever the report says."""
    latest = latest_report(year, provisional)
    return ({"report_applied": Subquery(latest.values("cp_applied")[:1]),
             "option_implemented": Exists(implemented_options(year))},
            Q(report_applied=True) | Q(option_implemented=True))


def applied_on_report(year: int) -> Q:
    """I3's condition for a facility whose report for ``year`` exists (I4's population):
    the report says it applies CP, or one of its options was implemented by 31/12/y."""
    return Q(cp_applied=True) | Q(Exists(implemented_options(year, "facility_id")))


def annotated_population(scope: Scope, year: int) -> tuple[QuerySet[Facility], dict[str, Q]]:
    """P(y) annotated for I1–I3, and the condition of each numerator."""
    qs = population(scope, year)
    conditions: dict[str, Q] = {"I2_denominator": Q(size_class__in=MEDIUM_AND_LARGE)}
    for code, terms in (("I1", aware_terms), ("I2", staff_terms), ("I3", applied_terms)):
        annotations, condition = terms(year, scope.provisional)
        qs = qs.annotate(**annotations)
        conditions[code] = condition
    return qs, conditions


def _as_float(expression) -> Cast:
    return Cast(expression, FloatField())


def _specific(consumption: str, production: str = "production") -> Expression:
    return _as_float(F(consumption)) / NullIf(_as_float(F(production)), Value(0.0))


def savings_reports(scope: Scope, year: int) -> QuerySet[Report]:
    """I4's population: reports for ``year`` of facilities counted in I3, with a baseline.

    Annotated with ``saving_<category>`` = 1 − SEC(y) / SEC(baseline) (None when a
    consumption is missing or the baseline's is zero). The baseline is the report of the
    stated baseline year, else the facility's earliest counted report; it must be earlier
    than ``year``, and both reports must have production above zero. The baseline report
    is joined (one lookup per report) rather than read column by column in subqueries.
    """
    counted = counted_reports(scope.provisional)
    earliest = counted.filter(facility=OuterRef("facility"), year__lt=year).order_by("year")
    qs = (
        counted.filter(year=year, production__gt=0)
        .filter(applied_on_report(year))
        .filter(Exists(population(scope, year).filter(pk=OuterRef("facility_id"))))
        .annotate(base_year=Coalesce("baseline_year", Subquery(earliest.values("year")[:1])))
        .annotate(base=FilteredRelation(
            "facility__reports",
            condition=Q(facility__reports__year=F("base_year"),
                        facility__reports__status__in=counted_statuses(scope.provisional)),
        ))
        .filter(base__year__lt=year, base__production__gt=0)
    )
    return qs.annotate(**{
        f"saving_{key}": Value(1.0) - _specific(column)
        / NullIf(_specific(f"base__{column}", "base__production"), Value(0.0))
        for key, column, _label in CATEGORIES
    })


def savings_reached() -> Q:
    """I4's numerator over ``savings_reports``: 8 % in energy, raw or auxiliary materials."""
    condition = Q()
    for key in DECIDING_CATEGORIES:
        condition |= Q(**{f"saving_{key}__gte": SAVING_THRESHOLD - SAVING_TOLERANCE})
    return condition


def department_officers() -> QuerySet[User]:
    """I5's population: active programme officers of the department's agency tree."""
    return User.objects.filter(role=Role.OFFICER, is_active=True).filter(
        Q(agency__code__in=DEPARTMENT_AGENCY_CODES)
        | Q(agency__parent__code__in=DEPARTMENT_AGENCY_CODES)
    )


# --- The indicators -------------------------------------------------------------------


def _population_indicators(scope: Scope, year: int) -> list[Result]:
    qs, cond = annotated_population(scope, year)
    row = qs.aggregate(
        p=Count("pk"),
        i1=Count("pk", filter=cond["I1"]),
        i2d=Count("pk", filter=cond["I2_denominator"]),
        i2=Count("pk", filter=cond["I2"]),
        i3=Count("pk", filter=cond["I3"]),
    )
    return [
        Result("I1", year, row["i1"], row["p"], fraction(row["i1"], row["p"])),
        Result("I2", year, row["i2"], row["i2d"], fraction(row["i2"], row["i2d"])),
        Result("I3", year, row["i3"], row["p"], fraction(row["i3"], row["p"])),
    ]


def _savings_indicator(scope: Scope, year: int) -> Result:
    keys = [key for key, _column, _label in CATEGORIES]
    rows = list(savings_reports(scope, year).values_list(*(f"saving_{k}" for k in keys)))
    deciding = [keys.index(k) for k in DECIDING_CATEGORIES]
    numerator = sum(1 for row in rows if any(reached(row[i]) for i in deciding))
    categories = []
    for i, key in enumerate(keys):
        savings = [row[i] for row in rows if row[i] is not None]
        hits = sum(1 for s in savings if reached(s))
        categories.append(CategoryResult(
            key, hits, len(savings), fraction(hits, len(savings)),
            statistics.median(savings) if savings else None,
        ))
    return Result("I4", year, numerator, len(rows), fraction(numerator, len(rows)),
                  categories=categories)


def _staff_indicators(years: list[int]) -> dict[int, Result]:
    """I5 for each of ``years`` in one query: the officers marked as trained, and those who
    attended a CP training class (an activity of kind training) by 31/12/y."""
    qs = department_officers().annotate(**{
        f"trained_by_{y}": Exists(Attendance.objects.filter(
            officer=OuterRef("pk"), activity__kind=Activity.Kind.TRAINING,
            activity__date__lte=year_end(y)))
        for y in years
    })
    row = qs.aggregate(total=Count("pk"), **{
        f"trained_{y}": Count("pk", filter=Q(cp_trained=True) | Q(**{f"trained_by_{y}": True}))
        for y in years
    })
    return {y: Result("I5", y, row[f"trained_{y}"], row["total"],
                      fraction(row[f"trained_{y}"], row["total"])) for y in years}


def _unsourced_indicator(code: str, year: int, planned: Decimal | None) -> Result:
    return Result(code, year, None, planned, None, note=str(NOTES[code]))


def supports(scope: Scope, first_year: int, last_year: int) -> QuerySet:
    """I6's supports: one row per (facility, kind) among the quick and detailed assessments
    and pilot models of facilities in scope started from 1/1 of ``first_year`` (the plan's)
    through 31/12/``last_year``, with the day the first of them started (``first``)."""
    return (Assessment.objects.filter(
        facility__in=scope.facilities().values("pk"), kind__in=Assessment.Kind.values,
        started_on__gte=dt.date(first_year, 1, 1), started_on__lte=year_end(last_year))
        .order_by().values("facility_id", "kind").annotate(first=Min("started_on")))


@dataclass(frozen=True)
class SupportPlan:
    """What I6 is measured against: the plan's first year and the quantities its
    technical-support budget lines plan each year."""

    first_year: int
    planned: dict[int, Decimal]


def _support_indicators(scope: Scope, years: list[int],
                        plan: SupportPlan | None) -> dict[int, Result]:
    """I6 for each year, from one query: supports given from the plan's first year through
    31/12/y over the quantities planned for the years up to y."""
    given = [row["first"].year for row in supports(scope, plan.first_year, max(years))]
    results = {}
    for y in years:
        numerator = sum(1 for first in given if first <= y)
        denominator = sum((q for year, q in plan.planned.items() if year <= y), Decimal(0))
        results[y] = Result("I6", y, numerator, denominator, fraction(numerator, denominator))
    return results


def compute_year(
    scope: Scope, year: int, *, staff: Result | None = None,
    planned: dict[str, Decimal | None] | None = None, support: Result | None = None,
    guide: Result | None = None,
) -> dict[str, Result]:
    """I1 … I7 for one year (without target status; see ``targets``). I6 is ``support``
    and I7 ``guide`` when given (``compute_years`` computes them over a plan), else they
    have no figure."""
    planned = planned or {}
    results = [*_population_indicators(scope, year), _savings_indicator(scope, year)]
    i5 = staff or _staff_indicators([year])[year]
    results.append(Result("I5", year, i5.numerator, i5.denominator, i5.value))
    results.append(support or _unsourced_indicator("I6", year, planned.get("I6")))
    results.append(guide or _unsourced_indicator("I7", year, planned.get("I7")))
    return {r.code: r for r in results}


def compute_years(
    scope: Scope, years: Iterable[int], *, planned: dict[str, Decimal | None] | None = None,
    support_plan: SupportPlan | None = None, guide_plan: SupportPlan | None = None,
) -> dict[int, dict[str, Result]]:
    """I1 … I7 for several years: two queries a year, one for I5 of every year and, over a
    plan that marks its technical-support lines, one for I6 (without one, I6 has no figure);
    over a plan that marks its guides line, one for I7 (``guides``)."""
    from .guides import guide_indicators

    years = list(years)
    staff = _staff_indicators(years) if years else {}
    i6 = _support_indicators(scope, years, support_plan) if support_plan and years else {}
    i7 = guide_indicators(scope, years, guide_plan) if guide_plan and years else {}
    return {y: compute_year(scope, y, staff=staff[y], planned=planned, support=i6.get(y),
                            guide=i7.get(y))
            for y in years}
