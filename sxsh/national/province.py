"""Which province this installation's data belongs to.

Kept as one small function so that the province reference model, when it lands, can take
its place: today the province is the top-level administrative unit in force in the year
(Thừa Thiên Huế until 2024, the centrally-run city of Huế from 2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sxsh.core.models import AdminUnit


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    unit: AdminUnit


def installation_province(year: int) -> Province | None:
    """The province whose facilities this installation registers, as it was in ``year``:
    the top-level unit in force on 31 December of the year (else the latest one)."""
    day = dt.date(year, 12, 31)
    tops = AdminUnit.objects.filter(parent__isnull=True).order_by("-valid_from", "pk")
    unit = (tops.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).first() or tops.first())
    return None if unit is None else Province(unit.code, unit.name, unit)
