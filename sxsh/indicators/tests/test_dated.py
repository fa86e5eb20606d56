"""The first year each write can change (``dated``), and the pages computing again only
the years a write reaches (``caching.YearKeeper``).

Data: the hand-built set of ``conftest.py`` (A has accepted reports for 2016 and 2018; the
plan covers 2016–2020). The page tests compare a page computed partly from kept years
with the same page computed afresh (the cache emptied), and name the years the engine was
asked to compute again.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Option
from sxsh.facilities.models import Facility, Report
from sxsh.indicators import caching, dated
from sxsh.indicators.caching import inputs_version
from sxsh.indicators.engine import compute

from .conftest import make_assessment

pytestmark = pytest.mark.django_db

DASHBOARD = "/indicators/"


def noted() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT from_year, changes FROM {dated.TABLE}")
        return dict(cursor.fetchall())


class Writes:
    """What a block of writes noted, by first year, and how far the version moved."""

    def __enter__(self) -> Writes:
        self.before, self.version = noted(), inputs_version()
        return self

    def __exit__(self, *exc) -> None:
        after = noted()
        self.noted = {y: n - self.before.get(y, 0) for y, n in after.items()
                      if n != self.before.get(y, 0)}
        self.bumped = inputs_version() - self.version


def test_a_report_notes_its_year_and_a_move_the_earlier_of_its_two(facilities):
    report = Report.objects.get(facility=facilities["A"], year=2018)
    with Writes() as w:
        Report.objects.filter(pk=report.pk).update(cp_staff=False)
    assert (w.noted, w.bumped) == ({2018: 1}, 1)
    with Writes() as w:
        Report.objects.filter(pk=report.pk).update(year=2017)
    assert (w.noted, w.bumped) == ({2017: 1}, 1)
    with Writes() as w:
        Report.objects.filter(pk=report.pk).delete()
    assert (w.noted, w.bumped) == ({2017: 1}, 1)


def test_one_statement_over_several_years_notes_its_first_year(facilities):
    """PostgreSQL notes a statement once, at its first year; SQLite each row: either way
    the version moves by as many writes as were noted (the keys' formula needs it)."""
    with Writes() as w:
        Report.objects.filter(facility=facilities["A"]).update(cp_staff=True)  # 2016, 2018
    assert min(w.noted) == 2016
    assert w.noted == ({2016: 1} if connection.vendor == "postgresql" else {2016: 1, 2018: 1})
    assert w.bumped == sum(w.noted.values())


def test_assessments_options_activities_and_attendance_note_their_dates_year(facilities,
                                                                            attendances):
    with Writes() as w:
        assessment = make_assessment(facilities["B"], "quick", "2019-04-02",
                                     ("proposed", None))
    # the assessment in 2019; its option, without a date, counts in no year
    assert w.noted == {2019: 1, dated.NEVER: 1}
    option = Option.objects.get(assessment=assessment)
    with Writes() as w:
        option.status, option.implemented_on = "implemented", dt.date(2020, 2, 1)
        option.save()
    assert w.noted == {2020: 1}
    with Writes() as w:
        Activity.objects.filter(pk=attendances["T-2019"].pk).update(date=dt.date(2017, 1, 5))
    assert w.noted == {2017: 1}
    with Writes() as w:
        Attendance.objects.filter(activity=attendances["T-2018"], facility__isnull=False).update(
            facility=facilities["H"])
    assert w.noted == {2018: 1}
    assert w.bumped == 1


def test_a_years_key_moves_only_with_a_write_it_can_see():
    keeper = caching.YearKeeper(10, [(2016, 2), (2018, 3), (dated.NEVER, 1)])
    # version less the writes noted after the year
    assert [keeper.year_key(y) for y in (2015, 2016, 2017, 2018, 2019)] == [4, 6, 6, 9, 9]


# --- The pages -------------------------------------------------------------------------


@pytest.fixture
def computed(monkeypatch) -> list[list[int]]:
    """The years the engine is asked to compute, call by call (the real computation)."""
    calls: list[list[int]] = []
    real = compute._computed_years

    def recording(scope, years, **kwargs):
        calls.append(list(years))
        return real(scope, years, **kwargs)

    monkeypatch.setattr(compute, "_computed_years", recording)
    return calls


def cards(client: Client, year: int = 2018) -> str:
    body = client.get(DASHBOARD, {"year": year}).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "",
                  body.split('<main', 1)[1])


def afresh(client: Client, year: int = 2018) -> str:
    cache.clear()
    return cards(client, year)


def test_a_write_dated_2018_computes_2018_to_2020_again_and_the_page_is_as_if_afresh(
        users, facilities, plan, computed):
    officer = Client()
    officer.force_login(users["canbo"])
    cards(officer)
    assert computed == [[2016, 2017, 2018, 2019, 2020]]
    # A's 2018 report no longer says CP applied: I3 of 2018 to 2020 changes
    Report.objects.filter(facility=facilities["A"], year=2018).update(cp_applied=False)
    page = cards(officer)
    assert computed[1:] == [[2018, 2019, 2020]]
    assert page == afresh(officer)


def test_a_write_dated_2020_leaves_the_plans_earlier_years_kept(users, facilities, plan,
                                                               computed):
    officer = Client()
    officer.force_login(users["canbo"])
    cards(officer)
    Report.objects.create(facility=facilities["C"], year=2020, status="accepted",
                          aware=True, cp_staff=True, cp_applied=False)
    page = cards(officer)
    assert computed[1:] == [[2020]]
    assert page == afresh(officer)


def test_a_write_with_no_date_computes_every_year_again(users, facilities, plan, computed):
    officer = Client()
    officer.force_login(users["canbo"])
    cards(officer)
    Facility.objects.filter(pk=facilities["A"].pk).update(size_class="small")
    page = cards(officer)
    assert computed[1:] == [[2016, 2017, 2018, 2019, 2020]]
    assert page == afresh(officer)


def test_a_write_that_changes_no_year_computes_none_again(users, facilities, plan, computed):
    officer = Client()
    officer.force_login(users["canbo"])
    before = cards(officer)
    make_assessment(facilities["B"], "quick", "2024-04-02")  # after the plan's years
    page = cards(officer)
    assert computed[1:] == []
    assert page == before == afresh(officer)


def test_the_apis_figures_are_kept_like_the_pages(users, facilities, plan, computed):
    """The API's board of a year (that year and the plan's first, for the trajectory) is
    computed once, then kept until a write it can see."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(users["canbo"])
    first = client.get("/api/v1/indicators/", {"year": 2018}).json()
    assert computed == [[2016, 2018]]
    assert client.get("/api/v1/indicators/", {"year": 2018}).json() == first
    assert computed == [[2016, 2018]]
    Report.objects.filter(facility=facilities["A"], year=2018).update(cp_applied=False)
    after = client.get("/api/v1/indicators/", {"year": 2018}).json()
    assert computed[1:] == [[2018]]
    # I3 of 2018: of the 7 facilities open (A, B, C, D, G, H, J), A, B (its 2017 report), C,
    # H and J applied CP; A's 2018 report no longer says so: 5/7, then 4/7.
    assert [(f["I3"]["numerator"], f["I3"]["denominator"]) for f in (first, after)] == [
        (5, 7), (4, 7)]
