"""Reads of the national context: the packages a user may read, a package's tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import User
from sxsh.indicators.engine import DEFINITIONS

from .models import Package

DIMENSIONS: dict[str, Promise] = {
    "province": _("Whole province"), "admin_unit": _("Administrative unit"),
    "vsic_division": _("VSIC division"), "size_class": _("Size class"),
}


def packages_for(user: User | None) -> QuerySet[Package]:
    """The packages ``user`` may read, by province and latest year first, without their
    content (one query)."""
    return Package.objects.for_user(user).defer("content").order_by(
        "province_name", "province_code", "-year")


@dataclass(frozen=True)
class TableRow:
    dimension: str
    code: str
    name: str
    figures: list[dict | None]  # in ``PackageTable.codes`` order

    @property
    def dimension_label(self) -> Promise:
        return DIMENSIONS.get(self.dimension, _("Other"))


@dataclass(frozen=True)
class PackageTable:
    """A package's indicators, one row per breakdown, one column per indicator."""

    package: Package
    codes: list[str]
    rows: list[TableRow]

    @property
    def headers(self) -> list[tuple[str, Promise]]:
        return [(code, DEFINITIONS[code].name) for code in self.codes]

    @property
    def targets(self) -> list[dict]:
        return self.package.content.get("targets", [])

    @property
    def budget(self) -> dict | None:
        budget = self.package.content.get("budget")
        if budget is None:
            return None
        money = {"sources": [{**s, **_amounts(s)} for s in budget["sources"]],
                 "total": _amounts(budget["total"])}
        return {**budget, **money}

    @property
    def plan(self) -> dict | None:
        return self.package.content.get("plan")


def _amounts(row: dict) -> dict:
    return {key: None if row.get(key) is None else Decimal(row[key])
            for key in ("planned", "approved", "committed", "disbursed", "settled")}


@dataclass(frozen=True)
class YearComparison:
    """Each province's figures of a year side by side (the province-wide breakdown)."""

    year: int
    codes: list[str]
    rows: list[tuple[Package, list[dict | None]]]

    @property
    def headers(self) -> list[tuple[str, Promise]]:
        return [(code, DEFINITIONS[code].name) for code in self.codes]


def year_comparison(user: User | None, year: int) -> YearComparison:
    """The packages of ``year`` that ``user`` may read, one row per province (one query)."""
    packages = list(Package.objects.for_user(user).filter(year=year)
                    .order_by("province_name", "province_code"))
    codes = list(DEFINITIONS)
    rows = [(p, [p.content["breakdowns"][0]["indicators"].get(code) for code in codes])
            for p in packages]
    return YearComparison(year, codes, rows)


def package_table(package: Package) -> PackageTable:
    """The indicators table of a package (no query: the content is read with it)."""
    breakdowns = package.content["breakdowns"]
    codes = [code for code in DEFINITIONS
             if any(code in b["indicators"] for b in breakdowns)]
    rows = [TableRow(b["dimension"], b["code"], b["name"],
                     [b["indicators"].get(code) for code in codes]) for b in breakdowns]
    return PackageTable(package, codes, rows)
