"""The year the pages open on and the small-count rule of the public side (issue 12, finding 2).

Figures from the data set of ``conftest.py``. Facilities open and those with an accepted
report, by year (E closes in 2018, D in 2019, F opens in 2019; G's opening is unknown):

2016: open A B C E G H J (7), accepted A B C E G H J (7)   100 %
2017: open A B C D E G H J (8), accepted B C (2)             25 %
2018: open A B C D G H J (7), accepted A C H J (4)           57 %
2019: open A B C F G H J (7), accepted F (1)                 14 %

Hương Thủy in 2018: C and G are open (F opens in 2019) — a group of two facilities.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from sxsh.core.tests.clock import stopped_at
from sxsh.facilities.models import Report
from sxsh.indicators.tests.conftest import make_report

pytestmark = pytest.mark.django_db

PUBLIC, DASHBOARD = "/indicators/public/", "/indicators/"
HIDDEN = "&lt; 5 cơ sở — không công bố"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workbook_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.getvalue())).active.values)


@stopped_at(2026, 6, 15)
def test_it_opens_on_the_last_year_with_enough_reports_not_on_one_early_report(
    users, facilities, plan
):
    # One accepted 2024 report: 1 of the 7 facilities open in 2024 (A B C G H J, and F).
    make_report(facilities["A"], 2024, Report.Status.ACCEPTED, "TTT", 100, 5, 40, 4, 100)
    for client, url in ((Client(), PUBLIC), (client_for(users["lanhdao"]), DASHBOARD)):
        response = client.get(url)
        assert response.context["board"].year == 2018, url
        body = response.content.decode()
        assert ("Trang mở ở năm gần nhất mà ít nhất 50 % số cơ sở đang hoạt động trong năm "
                "đó có báo cáo đã được chấp nhận") in body


@stopped_at(2026, 6, 15)
def test_the_reporting_rate_is_a_setting(facilities, plan, settings):
    # Every open facility reported only in 2016 (7 of 7).
    settings.INDICATORS_MIN_REPORTING_RATE = 1.0
    assert Client().get(PUBLIC).context["board"].year == 2016
    assert "ít nhất 100 % số cơ sở" in Client().get(PUBLIC).content.decode()


@stopped_at(2026, 6, 15)
def test_without_a_year_with_enough_reports_it_opens_on_the_latest_reported_year(
    facilities, settings
):
    settings.INDICATORS_MIN_REPORTING_RATE = 1.01  # no year can reach it
    assert Client().get(PUBLIC).context["board"].year == 2019


@stopped_at(2026, 6, 15)
def test_a_local_focal_point_opens_on_its_own_areas_year(users, facilities):
    # Phú Vang: 2018 open A B H J, accepted A H J (3 of 4); 2019 none.
    response = client_for(users["diaphuong"]).get(DASHBOARD)
    assert response.context["board"].year == 2018


def test_a_group_of_two_facilities_is_hidden_on_the_public_page(facilities, plan):
    body = Client().get(PUBLIC, {"year": 2018, "admin_unit": "huong-thuy"}).content.decode()
    # I1–I4 are computed from C and G (I4 from C alone): each card says why it is empty,
    # and so do I4's four categories; the rule is written above the cards and under them.
    assert body.count(HIDDEN) == 4 + 4 + 2
    # I1 and I3 are 1 of 2 (50,0 %) for the officer; no share, count or chart point leaks.
    assert "50,0 %" not in body and "(1 / 2)" not in body
    assert 'class="point"' not in body
    assert ("Không công bố số liệu nhỏ: số liệu tính từ ít hơn 5 cơ sở được ghi là "
            "“&lt; 5 cơ sở — không công bố”") in body


def test_the_same_group_is_visible_to_the_officer(users, facilities, plan):
    response = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018,
                                                          "admin_unit": "huong-thuy"})
    body = response.content.decode()
    assert HIDDEN not in body
    cards = {card.code: card for card in response.context["cards"]}
    # I1: C aware (its 2016 report), G not (its 2016 report says no, 2018 was returned).
    assert (cards["I1"].result.numerator, cards["I1"].result.denominator) == (1, 2)
    assert "50,0 %" in body


def test_the_public_file_hides_the_group_and_the_officers_file_does_not(users, facilities,
                                                                         plan):
    query = {"year": 2018, "admin_unit": "huong-thuy", "format": "xlsx"}
    public = {row[0]: row for row in workbook_rows(Client().get(PUBLIC, query)) if row[0]}
    assert public["I1"][2:5] == ("< 5 cơ sở — không công bố", None, None)
    assert public["Đơn vị hành chính"][1] == "Thị xã Hương Thủy (đến 30/06/2025)"
    officer = {row[0]: row for row in workbook_rows(
        client_for(users["canbo"]).get(DASHBOARD, query)) if row[0]}
    assert officer["I1"][2:5] == (0.5, 1, 2)


def test_the_whole_province_is_shown_but_i4_from_three_facilities_is_not(facilities, plan):
    response = Client().get(PUBLIC, {"year": 2018})
    body = response.content.decode()
    # I1 3/7 is published; I4 2018 is computed from A, C and H only.
    assert "42,9 %" in body
    cards = {card.code: card for card in response.context["cards"]}
    assert [code for code, card in cards.items() if card.hidden] == ["I4"]
    assert "(2 / 3)" not in body


def test_the_minimum_number_of_facilities_is_a_setting(facilities, plan, settings):
    settings.INDICATORS_MIN_FACILITIES = 3
    response = Client().get(PUBLIC, {"year": 2018})
    cards = {card.code: card for card in response.context["cards"]}
    assert not cards["I4"].hidden
    # I4's categories: energy 3 facilities (A C H), raw 2 (A C), aux 2, water 1 (A).
    assert [c.hidden for c in cards["I4"].categories] == [False, True, True, True]
    assert "&lt; 3 cơ sở — không công bố" in response.content.decode()


def test_the_public_page_filters_by_sector_and_its_query_count_is_pinned(
    facilities, plan, django_assert_num_queries
):
    from sxsh.facilities.tests.factories import FacilityFactory

    # the inputs' version, unit and VSIC choices, the unit and its area (1 + 2), the division,
    # the plan's provinces (2), plan, targets, the writes noted by year, I5, I6's planned
    # support, I1–I3 and I4 of every year, the published names (2: I3's rows, their
    # facilities).
    with django_assert_num_queries(18):
        Client().get(PUBLIC, {"year": 2018, "admin_unit": "huong-thuy", "vsic": "23"})
    FacilityFactory.create_batch(20, admin_unit_code="huong-thuy", vsic_code="23",
                                 opened_year=2000)
    with django_assert_num_queries(18):
        response = Client().get(PUBLIC, {"year": 2018, "admin_unit": "huong-thuy",
                                         "vsic": "23"})
    # 21 open facilities now (C and the 20): I1 is published.
    cards = {card.code: card for card in response.context["cards"]}
    assert not cards["I1"].hidden and cards["I1"].result.denominator == 21
