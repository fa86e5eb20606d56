"""Specific consumption, savings against the baseline, and the data-quality rules.

SEC (specific energy/material consumption) of a category = consumption / production.
Saving against the baseline = 1 − SEC(year) / SEC(baseline).

Errors block a report: a negative value, consumption without production, coal without a
known grade, a year outside the years the facility was open, a baseline after the year.
Warnings need a comment to pass: an SEC that moved more than ±50 % from the previous
report, and an SEC that is an outlier in its sector (modified z-score |M| > 3.5 against
the reports of the same VSIC division and year, only with at least 5 peers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.core.bounds import field_errors, largest
from sxsh.core.formatting import number, round_half_up, to_decimal
from sxsh.core.years import is_year, year_error

from .energy import COAL_GRADES, Result
from .models import Report

CATEGORIES: dict[str, str] = {
    "energy": "energy_toe",
    "raw": "raw_material_t",
    "aux": "aux_material_t",
    "water": "water_m3",
}
CATEGORY_LABELS = {
    "energy": gettext_lazy("energy (TOE)"),
    "raw": gettext_lazy("raw materials"),
    "aux": gettext_lazy("auxiliary materials"),
    "water": gettext_lazy("water"),
}
ENERGY_FIELDS = ("electricity_kwh", "coal_t", "do_t", "fo_t", "lpg_t", "natural_gas_1000m3",
                 "biomass_t")
CONSUMPTION_FIELDS = (*ENERGY_FIELDS, "raw_material_t", "aux_material_t", "water_m3")
QUANTITY_FIELDS = ("production", *CONSUMPTION_FIELDS)
SEC_CHANGE_LIMIT = Decimal("0.5")
OUTLIER_LIMIT = Decimal("3.5")
MIN_PEERS = 5


@dataclass(frozen=True)
class Issue:
    field: str
    message: str


def sec(values: dict[str, Any]) -> dict[str, Decimal | None]:
    """Consumption per unit product of each category; ``None`` without production or data."""
    production = values.get("production")
    out: dict[str, Decimal | None] = {}
    for cat, field in CATEGORIES.items():
        qty = values.get(field)
        out[cat] = (Decimal(qty) / Decimal(production)
                    if production and qty is not None else None)
    return out


def savings(current: dict[str, Decimal | None],
            base: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    """1 − SEC(year) / SEC(baseline) per category; ``None`` where either is unknown or 0."""
    return {
        cat: (1 - current[cat] / base[cat]) if current.get(cat) is not None and base.get(cat)
        else None
        for cat in CATEGORIES
    }


def errors(values: dict[str, Any], *, year: int, opened_year: int | None,
           closed_year: int | None) -> list[Issue]:
    """The blocking errors of a report's values (already parsed to Decimal or None)."""
    found: list[Issue] = []
    for field in QUANTITY_FIELDS:
        qty = values.get(field)
        if qty is not None and qty < 0:
            found.append(Issue(field, _("A quantity cannot be negative.")))
    bounded = {f: values[f] for f in (*QUANTITY_FIELDS, "product_unit") if f in values}
    found += [Issue(f, m) for f, m in field_errors(Report, bounded).items()]
    if not values.get("production") and any(values.get(f) for f in CONSUMPTION_FIELDS):
        found.append(Issue("production", _("Consumption is reported without production.")))
    if values.get("coal_t") and values.get("coal_grade") not in COAL_GRADES:
        found.append(Issue("coal_grade", _(
            "Coal needs its grade (grade 1, 2 or 3; in a file coal_1, coal_2 or coal_3).")))
    elif values.get("coal_grade") and values.get("coal_grade") not in COAL_GRADES:
        found.append(Issue("coal_grade", _("Unknown coal grade: use coal_1, coal_2 or coal_3.")))
    if not is_year(year):
        found.append(Issue("year", year_error(year)))
    elif (opened_year and year < opened_year) or (closed_year and year >= closed_year):
        found.append(Issue("year", _("The facility was not open in %(year)s.") % {"year": year}))
    baseline = values.get("baseline_year")
    if baseline and baseline > year:
        found.append(Issue("baseline_year", _("The baseline year is after the report's year.")))
    return found


def derived_errors(derived: Result) -> list[Issue]:
    """The derived values (energy, emissions) too large for their columns: quantities
    that each fit their own column may still add up to more than a report can store."""
    found = []
    for field in field_errors(Report, {"energy_toe": derived.energy_toe,
                                       "co2e_t": derived.co2e_t,
                                       "biogenic_co2_t": derived.biogenic_co2_t}):
        column = Report._meta.get_field(field)
        found.append(Issue(field, _(
            "%(what)s computed from these quantities is too large: at most %(limit)s. Check "
            "the quantities and their units.") % {
                "what": capfirst(column.verbose_name),
                "limit": number(largest(column))}))
    return found


def sec_change_warnings(current: dict[str, Decimal | None], previous: dict[str, Decimal | None],
                        previous_year: int) -> list[dict]:
    """Categories whose SEC moved beyond ±50 % from the previous report."""
    found = []
    for cat in CATEGORIES:
        now, before = current.get(cat), previous.get(cat)
        if now is None or not before:
            continue
        change = now / before - 1
        if abs(change) > SEC_CHANGE_LIMIT:
            found.append({"code": "sec_change", "category": cat, "year": previous_year,
                          "change": str(round_half_up(change, 3))})
    return found


def median_mad(peers: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The median of the peers and their median absolute deviation from it."""
    med = median(peers)
    return med, median([abs(p - med) for p in peers])


def modified_z(value: Decimal, peers: list[Decimal],
               stats: tuple[Decimal, Decimal] | None = None) -> Decimal | None:
    """Iglewicz–Hoaglin modified z-score 0,6745·(x − median)/MAD; None if MAD is 0."""
    med, mad = stats or median_mad(peers)
    if not mad:
        return None
    return Decimal("0.6745") * (value - med) / mad


def outlier_warnings(current: dict[str, Decimal | None], peers: dict[str, list[Decimal]],
                     stats: dict[str, tuple[Decimal, Decimal]] | None = None) -> list[dict]:
    """Categories whose SEC is a sector outlier (|M| > 3,5 with at least 5 peers).

    ``stats`` gives each category's (median, MAD) when the caller has them already."""
    found = []
    for cat in CATEGORIES:
        value, group = current.get(cat), peers.get(cat, [])
        if value is None or len(group) < MIN_PEERS:
            continue
        m = modified_z(value, group, stats.get(cat) if stats else None)
        if m is not None and abs(m) > OUTLIER_LIMIT:
            found.append({"code": "outlier", "category": cat,
                          "score": str(round_half_up(m, 2)), "peers": len(group)})
    return found


def warning_text(warning: dict) -> str:
    """A stored warning in the reader's language."""
    label = CATEGORY_LABELS.get(warning.get("category", ""), warning.get("category", ""))
    if warning.get("code") == "sec_change":
        points = to_decimal(warning["change"]) * 100
        return _("Specific consumption of %(cat)s changed by %(pct)s %% from %(year)s "
                 "(beyond ±50 %%).") % {"cat": label, "pct": number(points, 0, signed=True),
                                         "year": warning["year"]}
    if warning.get("code") == "outlier":
        return _("Specific consumption of %(cat)s is an outlier in its sector "
                 "(modified z-score %(score)s against %(n)s reports).") % {
            "cat": label, "score": number(warning["score"], 2), "n": number(warning["peers"])}
    return str(warning)
