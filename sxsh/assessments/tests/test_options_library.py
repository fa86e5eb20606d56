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


# --- suggested on the assessment's page ------------------------------------------------------


@pytest.fixture
def beer_sector(make_facility, make_assessment, users):
    """A consultant's assessment of a brewery (VSIC 11) whose own option O1 is implemented;
    in the register: a published brewery's option, an unpublished brewery's option, a
    food factory's (VSIC 10) option and a brewery's option still under study."""
    served = make_facility(name="Nhà máy Bia Phú Vang", vsic_code="11")
    assessment = make_assessment(served)
    Option.objects.create(assessment=assessment, code="O1",
                                 category="good_housekeeping", description="Của chính đợt này",
                                 status="implemented", implemented_on=dt.date(2019, 5, 1))
    public = make_facility(name="Bia công khai", vsic_code="11")
    public.published = True
    public.save()
    _option(public, "B1", "good_housekeeping", "implemented", dt.date(2018, 6, 1))
    _option(make_facility(name="Bia Hương Thủy kín tiếng", vsic_code="11"), "S1",
            "onsite_recovery", "verified", dt.date(2018, 9, 1), "50", "20")
    _option(make_facility(name="Thực phẩm kín", vsic_code="10"), "F1", "good_housekeeping",
            "implemented", dt.date(2018, 9, 1))
    _option(public, "B3", "technology_change", "study")
    return assessment


@pytest.mark.usefixtures("in_vietnamese")
def test_the_assessment_page_suggests_what_its_sector_implemented(beer_sector, users, client):
    client.force_login(users["tuvan"])
    body = client.get(f"/assessments/{beer_sector.pk}/").content.decode()
    library = body[body.index('id="library"'):body.rindex("</details>")]
    # by category in code order: good housekeeping (B1), then on-site recovery (S1)
    assert library.index("Giải pháp B1") < library.index("Giải pháp S1")
    assert "Bia công khai" in library
    assert "một cơ sở cùng ngành" in library          # S1's facility, not named
    assert "2,50" in library                           # B1: 100 ÷ 40
    for absent in ("Giải pháp F1", "Giải pháp B3", "Của chính đợt này"):
        assert absent not in library


@pytest.mark.usefixtures("in_vietnamese")
@pytest.mark.parametrize("user", ["tuvan", "canbo", "lanhdao"])
def test_no_unpublished_facility_is_named_on_the_page(beer_sector, users, client, user):
    client.force_login(users[user])
    body = client.get(f"/assessments/{beer_sector.pk}/").content.decode()
    assert "Giải pháp S1" in body                      # its option is suggested…
    assert "Hương Thủy" not in body                    # …without its facility's name
    assert "Thực phẩm kín" not in body


@pytest.mark.usefixtures("in_vietnamese")
def test_a_new_assessment_opens_on_the_suggestions_of_its_sector(beer_sector, users, client,
                                                                  centre):
    other = Assessment.objects.get(pk=beer_sector.pk).facility
    client.force_login(users["tuvan"])
    response = client.post("/assessments/new/", {
        "facility": other.pk, "kind": "quick", "reference": "ĐGN-2020-02",
        "started_on": "2020-02-03"}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/assessments/")
    # the earlier assessment's O1 of the same facility is now a suggestion, anonymised
    assert "Của chính đợt này" in body and "Giải pháp B1" in body
    assert "Đã mở đợt đánh giá." in body
