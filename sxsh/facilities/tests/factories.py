"""The one way tests make a facility: checked and classed as the register does it."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.facilities.models import Facility
from sxsh.facilities.services import facility_clean, facility_size

# Employees and revenue (billion VND) that Decree 80 puts in each size class (industry),
# with the factory's capital of 10 billion VND.
SIZE_FIGURES = {
    "micro": (5, Decimal("2")),
    "small": (50, Decimal("20")),
    "medium": (150, Decimal("150")),
    "large": (300, Decimal("300")),
}


class FacilityFactory(DjangoModelFactory):
    """A facility in Phú Vang, VSIC 10, small, open since 2010, unless told otherwise.

    ``admin_unit_code`` and ``vsic_code`` name the unit and the division; ``size`` picks
    figures of that size class; ``accounts`` are the enterprise accounts linked to it. The
    fields are checked by ``facility_clean`` and the size class and its reason are those
    ``facility_size`` gives for the figures, as when an officer registers the facility.
    """

    class Meta:
        model = Facility

    class Params:
        admin_unit_code = "phu-vang"
        vsic_code = "10"
        size = "small"

    # 33: Thừa Thiên Huế; 3302… is used by no test's own tax codes
    tax_code = factory.Sequence(lambda n: f"3302{n + 1:06d}")
    name = factory.Sequence(lambda n: f"Cơ sở {n + 1}")
    admin_unit = factory.LazyAttribute(lambda o: AdminUnit.objects.get(code=o.admin_unit_code))
    vsic = factory.LazyAttribute(lambda o: VsicDivision.objects.get(code=o.vsic_code))
    employees = factory.LazyAttribute(lambda o: SIZE_FIGURES[o.size][0])
    revenue_bn_vnd = factory.LazyAttribute(lambda o: SIZE_FIGURES[o.size][1])
    capital_bn_vnd = Decimal("10")
    opened_year = 2010
    closed_year = None

    @classmethod
    def _create(cls, model_class, *, accounts=(), **data) -> Facility:
        facility_clean(data=data)
        facility = model_class(**data)
        facility.size_class, facility.size_reason = facility_size(data)
        facility.save()
        facility.accounts.set(accounts)
        return facility
