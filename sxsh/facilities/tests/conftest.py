"""Factories for facilities and reports, made as the services make them."""

from __future__ import annotations

import pytest
from django.utils import translation

from sxsh.facilities.models import Facility, Report

from .factories import FacilityFactory


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages in the UI's language, whatever another test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def make_facility(reference) -> type[FacilityFactory]:
    """``make_facility(**fields)`` registers a facility (see ``FacilityFactory``)."""
    return FacilityFactory


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
