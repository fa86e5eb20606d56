"""The options library: what facilities of a sector have implemented, to suggest when an
assessment starts in that sector.

Built from implemented and verified options, grouped by VSIC division and category. A
facility is named only when it agreed to publication (``Facility.published``); otherwise
its option is shown without the name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .feasibility import payback_years
from .models import Option

IMPLEMENTED = (Option.Status.IMPLEMENTED, Option.Status.VERIFIED)


@dataclass(frozen=True)
class LibraryOption:
    description: str
    investment_mvnd: Decimal
    annual_saving_mvnd: Decimal
    payback_years: Decimal | None
    implemented_on: dt.date | None
    verified: bool
    #: The facility's name, or "" when it did not agree to publication.
    facility_name: str


@dataclass
class LibraryGroup:
    vsic_code: str
    vsic_name: str
    category: str
    category_label: str
    options: list[LibraryOption] = field(default_factory=list)


def options_library(vsic: str | None = None, category: str | None = None, *,
                    excluding_assessment_id: int | None = None) -> list[LibraryGroup]:
    """Implemented and verified options by VSIC division (``vsic``: its two digits) and
    category, divisions and categories in code order, the latest implemented first in a
    group; anonymised unless the facility is published (one query). The options of the
    assessment ``excluding_assessment_id`` are left out: its page shows them already."""
    options = Option.objects.filter(status__in=IMPLEMENTED)
    if excluding_assessment_id is not None:
        options = options.exclude(assessment_id=excluding_assessment_id)
    if vsic:
        options = options.filter(assessment__facility__vsic__code=vsic)
    if category:
        options = options.filter(category=category)
    rows = options.order_by(
        "assessment__facility__vsic__code", "category", "-implemented_on", "pk"
    ).values_list("assessment__facility__vsic__code", "assessment__facility__vsic__name_vi",
                  "category", "description", "investment_mvnd", "annual_saving_mvnd",
                  "implemented_on", "status", "assessment__facility__published",
                  "assessment__facility__name")
    labels = dict(Option.Category.choices)
    groups: list[LibraryGroup] = []
    for (code, name, cat, description, investment, saving, implemented_on, status, published,
         facility_name) in rows:
        if not groups or (groups[-1].vsic_code, groups[-1].category) != (code, cat):
            groups.append(LibraryGroup(code, name, cat, str(labels.get(cat, cat))))
        groups[-1].options.append(LibraryOption(
            description=description, investment_mvnd=investment, annual_saving_mvnd=saving,
            payback_years=payback_years(investment, saving), implemented_on=implemented_on,
            verified=status == Option.Status.VERIFIED,
            facility_name=facility_name if published else ""))
    return groups
