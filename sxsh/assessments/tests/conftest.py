"""Assessments built through the services, on the facilities' one factory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from sxsh.assessments import services
from sxsh.assessments.models import Assessment
from sxsh.core.models import Agency
from sxsh.facilities.tests.conftest import make_facility, make_report

__all__ = ["make_facility", "make_report"]


@pytest.fixture
def in_vietnamese():
    """Messages in the UI's language, for the tests that read pages and files (the pure
    modules' tests read their English msgids)."""
    with translation.override("vi"):
        yield


@pytest.fixture
def centre(reference) -> Agency:
    """The consulting agency of the demo consultant (TT Khuyến công)."""
    return Agency.objects.get(code="tt-khuyen-cong")


@pytest.fixture
def other_agency(reference) -> Agency:
    return Agency.objects.get(code="so-khcn")


@pytest.fixture
def make_assessment(users, centre):
    """An assessment opened by the officer for the centre (another agency if given)."""
    counter = iter(range(1, 10_000))

    def make(facility, *, kind: str = Assessment.Kind.QUICK, agency: Agency | None = None,
             started_on: dt.date = dt.date(2019, 3, 4), **values) -> Assessment:
        return services.assessment_start(
            user=users["canbo"], facility=facility, kind=kind,
            reference=values.pop("reference", f"ĐGN-{next(counter):03d}"),
            started_on=started_on, consultant_agency=agency or centre, **values)

    return make
