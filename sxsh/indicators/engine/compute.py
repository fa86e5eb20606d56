"""Computing the indicators in SQL, for a year and a scope.

Each indicator is one aggregate (or one fetch) over the whole scope, so the number of
queries depends on the number of years asked for, never on the number of facilities.
I1–I3 of every year asked for are one query: each facility of the scope joined to its rows
of the reports' summary (``summary``: one row per counted report, kept by triggers in the
writing transaction) and to its first assessment, attendance and implemented option. I4 of
every year is one more, over the summary's pairs (the medians sorted in Python).
Both run on SQLite (3.25 or later) and PostgreSQL. The drill-down lists read the same
queries' rows (``population_rows``, ``saving_rows``), so a list has as many rows as its
figure (and the public page's named facilities are I3's rows)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, cast

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.core.models import User
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility, FacilityQuerySet

from . import summary
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
from .sql import NEVER, greatest, least, year_of

if TYPE_CHECKING:
    from .targets import TargetFor

IMPLEMENTED = (Option.Status.IMPLEMENTED, Option.Status.VERIFIED)

# Savings are computed in floating point on SQLite, where 1 − 0.92 / 1 gives
# 0.07999999999999996: a facility that saved exactly 8 % must still reach the threshold.
SAVING_TOLERANCE = 1e-9


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


def population(scope: Scope, year: int) -> QuerySet[Facility]:
    """P(y): the facilities in scope open in ``year``."""
    return cast(FacilityQuerySet, scope.facilities()).open_in(year).order_by()


def year_end(year: int) -> dt.date:
    """31 December of ``year``: what is dated on or before it counts in the year."""
    return dt.date(year, 12, 31)


def department_officers() -> QuerySet[User]:
    """I5's population: active programme officers of the department's agency tree."""
    return User.objects.filter(role=Role.OFFICER, is_active=True).filter(
        Q(agency__code__in=DEPARTMENT_AGENCY_CODES)
        | Q(agency__parent__code__in=DEPARTMENT_AGENCY_CODES)
    )


# --- The indicators -------------------------------------------------------------------


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    """A queryset as SQL and parameters, to be named in a ``WITH`` clause."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _with(parts: list[tuple[str, QuerySet]]) -> tuple[str, list]:
    """``WITH name (columns) AS (query), …`` over querysets; the columns are named by the
    clause (a queryset's own aliases differ between the databases)."""
    clauses: list[str] = []
    params: list = []
    for name, queryset in parts:
        sql, more = _sql(queryset)
        clauses.append(f"{name} AS ({sql})")
        params.extend(more)
    return "WITH " + ",\n".join(clauses), params


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0))


def _first_dates() -> list[tuple[str, QuerySet]]:
    """Per facility, the first day it was assessed, attended an activity, implemented a CP
    option (I1 and I3 count a facility from that day)."""
    return [
        ("assessed (facility_id, first)", Assessment.objects.order_by().values(
            "facility_id").annotate(first=Min("started_on")).values("facility_id", "first")),
        ("attended (facility_id, first)", Attendance.objects.filter(
            facility__isnull=False).order_by().values("facility_id").annotate(
            first=Min("activity__date")).values("facility_id", "first")),
        ("implemented (facility_id, first)", Option.objects.filter(
            status__in=IMPLEMENTED, implemented_on__isnull=False).order_by().values(
            "assessment__facility_id").annotate(first=Min("implemented_on")).values(
            "assessment__facility_id", "first")),
    ]


def _date(day: dt.date) -> str:
    """A date as an SQL literal both databases compare with a date column (never typed)."""
    return f"'{day.isoformat()}'"


#: The parts of I1–I3 each year: P(y), then each numerator and I2's denominator.
POPULATION_PARTS = ("P", "I1", "I2_denominator", "I2", "I3")


def _spans() -> str:
    """Over ``_population_from``'s row (a facility ``p`` and the row ``h`` that represents
    it in some years), the years that row counts in each part, as columns:

    - ``lo`` ≤ y < ``hi``: the years the row represents the facility in P(y) — the facility
      is open (opened ≤ y < closed) and ``h`` is its latest counted report for y
      (``h.year`` ≤ y < ``h.next_year``), or its first report, later than y (the first row
      reaches back to every earlier year), or it has no counted report up to the last year
      asked for (``h`` empty: every year);
    - from ``aware`` (I1): the year of the first of: this or an earlier report saying
      aware, the first assessment, the first attendance of an activity;
    - ``sized`` (I2's denominator): medium or large; from ``staff`` (I2): its latest
      report (this row) says dedicated staff;
    - from ``applied`` (I3): this report says CP applied, or the first implemented option.

    Each part holds in year y when lo ≤ y < hi and its year ≤ y (``_part_terms``): a
    facility's report counts from its own year (``h.year`` ≤ y), a date from 31/12 of its
    year on."""
    vendor = connection.vendor
    sized = "p.size_class IN ({})".format(", ".join(f"'{size}'" for size in MEDIUM_AND_LARGE))
    lo = greatest(vendor, "COALESCE(p.opened, 0)",
                  "CASE WHEN h.is_first = 1 THEN 0 ELSE COALESCE(h.year, 0) END")
    hi = least(vendor, f"COALESCE(p.closed, {NEVER})", f"COALESCE(h.next_year, {NEVER})")
    aware = least(vendor, f"CASE WHEN h.aware = 1 THEN h.year ELSE {NEVER} END",
                  year_of(vendor, "s.first", NEVER), year_of(vendor, "t.first", NEVER))
    staff = f"CASE WHEN h.staff = 1 AND {sized} THEN h.year ELSE {NEVER} END"
    applied = least(vendor, f"CASE WHEN h.applied = 1 THEN h.year ELSE {NEVER} END",
                    year_of(vendor, "o.first", NEVER))
    return (f"{lo} AS lo, {hi} AS hi, {aware} AS aware, "
            f"CASE WHEN {sized} THEN 1 ELSE 0 END AS sized, {staff} AS staff, "
            f"{applied} AS applied")


def _part_terms(y: int) -> dict[str, str]:
    """The condition of each of ``POPULATION_PARTS`` in year ``y``, over ``_spans``'s
    columns."""
    counted = f"lo <= {y} AND hi > {y}"
    return {"P": counted, "I1": f"{counted} AND aware <= {y}",
            "I2_denominator": f"{counted} AND sized = 1", "I2": f"{counted} AND staff <= {y}",
            "I3": f"{counted} AND applied <= {y}"}


def _population_from(scope: Scope, years: list[int], columns: str = "") -> tuple[str, list]:
    """``WITH … SELECT … FROM (…) z`` of I1–I3, with ``{select}`` to be filled: the
    facilities of the scope (``p``), each joined to those of its rows of the reports'
    summary that represent it in some of ``years`` (``h``: per counted report, the years it
    is the latest for, aware by then, its staff and applied flags) and to its first
    assessment (``s``), attendance (``t``) and implemented option (``o``), each row reduced
    to ``_spans``'s columns (and ``columns``, e.g. ``p.id``) once, in a subquery the
    database does not merge into the outer query (which would compute them again for every
    year)."""
    head, params = _with([
        ("pop (id, name, size_class, opened, closed)", scope.facilities().order_by().values(
            "pk", "name", "size_class", "opened_year", "closed_year")),
        *_first_dates(),
    ])
    # A row represents its facility from its year (its first, from any earlier year) up to
    # the next report's: rows ending before the first year or starting after the last do
    # not count (for one year: only the facility's latest row by then).
    fence = " OFFSET 0" if connection.vendor == "postgresql" else " LIMIT -1"
    return (f"{head}\n{{select}} FROM (SELECT {_spans()}{columns} FROM pop p"
            f" LEFT JOIN {summary.TABLE} h ON h.facility_id = p.id"
            f" AND h.provisional = {int(scope.provisional)} AND h.year <= {max(years)}"
            f" AND h.next_year > {min(years)}"
            " LEFT JOIN assessed s ON s.facility_id = p.id"
            " LEFT JOIN attended t ON t.facility_id = p.id"
            f" LEFT JOIN implemented o ON o.facility_id = p.id{fence}) z"), params


def _population_series(scope: Scope, years: list[int]) -> dict[int, list[Result]]:
    """I1–I3 of every one of ``years`` in one query: one pass over ``_population_from``'s
    rows, each part of each year a sum over the rows' spans. The same conditions serve
    the drill-down lists (``population_rows``)."""
    sql, params = _population_from(scope, years)
    sums = [f"SUM(CASE WHEN {term} THEN 1 ELSE 0 END)"
            for y in years for term in _part_terms(y).values()]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{select}", f"SELECT {', '.join(sums)}"), params)
        row = [int(v or 0) for v in cursor.fetchone()]
    results = {}
    for i, y in enumerate(years):
        p, i1, i2d, i2, i3 = row[5 * i:5 * i + 5]
        results[y] = [Result("I1", y, i1, p, fraction(i1, p)),
                      Result("I2", y, i2, i2d, fraction(i2, i2d)),
                      Result("I3", y, i3, p, fraction(i3, p))]
    return results


def population_rows(scope: Scope, year: int, part: str,
                    limit: int | None = None) -> list[tuple[int, int | None]]:
    """The facilities counted in ``part`` (one of ``POPULATION_PARTS``) of ``year``, by
    name (the first ``limit`` only, if given): (id, the year of the report it is counted
    by, None without one by then). One query, the engine's own conditions, so a list has as
    many rows as its figure."""
    sql, params = _population_from(scope, [year], columns=(
        f", p.id AS id, p.name AS name, CASE WHEN h.year <= {year} THEN h.year END AS seen"))
    sql = sql.replace("{select}", "SELECT id, seen") + (
        f" WHERE {_part_terms(year)[part]} ORDER BY name, id") + (
        f" LIMIT {int(limit)}" if limit is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), report_year) for pk, report_year in cursor.fetchall()]


def reported_by_year(facilities: QuerySet[Facility], years: list[int],
                     provisional: bool = False) -> dict[int, tuple[int, int]]:
    """For each of ``years`` with a counted report of one of ``facilities``: how many of
    its facilities open that year have one, and how many have one at all (one query over
    the reports' summary, which holds one row per counted report)."""
    head, params = _with([("pop (id, opened, closed)", facilities.order_by().values(
        "pk", "opened_year", "closed_year"))])
    sql = (f"{head}\nSELECT h.year, SUM(CASE WHEN COALESCE(p.opened, 0) <= h.year AND "
           f"COALESCE(p.closed, {NEVER}) > h.year THEN 1 ELSE 0 END), COUNT(*) "
           f"FROM {summary.TABLE} h JOIN pop p ON p.id = h.facility_id "
           f"WHERE h.provisional = {int(provisional)} "
           f"AND h.year IN ({', '.join(str(int(y)) for y in years)}) GROUP BY h.year")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {year: (int(opened), int(count)) for year, opened, count in cursor.fetchall()}


def _reached() -> str:
    """I4's numerator over a row of the summary: 8 % in energy, raw or auxiliary materials."""
    return " OR ".join(f"h.saving_{key} >= {SAVING_THRESHOLD - SAVING_TOLERANCE!r}"
                       for key in DECIDING_CATEGORIES)


def _summary_pairs(scope: Scope, years: list[int], *, listed: bool = False,
                   reached: bool = False) -> tuple[str, list]:
    """I4's population of each of ``years`` from the reports' summary, as SQL with one row
    per report: its year (``reached``: then 1 if it saves 8 % in a deciding category, else
    0), then its savings (``listed``: its facility's id, the baseline's year, then the
    savings, ordered by the facility's name).

    A report counts in its year y when its facility is in scope and open in y, it is a
    pair of the summary (a baseline earlier than it, both with production above zero) and
    it says CP applied or a CP option of the facility was implemented by 31/12/y."""
    head, params = _with([
        ("pop (id, name, opened, closed)", scope.facilities().order_by().values(
            "pk", "name", "opened_year", "closed_year")),
        *_first_dates()[2:],
    ])
    implemented = " OR ".join(f"(h.year = {y} AND o.first <= {_date(year_end(y))})"
                              for y in years)
    savings = ", ".join(f"h.{column}" for column in summary.SAVING_COLUMNS)
    first = "h.facility_id, h.base_year" if listed else "h.year"
    if reached:
        first += f", CASE WHEN {_reached()} THEN 1 ELSE 0 END"
    sql = (f"{head}\nSELECT {first}, {savings} FROM {summary.TABLE} h"
           " JOIN pop p ON p.id = h.facility_id"
           " LEFT JOIN implemented o ON o.facility_id = h.facility_id"
           f" WHERE h.provisional = {int(scope.provisional)} AND h.paired = 1"
           f" AND h.year IN ({', '.join(str(y) for y in years)})"
           " AND COALESCE(p.opened, 0) <= h.year AND COALESCE(p.closed, 9999) > h.year"
           f" AND (h.applied = 1 OR {implemented})")
    return sql, params


def saving_rows(scope: Scope, year: int, reached: bool) -> list[tuple]:
    """I4's reports of ``year`` (``reached``: those saving 8 % in a deciding category), by
    their facility's name: (facility id, baseline year, saving of each category). One
    query over the summary, the engine's own rows."""
    sql, params = _summary_pairs(scope, [year], listed=True)
    if reached:
        sql += f" AND ({_reached()})"
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY p.name, p.id", params)
        return cursor.fetchall()


SAVING_SQL_KEYS = [key for key, _column, _label in CATEGORIES]


def _median(ordered: list[float]) -> float | None:
    """The median of sorted values, as ``statistics.median`` takes it."""
    n = len(ordered)
    if not n:
        return None
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def _savings_series(scope: Scope, years: list[int]) -> dict[int, Result]:
    """I4 of every one of ``years`` from one query over the reports' summary (the rows of
    ``_summary_pairs``, the drill-down's, every year in one pass): the counts, and the
    median saving of each category, taken over the savings read in that pass (sorting a
    few floats a facility in Python costs less than a window function in SQL)."""
    sql, params = _summary_pairs(scope, years, reached=True)
    threshold = SAVING_THRESHOLD - SAVING_TOLERANCE
    by_year: dict[int, list[tuple]] = {y: [] for y in years}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            by_year[row[0]].append(row)
    results = {}
    for y, rows in by_year.items():
        columns = list(zip(*rows, strict=True)) or [()] * (2 + len(SAVING_SQL_KEYS))
        categories = []
        for key, column in zip(SAVING_SQL_KEYS, columns[2:], strict=True):
            ordered = sorted(value for value in column if value is not None)
            hits = len(ordered) - bisect.bisect_left(ordered, threshold)
            categories.append(CategoryResult(key, hits, len(ordered),
                                             fraction(hits, len(ordered)), _median(ordered)))
        numerator = sum(columns[1])
        results[y] = Result("I4", y, numerator, len(rows), fraction(numerator, len(rows)),
                            categories=categories)
    return results


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
    through 31/12/``last_year``, with the day the first of them started (``first``).
    (The scope asked of each assessment: there are far fewer of them than facilities.)"""
    return (Assessment.objects.filter(
        Exists(scope.facilities().filter(pk=OuterRef("facility_id"))),
        kind__in=Assessment.Kind.values,
        started_on__gte=dt.date(first_year, 1, 1), started_on__lte=year_end(last_year))
        .order_by().values("facility_id", "kind").annotate(first=Min("started_on")))


@dataclass(frozen=True)
class SupportPlan:
    """What I6 is measured against: the plan's first year and the quantities its
    technical-support budget lines plan each year."""

    first_year: int
    planned: dict[int, Decimal]


def _support_indicators(scope: Scope, years: list[int], plan: SupportPlan) -> dict[int, Result]:
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
    population = _population_series(scope, [year])[year]
    return _year_results(scope, year, population, _savings_series(scope, [year])[year],
                         staff=staff, planned=planned, support=support, guide=guide)


def _year_results(
    scope: Scope, year: int, population: list[Result], savings: Result, *,
    staff: Result | None, planned: dict[str, Decimal | None] | None, support: Result | None,
    guide: Result | None = None,
) -> dict[str, Result]:
    planned = planned or {}
    results = [*population, savings]
    i5 = staff or _staff_indicators([year])[year]
    results.append(Result("I5", year, i5.numerator, i5.denominator, i5.value))
    results.append(support or _unsourced_indicator("I6", year, planned.get("I6")))
    results.append(guide or _unsourced_indicator("I7", year, planned.get("I7")))
    return {r.code: r for r in results}


class Kept(Protocol):
    """Where ``compute_years`` finds the years computed before and keeps those it computes
    (``caching.YearKeeper``: each year under the version of what that year reads)."""

    def years(self, scope: Scope, years: list[int], parts: tuple,
              compute: Callable[[list[int]], dict[int, dict[str, Result]]]
              ) -> dict[int, dict[str, Result]]:
        ...


def compute_years(
    scope: Scope, years: Iterable[int], *, planned: dict[str, Decimal | None] | None = None,
    support_plan: SupportPlan | None = None, guide_plan: SupportPlan | None = None,
    kept: Kept | None = None,
) -> dict[int, dict[str, Result]]:
    """I1 … I7 for several years in a fixed number of queries whatever their number: I1–I3
    of every year, I4 of every year, I5 of every year and, over a plan that marks its
    technical-support lines, I6 (without one, I6 has no figure); over a plan that marks its
    guides line, I7 (``guides``). With ``kept``, only the years it does not hold are
    computed (and then kept)."""
    years = sorted(set(years))
    if not years:
        return {}

    def compute(missing: list[int]) -> dict[int, dict[str, Result]]:
        return _computed_years(scope, missing, planned=planned, support_plan=support_plan,
                               guide_plan=guide_plan)

    if kept is None:
        return compute(years)
    return kept.years(scope, years, (planned, support_plan, guide_plan), compute)


def _computed_years(
    scope: Scope, years: list[int], *, planned: dict[str, Decimal | None] | None,
    support_plan: SupportPlan | None, guide_plan: SupportPlan | None,
) -> dict[int, dict[str, Result]]:
    from .guides import guide_indicators

    population = _population_series(scope, years)
    savings = _savings_series(scope, years)
    staff = _staff_indicators(years)
    i6 = _support_indicators(scope, years, support_plan) if support_plan else {}
    i7 = guide_indicators(scope, years, guide_plan) if guide_plan else {}
    return {y: _year_results(scope, y, population[y], savings[y], staff=staff[y],
                             planned=planned, support=i6.get(y), guide=i7.get(y))
            for y in years}
