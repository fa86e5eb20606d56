"""Which province this installation's data belongs to.

The installation's province is ``settings.HOME_PROVINCE`` as it stands today; for a year,
it is that province or one that passed wholly into it, whichever was in force on 31
December (Thừa Thiên Huế until 2024, the centrally-run city of Huế from 2025) —
``AdminUnit.plan_provinces``, as the indicators choose a scope's plans. Now that every
province of the country is reference data, "the top-level unit in force" no longer names
it.
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
    the home province or one merged wholly into it, in force on 31 December of the year
    (else the home province itself)."""
    home_id, provinces = AdminUnit.plan_provinces()
    if home_id is None:
        return None
    day = dt.date(year, 12, 31)
    unit = (AdminUnit.objects.filter(pk__in=provinces)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .order_by("-valid_from", "pk").first()
            or AdminUnit.objects.get(pk=home_id))
    return Province(unit.code, unit.name, unit)
