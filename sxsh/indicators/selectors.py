"""Reads of the indicators context: the facilities behind a figure, the dashboard's lists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sxsh.assessments.models import Assessment
from sxsh.core.formatting import percent
from sxsh.core.models import AdminUnit, User
from sxsh.core.years import FIRST_PICKED_YEAR
from sxsh.facilities.models import Facility, FacilityQuerySet, open_condition

from . import caching
from .engine import (
    CATEGORIES,
    Board,
    Scope,
    board,
)
from .engine.compute import population_rows, reported_by_year, saving_rows, supports
from .engine.targets import plan_for_year

PARTS = {"numerator": _("numerator"), "denominator": _("denominator")}
LISTED = ("I1", "I2", "I3", "I4", "I6")
#: I6's denominator is the plan's quantities, not facilities: only its numerator is listed.
NUMERATOR_ONLY = ("I6",)

FACILITY_COLUMNS: list[tuple[str, Promise]] = [
    ("tax_code", _("Tax code")), ("name", _("Name")), ("admin_unit", _("Administrative unit")),
    ("vsic", _("VSIC division")), ("size", _("Size")), ("opened_year", _("Opened in")),
    ("closed_year", _("Closed in")),
]
SAVING_KEYS = [f"saving_{key}" for key, _column, _label in CATEGORIES]
SUPPORT_COLUMNS: list[tuple[str, Promise]] = [("kind", _("Kind of support")),
                                              ("first", _("Started on"))]
#: The year of the report a facility is counted by: the year's, else its latest before
#: (carried forward); I4 compares the year's report with the baseline's.
REPORT_YEAR_COLUMN: tuple[str, Promise] = ("report_year", _("Year of the report used"))
BASE_YEAR_COLUMN: tuple[str, Promise] = ("base_year", _("Baseline year"))
#: How a page writes each column (the rest are text).
COLUMN_KINDS = {"opened_year": "year", "closed_year": "year", "report_year": "report_year",
                "base_year": "year", "first": "date", "name": "name",
                **{key: "saving" for key in SAVING_KEYS}}
SUPPORT_KINDS = dict(Assessment.Kind.choices)


def saving_columns() -> list[tuple[str, str]]:
    return [(f"saving_{key}", gettext("Saving: %(category)s") % {"category": label})
            for key, _column, label in CATEGORIES]


def default_year(base: FacilityQuerySet, kept: caching.YearKeeper | None = None) -> int:
    """The year the pages open on: the latest, up to this one, in which at least
    ``INDICATORS_MIN_REPORTING_RATE`` of the facilities of ``base`` open that year have an
    accepted report; without such a year, the latest with an accepted report; else this
    year. With ``kept``, each year's counts are taken from it when kept (``_year_counts``).

    One early report must not make the newest year the one everyone is shown (with one
    firm's figures), nor a report wrongly dated in the future (the year selector offers no
    future year).
    """
    this_year = timezone.localdate().year
    years = list(range(FIRST_PICKED_YEAR, this_year + 1))
    counts = (_year_counts(base, years) if kept is None else kept.through(
        ("default-year", caching.query_key(base)), years, lambda missing: _year_counts(
            base, missing)))
    rate = settings.INDICATORS_MIN_REPORTING_RATE
    for year in reversed(years):
        opened, reported, _any = counts[year]
        if reported and reported >= rate * opened:
            return year
    return max((y for y in years if counts[y][2]), default=this_year)


def _year_counts(base: FacilityQuerySet, years: list[int]) -> dict[int, tuple[int, int, bool]]:
    """For each of ``years``: the facilities of ``base`` open that year, those of them
    with an accepted report for it, and whether any has one (two queries: the accepted
    reports of each year from the reports' summary, then the open facilities of each year
    that has some — no join of every facility to every report)."""
    reported = reported_by_year(base, years)
    opened = base.with_open_span().aggregate(
        **{f"open_{y}": Count("pk", filter=open_condition(y)) for y in reported}
    ) if reported else {}
    return {y: (opened[f"open_{y}"], reported[y][0], True) if y in reported else (0, 0, False)
            for y in years}


def default_year_text() -> str:
    """The rule of ``default_year`` for the pages."""
    return gettext(
        "The pages open on the latest year in which at least %(rate)s of the facilities "
        "open that year have an accepted report; choose another year above."
    ) % {"rate": percent(settings.INDICATORS_MIN_REPORTING_RATE, 0)}


def units_for(user: User) -> QuerySet[AdminUnit]:
    """Units a user may filter by: the whole tree, or a local focal point's own area."""
    units = AdminUnit.objects.for_user(user).local().exclude(
        level=AdminUnit.Level.PROVINCE)
    if not user.is_province_wide and user.admin_unit_id:
        units = units.filter(pk__in=user.area_unit_ids())
    return units.order_by("level", "name")


@dataclass
class DrillDown:
    """The facilities in an indicator's numerator or denominator, for a list or an export."""

    code: str
    part: str
    year: int
    queryset: ListedRows

    @property
    def with_savings(self) -> bool:
        return self.code == "I4"

    @property
    def with_supports(self) -> bool:
        return self.code == "I6"

    @property
    def columns(self) -> list[tuple[str, Promise | str]]:
        if self.with_supports:
            return [*FACILITY_COLUMNS, *SUPPORT_COLUMNS]
        if self.with_savings:
            return [*FACILITY_COLUMNS, BASE_YEAR_COLUMN, *saving_columns()]
        return [*FACILITY_COLUMNS, REPORT_YEAR_COLUMN]

    @property
    def kinds(self) -> list[str]:
        """How each column is written on a page: name, year, date, saving or text."""
        return [COLUMN_KINDS.get(key, "text") for key, _label in self.columns]

    def facility(self, obj: Listed) -> Facility:
        return obj.facility

    def row(self, obj: Listed) -> list:
        """One row of values in ``columns`` order (savings as fractions, None if unknown;
        a support's kind and the day it started)."""
        f = self.facility(obj)
        values = [f.tax_code, f.name, f.admin_unit.name, f.vsic.code,
                  f.get_size_class_display(), f.opened_year, f.closed_year]
        if self.with_savings:
            values += [obj.base_year, *(getattr(obj, key) for key in SAVING_KEYS)]
        elif not self.with_supports:
            values.append(obj.report_year)
        if self.with_supports:
            values += [SUPPORT_KINDS.get(obj.kind, obj.kind), obj.first]
        return values

    def rows(self) -> Iterator[list]:
        for obj in self.queryset.iterator(chunk_size=2000):
            yield self.row(obj)


class UnknownDrillDown(LookupError):
    """No list of facilities is kept for that indicator or that part of it."""


def is_listed(code: str, part: str) -> bool:
    """Whether the facilities behind ``part`` (numerator, denominator) of ``code`` are listed."""
    if code in NUMERATOR_ONLY:
        return part == "numerator"
    return code in LISTED and part in PARTS


class Listed(SimpleNamespace):
    """One row of a drill-down list: its ``facility`` and the values of its other columns
    (``report_year``; I4's ``base_year`` and ``saving_<category>``; I6's ``kind`` and
    ``first``)."""


class ListedRows:
    """A drill-down list the pages paginate and export: its rows (dicts naming a
    ``facility_id`` and the other columns' values, in the list's order: by facility name)
    and their facilities — for the slice a page shows in one query, for an export by one
    pass over ``facilities`` (the scope's, in the same order): a fixed number of queries
    however many rows the list has."""

    def __init__(self, rows: Sequence[dict] | QuerySet, facilities: QuerySet[Facility]) -> None:
        self.rows = rows
        self.facilities = facilities.select_related("admin_unit", "vsic")

    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def __len__(self) -> int:
        return self.count()

    def _listed(self, rows: list[dict]) -> list[Listed]:
        facilities = self.facilities.in_bulk({r["facility_id"] for r in rows})
        return [Listed(facility=facilities[r["facility_id"]], **r) for r in rows]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._listed(list(self.rows[index]))
        return self._listed([self.rows[index]])[0]

    def iterator(self, chunk_size: int = 2000) -> Iterator[Listed]:
        by_facility: dict[int, list[dict]] = {}
        for row in self.rows:
            by_facility.setdefault(row["facility_id"], []).append(row)
        for facility in self.facilities.order_by("name", "pk").iterator(chunk_size=chunk_size):
            for row in by_facility.get(facility.pk, ()):
                yield Listed(facility=facility, **row)


#: The engine's part listed by each indicator's numerator and denominator (I1–I3).
POPULATION_PART = {("I1", "numerator"): "I1", ("I1", "denominator"): "P",
                   ("I2", "numerator"): "I2", ("I2", "denominator"): "I2_denominator",
                   ("I3", "numerator"): "I3", ("I3", "denominator"): "P"}


def _listed_rows(scope: Scope, code: str, part: str, year: int) -> list[dict]:
    """The rows of the list of ``part`` of ``code`` (I1–I4) in ``year``, by facility name:
    one query over the engine's own summary, whatever the number of facilities."""
    if code == "I4":
        return [{"facility_id": pk, "base_year": base_year,
                 **dict(zip(SAVING_KEYS, savings, strict=True))}
                for pk, base_year, *savings in saving_rows(scope, year, part == "numerator")]
    return [{"facility_id": pk, "report_year": report_year}
            for pk, report_year in population_rows(scope, year, POPULATION_PART[code, part])]


def drilldown(scope: Scope, code: str, part: str, year: int,
              version: int | None = None) -> DrillDown:
    """The facilities counted in the ``part`` (numerator or denominator) of ``code``.

    The engine's own conditions, so a list always has as many rows as its figure. With the
    inputs' ``version``, the rows of I1–I4 are computed once per version (a page of a
    list then reads its own facilities only).
    """
    if not is_listed(code, part):
        raise UnknownDrillDown(f"{code}/{part}")
    if code == "I6":
        plan = plan_for_year(year, scope.admin_unit.pk if scope.admin_unit else None)
        first_year = plan.start_year if plan else year
        rows = supports(scope, first_year, year).order_by(
            "facility__name", "facility_id", "kind").values("facility_id", "kind", "first")
        return DrillDown(code, part, year, ListedRows(rows, scope.facilities()))

    def compute() -> list[dict]:
        return _listed_rows(scope, code, part, year)

    if version is None:
        return DrillDown(code, part, year, ListedRows(compute(), scope.facilities()))
    listed = caching.cached(version, ("drilldown", caching.query_key(scope.facilities()),
                                      scope.provisional, code, part, year), compute)
    return DrillDown(code, part, year, ListedRows(listed, scope.facilities()))


def published_applying(scope: Scope, year: int, limit: int) -> list[Facility]:
    """The first ``limit``, by name, of the facilities of ``scope`` (whose base is what the
    public may see by name, ``Facility.objects.for_user(None)``) that applied CP in
    ``year`` and agreed to be published: I3's numerator as the engine counts it
    (``population_rows``), then those facilities with their units (two queries)."""
    named = replace(scope, base=scope.base.filter(published=True))
    ids = [pk for pk, _year in population_rows(named, year, "I3", limit=limit)]
    found = Facility.objects.select_related("admin_unit", "vsic").in_bulk(ids)
    return [found[pk] for pk in ids]


@dataclass
class ProvinceRow:
    """One province of the ministry's table: its board of the year (None when the
    installation holds neither a facility nor a plan of it)."""

    province: AdminUnit
    board: Board | None


def province_rows(user: User, year: int) -> list[ProvinceRow]:
    """Every province in force on 31/12 of ``year`` with its indicators of the year, side
    by side: a province's area and plans as everywhere (``AdminUnit.area_ids``, the plans
    of the province and of those merged into it). Only the provinces with facilities or a
    plan are computed, each with the same fixed number of queries."""
    import datetime as dt

    from sxsh.plans.models import Plan

    provinces = list(AdminUnit.objects.provinces().valid_on(dt.date(year, 12, 31))
                     .order_by("gso_code", "name"))
    areas = AdminUnit.areas([p.pk for p in provinces])
    base = Facility.objects.for_user(user)
    with_facilities = set(base.order_by().values_list("admin_unit_id", flat=True).distinct())
    with_plans = set(Plan.objects.filter(start_year__lte=year, end_year__gte=year)
                     .values_list("province_id", flat=True))
    rows = []
    for province in provinces:
        area = areas[province.pk]
        if area & (with_facilities | with_plans):
            scope = Scope(base=base, admin_unit=province, unit_ids=area)
            rows.append(ProvinceRow(province, board(scope, year, series=False)))
        else:
            rows.append(ProvinceRow(province, None))
    return rows


# --- Cached under the version of the inputs (``caching``) --------------------------------


def cached_board(version: int, scope: Scope, year: int, *, series: bool = True) -> Board:
    """``board(scope, year, series=series)``, computed once per version of the inputs and
    scope; when computed, the years no write reached since they were last computed are
    taken as kept (``caching.YearKeeper``).

    The scope's queryset is not kept (it would be evaluated to be stored): the page's own
    scope goes into the board taken from the cache.
    """
    def compute() -> tuple:
        result = board(scope, year, series=series, kept=caching.YearKeeper.at(version))
        return result.plan, result.years, result.series, result.targets, result.parts

    plan, years, computed, targets, parts = caching.cached(
        version, ("board-parts", caching.query_key(scope.facilities()), scope.provisional, year,
                  series, scope.agency_id),
        compute)
    return Board(scope=scope, year=year, plan=plan, years=years, series=computed,
                 targets=targets, parts=parts)


def cached_default_year(version: int, base: FacilityQuerySet) -> int:
    """``default_year(base)``, computed once per version of the inputs and base."""
    return caching.cached(version, ("default_year", caching.query_key(base)),
                          lambda: default_year(base, kept=caching.YearKeeper.at(version)))


def cached_published_applying(version: int, scope: Scope, year: int,
                              limit: int) -> list[Facility]:
    """The first ``limit`` of ``published_applying(scope, year)``, once per version."""
    return caching.cached(
        version, ("published", caching.query_key(scope.facilities()), scope.provisional,
                  year, limit),
        lambda: published_applying(scope, year, limit))
