"""Factories for facilities and reports, written through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.facilities.models import Facility, Report


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages in the UI's language, whatever another test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def make_facility(users):
    counter = iter(range(1, 10_000))

    def make(**overrides) -> Facility:
        n = next(counter)
        values = dict(
            tax_code=f"33000{n:05d}", name=f"Cơ sở {n}", admin_unit_code="phu-vang",
            vsic_code="10", employees=50, revenue_bn_vnd=Decimal("20"),
            capital_bn_vnd=Decimal("10"), opened_year=2010, closed_year=None,
        )
        values.update(overrides)
        unit = AdminUnit.objects.get(code=values.pop("admin_unit_code"))
        vsic = VsicDivision.objects.get(code=values.pop("vsic_code"))
        accounts = values.pop("accounts", [])
        from sxsh.facilities.services import facility_create

        facility = facility_create(data={**values, "admin_unit": unit, "vsic": vsic},
                                   user=users["canbo"])
        facility.accounts.set(accounts)
        return facility

    return make


@pytest.fixture
def make_report():
    def make(facility: Facility, year: int, status: str = Report.Status.ACCEPTED,
             **values) -> Report:
        from sxsh.facilities.services import report_derive

        report = Report(facility=facility, year=year, status=status, **values)
        report_derive(report)
        report.save()
        return report

    return make
