"""The options library: implemented options by VSIC division and category, anonymised
unless the facility agreed to publication."""

import datetime as dt
from decimal import Decimal

import pytest

from sxsh.assessments.library import options_library
from sxsh.assessments.models import Assessment, Option

pytestmark = pytest.mark.django_db


def _option(facility, code, category, status, implemented_on=None, investment="100",
            saving="40"):
    assessment, _new = Assessment.objects.get_or_create(
        facility=facility, reference="ĐGN-1", defaults={"kind": "quick",
                                                       "started_on": dt.date(2018, 1, 5)})
    return Option.objects.create(assessment=assessment, code=code, category=category,
                                 description=f"Giải pháp {code}", status=status,
                                 investment_mvnd=Decimal(investment),
                                 annual_saving_mvnd=Decimal(saving),
                                 implemented_on=implemented_on)


@pytest.fixture
def library_data(make_facility):
    beer = make_facility(name="Bia công khai", vsic_code="11")
    beer.published = True
    beer.save()
    food = make_facility(name="Thực phẩm kín", vsic_code="10")
    _option(beer, "B1", "good_housekeeping", "implemented", dt.date(2018, 6, 1))
    _option(beer, "B2", "good_housekeeping", "verified", dt.date(2019, 2, 1), "0", "12")
    _option(beer, "B3", "technology_change", "study")            # not implemented: left out
    _option(food, "F1", "good_housekeeping", "implemented", dt.date(2018, 9, 1), "50", "20")
    _option(food, "F2", "onsite_recovery", "rejected")              # left out


def test_it_groups_implemented_options_by_division_and_category(library_data,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(1):
        groups = options_library()
    assert [(g.vsic_code, g.category, [o.description for o in g.options]) for g in groups] == [
        ("10", "good_housekeeping", ["Giải pháp F1"]),
        ("11", "good_housekeeping", ["Giải pháp B2", "Giải pháp B1"]),
    ]
    # payback: 50 ÷ 20 = 2,5 years; B2 cost nothing: 0; B1 100 ÷ 40 = 2,5
    assert [o.payback_years for g in groups for o in g.options] == [
        Decimal("2.5000"), Decimal("0.0000"), Decimal("2.5000")]
    assert [o.verified for o in groups[1].options] == [True, False]


def test_it_names_only_facilities_that_agreed_to_publication(library_data):
    names = {o.description: o.facility_name for g in options_library() for o in g.options}
    assert names == {"Giải pháp F1": "", "Giải pháp B1": "Bia công khai",
                     "Giải pháp B2": "Bia công khai"}


def test_it_filters_by_division_and_category(library_data):
    assert [g.vsic_code for g in options_library(vsic="11")] == ["11"]
    assert options_library(vsic="11", category="technology_change") == []
    assert [len(g.options) for g in options_library(category="good_housekeeping")] == [1, 2]
