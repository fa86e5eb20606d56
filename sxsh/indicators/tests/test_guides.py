"""I7 technical guides published, on a hand-built library against the seed plan's guides
line (2.1: one handbook a year 2017–2020), worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from sxsh.core.models import VsicDivision
from sxsh.indicators.cards import build_cards
from sxsh.indicators.engine import board, build_scope
from sxsh.plans.tests.conftest import seed_plan
from sxsh.portal.models import Document, Status

__all__ = ["seed_plan"]

pytestmark = pytest.mark.django_db

HUE = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HUE)


@pytest.fixture
def library(seed_plan, settings, tmp_path):
    """The library (Huế time):

    ========  ========  =====================  ==========  ==================================
    guide     type      published              sectors     counted
    ========  ========  =====================  ==========  ==================================
    G0        guide     2015-11-02 09:00       –           never: before the plan (2016)
    G1        guide     2017-03-01 09:00       10          from 2017
    G2        guide     2018-06-30 09:00       –           from 2018, in every sector
    G3        guide     2018-12-31 23:30       10, 11      from 2018 (16:30 UTC)
    G4        guide     2019-01-01 00:30       13          from 2019 (still 2018 in UTC)
    H         handbook  2018-04-01 09:00       10          never: not a guide
    D         guide     draft, dated 2018      10          never: not published
    U         guide     unpublished (draft)    –           never
    ========  ========  =====================  ==========  ==================================
    """
    settings.MEDIA_ROOT = tmp_path
    rows = [
        ("G0", Document.Kind.GUIDE, Status.PUBLISHED, at(2015, 11, 2, 9), []),
        ("G1", Document.Kind.GUIDE, Status.PUBLISHED, at(2017, 3, 1, 9), ["10"]),
        ("G2", Document.Kind.GUIDE, Status.PUBLISHED, at(2018, 6, 30, 9), []),
        ("G3", Document.Kind.GUIDE, Status.PUBLISHED, at(2018, 12, 31, 23, 30), ["10", "11"]),
        ("G4", Document.Kind.GUIDE, Status.PUBLISHED, at(2019, 1, 1, 0, 30), ["13"]),
        ("H", Document.Kind.HANDBOOK, Status.PUBLISHED, at(2018, 4, 1, 9), ["10"]),
        ("D", Document.Kind.GUIDE, Status.DRAFT, at(2018, 5, 1, 9), ["10"]),
        ("U", Document.Kind.GUIDE, Status.DRAFT, None, []),
    ]
    for code, kind, status, published_at, sectors in rows:
        document = Document.objects.create(
            title=code, slug=code.lower(), summary=code, kind=kind, status=status,
            published_at=published_at, file="portal/documents/x.pdf")
        document.vsic_divisions.set(VsicDivision.objects.filter(code__in=sectors))


def i7(scope, year: int = 2020) -> dict[int, tuple]:
    series = board(scope, year).series
    return {y: (r["I7"].numerator, r["I7"].denominator, r["I7"].value)
            for y, r in series.items()}


def test_it_counts_the_guides_published_since_the_plans_first_year_against_the_plan(library):
    # planned (line 2.1): 2016 0, 2017 1, 2018 2, 2019 3, 2020 4.
    # published: 2016 none (G0 is of 2015); 2017 G1; 2018 + G2, G3; 2019 + G4.
    assert i7(build_scope()) == {
        2016: (0, Decimal(0), None), 2017: (1, Decimal(1), 1.0),
        2018: (3, Decimal(2), 1.5), 2019: (4, Decimal(3), 4 / 3), 2020: (4, Decimal(4), 1.0)}


def test_a_sector_counts_its_own_guides_and_those_for_every_sector(library):
    # Division 10: G1 (2017), G2 (every sector) and G3 (2018); not G4 (13).
    assert i7(build_scope(vsic="10"))[2019] == (3, Decimal(3), 1.0)
    # Division 13: G2 (2018), G4 (2019).
    assert {y: v[0] for y, v in i7(build_scope(vsic="13")).items()} == {
        2016: 0, 2017: 0, 2018: 1, 2019: 2, 2020: 2}


def test_the_unit_and_size_filters_do_not_apply_to_guides(library):
    assert i7(build_scope(admin_unit="a-luoi", size="large"))[2020] == (4, Decimal(4), 1.0)


def test_a_plan_without_a_guides_line_gives_no_figure(library, seed_plan):
    seed_plan.budget_lines.filter(code="2.1").update(support="")
    result = board(build_scope(), 2020).results["I7"]
    assert (result.numerator, result.denominator, result.value) == (None, Decimal(4), None)


def test_the_card_shows_i7_by_sector_and_leads_to_the_guides(library):
    card = next(c for c in build_cards(board(build_scope(), 2018)) if c.code == "I7")
    # Through 2018: G1 (10), G2 (no sector), G3 (10 and 11).
    assert card.sectors == [("", "", 1), ("10", "Sản xuất, chế biến thực phẩm", 2),
                            ("11", "Sản xuất đồ uống", 1)]
    assert card.guides_url == "/library/?kind=guide"
    sector = next(c for c in build_cards(board(build_scope(vsic="11"), 2018))
                  if c.code == "I7")
    assert sector.guides_url == "/library/?kind=guide&vsic=11"


def test_the_dashboard_links_each_sector_to_its_guides(library, users):
    client = Client()
    client.force_login(users["canbo"])
    page = client.get("/indicators/", {"year": 2018}).content.decode()
    i7 = page[page.index('id="I7"'):]
    assert '<a href="/library/?kind=guide&amp;vsic=10">2</a>' in i7
    assert "(3 / 2)" in i7
