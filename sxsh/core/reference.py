"""Reads of the reference tables: factors of a year, Decree 80 size class."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .formatting import number
from .models import (
    EnergyConversionFactor,
    FuelEmissionFactor,
    GridEmissionFactor,
    SizeThreshold,
)


class MissingFactor(LookupError):
    """No factor applies to the year asked for."""


def grid_factor(year: int) -> GridEmissionFactor:
    """The grid emission factor of ``year``; else the latest one published before it."""
    factor = GridEmissionFactor.objects.filter(year__lte=year).order_by("-year").first()
    if factor is None:
        raise MissingFactor(_("No grid emission factor for %(year)s.") % {"year": year})
    return factor


def toe_factor(carrier: str, unit: str, year: int, grade: str = "") -> EnergyConversionFactor:
    """The TOE factor in force in ``year`` for a carrier in a unit (and a coal grade)."""
    factor = (
        EnergyConversionFactor.objects.filter(
            carrier=carrier, unit=unit, grade=grade, valid_from_year__lte=year
        )
        .order_by("-valid_from_year")
        .first()
    )
    if factor is None:
        raise MissingFactor(
            _("No TOE factor for %(carrier)s (%(unit)s) in %(year)s.")
            % {"carrier": carrier, "unit": unit, "year": year}
        )
    return factor


def fuel_factor(fuel: str, year: int) -> FuelEmissionFactor:
    factor = (
        FuelEmissionFactor.objects.filter(fuel=fuel, valid_from_year__lte=year)
        .order_by("-valid_from_year")
        .first()
    )
    if factor is None:
        raise MissingFactor(_("No emission factor for %(fuel)s.") % {"fuel": fuel})
    return factor


@dataclass(frozen=True)
class SizeClass:
    size: str
    reason: str


def classify_size(
    *, employees: int | None, revenue_bn_vnd: Decimal | None, capital_bn_vnd: Decimal | None,
    year: int = 2021, thresholds: list[SizeThreshold] | None = None,
    sector_group: str = SizeThreshold.SectorGroup.INDUSTRY,
) -> SizeClass | None:
    """Decree 80/2021 size class of an industrial enterprise, with the reason.

    A firm is of a size when employees ≤ that size's maximum AND (revenue ≤ maximum OR
    capital ≤ maximum), and it is not of a smaller size; above medium it is large.
    ``None`` when employees, or both revenue and capital, are unknown.
    """
    if employees is None or (revenue_bn_vnd is None and capital_bn_vnd is None):
        return None
    if thresholds is None:
        thresholds = size_thresholds(year=year, sector_group=sector_group)
    for t in thresholds:
        revenue_ok = revenue_bn_vnd is not None and revenue_bn_vnd <= t.max_revenue_bn_vnd
        capital_ok = capital_bn_vnd is not None and capital_bn_vnd <= t.max_capital_bn_vnd
        if employees <= t.max_employees and (revenue_ok or capital_ok):
            which = (
                _("revenue %(r)s ≤ %(rmax)s billion VND")
                % {"r": number(revenue_bn_vnd), "rmax": number(t.max_revenue_bn_vnd)}
                if revenue_ok
                else _("capital %(c)s ≤ %(cmax)s billion VND")
                % {"c": number(capital_bn_vnd), "cmax": number(t.max_capital_bn_vnd)}
            )
            return SizeClass(
                t.size,
                _("%(size)s: %(e)s ≤ %(emax)s employees and %(which)s (Decree 80/2021)")
                % {"size": t.get_size_display(), "e": number(employees),
                   "emax": number(t.max_employees), "which": which},
            )
    largest = thresholds[-1] if thresholds else None
    return SizeClass(
        SizeThreshold.Size.LARGE,
        _("Large: above the medium thresholds (%(emax)s employees; %(rmax)s billion VND "
          "revenue and %(cmax)s billion VND capital) of Decree 80/2021")
        % {"emax": number(largest.max_employees if largest else None),
           "rmax": number(largest.max_revenue_bn_vnd if largest else None),
           "cmax": number(largest.max_capital_bn_vnd if largest else None)},
    )


def size_thresholds(*, year: int = 2021, sector_group: str = SizeThreshold.SectorGroup.INDUSTRY):
    """The thresholds in force in ``year``, smallest size first (one query)."""
    rows = list(
        SizeThreshold.objects.filter(sector_group=sector_group, valid_from_year__lte=year)
        .order_by("-valid_from_year")
    )
    if not rows:
        rows = list(SizeThreshold.objects.filter(sector_group=sector_group)
                    .order_by("valid_from_year"))
    latest: dict[str, SizeThreshold] = {}
    for row in rows:
        latest.setdefault(row.size, row)
    return sorted(latest.values(), key=lambda t: t.max_employees)
