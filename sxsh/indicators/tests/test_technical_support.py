"""I1, I3 (and I4's population) fed by assessments and implemented options, and I6, on the
hand-built data set of conftest.py (its ``supports`` fixture), worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sxsh.facilities.models import Facility
from sxsh.indicators.engine import Scope, board, build_scope, compute_year
from sxsh.indicators.selectors import drilldown, is_listed

from .test_command import run

pytestmark = pytest.mark.django_db


def shares(results: dict) -> dict[str, tuple]:
    return {code: (results[code].numerator, results[code].denominator)
            for code in ("I1", "I3", "I4")}


def test_an_assessment_makes_a_facility_aware_and_an_implemented_option_applying(supports):
    # P(2018) = A B C D G H J K = 8.
    # I1: A B C by their reports, K by its report too; G by its quick assessment (2018-05-10),
    #     J by its quick (2015) and pilot (2017) assessments → 6/8. D's assessment started in
    #     2019; H never answered and has none.
    # I3: A B C H J by their reports; G (option implemented 2018-09-01) and K (2017-05-01)
    #     although their reports say no → 7/8. D's option was implemented in 2019.
    # I4: 2018 reports counted in I3 with production: A C H J K; J's baseline has no
    #     production; A (10 %), C (8 %) and K (energy 1 − 9/10 = 10 %) reach 8 % → 3/4.
    assert shares(compute_year(Scope(), 2018)) == {"I1": (6, 8), "I3": (7, 8), "I4": (3, 4)}


def test_what_happens_after_the_year_does_not_count(supports):
    # P(2017) = A B C D E G H J K = 9.
    # I1: B C E by reports, K by report, J (assessed in 2015 and 2017) → 5/9; G's
    #     assessment is of 2018.
    # I3: A B C E H by reports, K (option 2017-05-01) → 6/9; G's option is of 2018, J's
    #     option is only to be implemented.
    # I4: 2017 reports with CP applied: B (no baseline production), C (50 %) → 1/1.
    assert shares(compute_year(Scope(), 2017)) == {"I1": (5, 9), "I3": (6, 9), "I4": (1, 1)}


def test_technical_support_counts_facility_and_kind_pairs_against_the_plans_lines(
        supports, officers, django_assert_num_queries):
    # Supports from 2016 (J's quick assessment of 2015 is before the plan):
    # 2016 K quick, K detailed = 2; planned 0 → no share.
    # 2017 + B quick, E quick, J pilot = 5; planned 1 (quick) → 500 %.
    # 2018 + G quick (B's second quick is the same support) = 6; planned 1 + 4 = 5 → 120 %.
    # 2019 + D detailed = 7; planned 5 + 3 = 8.  2020: 7; planned 8 + 2 = 10 → 70 %.
    # the plan's provinces (2), plan, targets, I5, I6's planned quantities and supports, I1–I3 and
    # I4 of every year.
    with django_assert_num_queries(9):
        result = board(Scope(), 2018)
    i6 = {y: (r["I6"].numerator, r["I6"].denominator, r["I6"].value)
          for y, r in result.series.items()}
    assert i6 == {2016: (2, Decimal(0), None), 2017: (5, Decimal(1), 5.0),
                  2018: (6, Decimal(5), 1.2), 2019: (7, Decimal(8), 0.875),
                  2020: (7, Decimal(10), 0.7)}
    assert result.results["I6"].note == ""
    # the target (10 facilities, a count): 6 in 2018 is below the line from 2 in 2016 to
    # 10 in 2020, which passes 2 + 8 × 2/4 = 6 in 2018 — on track, exactly.
    assert result.results["I6"].status == "on_track"


def test_technical_support_follows_the_filters_but_not_the_plans_quantities(supports, users):
    # VSIC 23 (C E H): E's quick assessment of 2017 → 1 of 5 planned through 2018.
    i6 = compute_year(build_scope(vsic="23"), 2018)
    assert i6["I6"].numerator is None  # compute_year alone has no plan: no figure
    assert board(build_scope(vsic="23"), 2018, series=False).results["I6"].numerator == 1
    # Phú Vang's focal point: A B E H J K → K quick, K detailed, B quick, E quick, J pilot.
    local = Scope(base=Facility.objects.for_user(users["diaphuong"]))
    i6 = board(local, 2018, series=False).results["I6"]
    assert (i6.numerator, i6.denominator) == (5, Decimal(5))


def test_the_drilldown_lists_each_support_with_its_kind_and_day(supports):
    drill = drilldown(Scope(), "I6", "numerator", 2018)
    rows = [(row[0], row[1], row[7], row[8]) for row in drill.rows()]
    assert rows == [
        ("3300000006", "Cơ sở B", "Đánh giá nhanh", dt.date(2017, 3, 1)),
        ("3300000009", "Cơ sở E", "Đánh giá nhanh", dt.date(2017, 1, 10)),
        ("3300000011", "Cơ sở G", "Đánh giá nhanh", dt.date(2018, 5, 10)),
        ("3300000014", "Cơ sở J", "Mô hình thí điểm", dt.date(2017, 6, 1)),
        ("3300000015", "Cơ sở K", "Đánh giá chi tiết", dt.date(2016, 11, 1)),
        ("3300000015", "Cơ sở K", "Đánh giá nhanh", dt.date(2016, 8, 1)),
    ]
    assert len(rows) == board(Scope(), 2018, series=False).results["I6"].numerator
    assert not is_listed("I6", "denominator")


def test_the_support_list_page_shows_the_supports_in_a_fixed_number_of_queries(
        supports, users, django_assert_num_queries):
    client = Client()
    client.force_login(users["canbo"])
    # session, user, the inputs' version, unit and VSIC choices, the plan's provinces (2), the
    # plan, the count, the page's rows and their facilities
    with django_assert_num_queries(11):
        response = client.get("/indicators/I6/numerator/", {"year": 2018})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cơ sở K" in body and "01/08/2016" in body and "Mô hình thí điểm" in body
    assert client.get("/indicators/I6/denominator/", {"year": 2018}).status_code == 404


def test_the_command_prints_technical_support(supports, officers):
    data = run("--year", "2018", "--format", "json")
    assert data["I6"] == {"numerator": 6, "denominator": 5, "value": 1.2,
                          "status": "on_track"}
