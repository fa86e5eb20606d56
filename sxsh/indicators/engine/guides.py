"""I7 technical guides published: documents of the type technical guide, public on the
portal, published from 1 January of the plan's first year through 31 December of the
year, against the quantities the plan's guides budget line (``support: guides`` in the
plan file) plans for the years up to the year.

A guide names the VSIC divisions it is written for; a guide naming none is for every
sector. In a sector's scope a guide counts when it names that division or none. The
administrative unit and size filters do not apply: a guide is not located anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .compute import Result, SupportPlan, year_end
from .definitions import fraction
from .scope import Scope


def guides(scope: Scope, first_year: int, last_year: int) -> QuerySet:
    """The guides I7 counts from 1/1 of ``first_year`` through 31/12 of ``last_year``, of
    the scope's VSIC division (or of every sector), oldest first."""
    from sxsh.portal.models import Document

    rows = Document.objects.public().filter(
        kind=Document.Kind.GUIDE, published_at__date__gte=dt.date(first_year, 1, 1),
        published_at__date__lte=year_end(last_year))
    if scope.vsic is not None:
        rows = rows.filter(Q(vsic_divisions=scope.vsic) | Q(vsic_divisions=None)).distinct()
    return rows.order_by("published_at", "pk")


def guide_indicators(scope: Scope, years: Iterable[int], plan: SupportPlan
                     ) -> dict[int, Result]:
    """I7 for each year, from one query: guides published from the plan's first year
    through 31/12/y over the guides planned for the years up to y."""
    years = list(years)
    published = [timezone.localtime(at).year for at in
                 guides(scope, plan.first_year, max(years)).values_list("published_at",
                                                                         flat=True)]
    results = {}
    for y in years:
        numerator = sum(1 for year in published if year <= y)
        denominator = sum((q for year, q in plan.planned.items() if year <= y), Decimal(0))
        results[y] = Result("I7", y, numerator, denominator, fraction(numerator, denominator))
    return results


def guides_by_division(scope: Scope, first_year: int, year: int) -> list[tuple[str, str, int]]:
    """I7's guides by the VSIC division they name — (code, name, guides) in code order,
    "" for the guides written for every sector — for the dashboard (one query)."""
    rows = (guides(scope, first_year, year).order_by()
            .values("vsic_divisions__code", "vsic_divisions__name_vi")
            .annotate(count=Count("pk", distinct=True)))
    return sorted(((r["vsic_divisions__code"] or "", r["vsic_divisions__name_vi"] or "",
                    r["count"]) for r in rows), key=lambda row: row[0])
