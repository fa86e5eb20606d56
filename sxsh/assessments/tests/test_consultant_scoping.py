"""A consultant sees the facilities its agency serves: an assessment of its own or an
assignment to it; not the rest of the register."""

import datetime as dt

import pytest
from django.test import Client

from sxsh.assessments import services
from sxsh.assessments.models import Assessment
from sxsh.core.models import Role, User
from sxsh.facilities.models import Facility, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_facility, make_assessment, make_report, users, centre, other_agency):
    assessed = make_facility(name="Cơ sở đánh giá")
    assigned = make_facility(name="Cơ sở được giao")
    others = make_facility(name="Cơ sở của Sở KH&CN")
    unserved = make_facility(name="Cơ sở chưa ai hỗ trợ")
    make_assessment(assessed)
    make_assessment(assessed, kind=Assessment.Kind.DETAILED)  # twice: listed once
    make_assessment(others, agency=other_agency)
    services.assignment_create(facility=assigned, agency=centre, user=users["canbo"],
                               since=dt.date(2019, 1, 2))
    for facility in (assessed, assigned, others, unserved):
        make_report(facility, 2019)
    return assessed, assigned, others, unserved


def test_it_shows_a_consultant_only_the_facilities_its_agency_serves(register, users):
    seen = Facility.objects.for_user(users["tuvan"])
    assert sorted(f.name for f in seen) == ["Cơ sở đánh giá", "Cơ sở được giao"]


def test_it_shows_a_consultant_only_the_reports_of_those_facilities(register, users):
    seen = Report.objects.for_user(users["tuvan"])
    assert sorted(r.facility.name for r in seen) == ["Cơ sở đánh giá", "Cơ sở được giao"]


def test_a_consultant_of_another_agency_sees_only_its_own_facility(register, other_agency):
    colleague = User.objects.create(username="tv-khcn", role=Role.CONSULTANT,
                                    agency=other_agency)
    assert [f.name for f in Facility.objects.for_user(colleague)] == ["Cơ sở của Sở KH&CN"]


def test_a_consultant_without_an_agency_sees_no_facility(register):
    loose = User(username="tv-none", role=Role.CONSULTANT)
    assert list(Facility.objects.for_user(loose)) == []


def test_another_agencys_facility_and_assessment_are_not_found(register, users):
    _, _, others, _ = register
    theirs = Assessment.objects.get(facility=others)
    client = Client()
    client.force_login(users["tuvan"])
    assert client.get(f"/facilities/{others.pk}/").status_code == 404
    assert client.get(f"/assessments/{theirs.pk}/").status_code == 404


def test_the_register_page_lists_only_the_served_facilities(register, users):
    client = Client()
    client.force_login(users["tuvan"])
    body = client.get("/facilities/").content.decode()
    assert "Cơ sở đánh giá" in body and "Cơ sở được giao" in body
    assert "Cơ sở của Sở KH&amp;CN" not in body and "Cơ sở chưa ai hỗ trợ" not in body
