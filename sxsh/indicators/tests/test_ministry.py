"""The ministry (Bộ Công Thương): every province side by side, and one province's figures."""

import pytest
from django.test import Client

from sxsh.core.models import AdminUnit, Agency, User
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility
from sxsh.facilities.tests.factories import FacilityFactory

from .test_province_plans import lam_dong_plan  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
PAGE = "/indicators/provinces/"


@pytest.fixture
def ministry(reference) -> User:
    return User.objects.create(username="bct", role=Role.MINISTRY,
                               agency=Agency.objects.get(code="bo-cong-thuong"))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_ministry_reads_every_facility(ministry, facilities):
    assert Facility.objects.for_user(ministry).count() == Facility.objects.count() > 0


@pytest.mark.parametrize("username", ["canbo", "lanhdao", "diaphuong", "doanhnghiep"])
def test_the_provinces_pages_refuse_the_provinces_own_roles(users, username):
    assert _client(users[username]).get(PAGE, {"year": 2018}).status_code == 403
    assert _client(users[username]).get(PAGE + "vn-68/").status_code == 403


def test_the_table_holds_the_63_provinces_of_2018_and_the_34_of_2025(ministry, facilities,
                                                                     plan):
    body = _client(ministry).get(PAGE, {"year": 2018}).content.decode()
    assert body.count('href="/indicators/provinces/vn-') + body.count(
        'href="/indicators/provinces/tth/') == 63
    assert "Thừa Thiên Huế" in body and "157/KH-UBND (2016–2020)" in body
    body = _client(ministry).get(PAGE, {"year": 2025}).content.decode()
    assert body.count('href="/indicators/provinces/vn-') + body.count(
        'href="/indicators/provinces/hue/') == 34
    assert "Đắk Nông" not in body


def test_the_table_is_exported_with_each_provinces_figures(ministry, facilities, plan,
                                                           lam_dong_plan):  # noqa: F811
    response = _client(ministry).get(PAGE, {"year": 2018, "format": "csv"})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len([r for r in rows if r[:3].rstrip(",").isdigit()]) == 63
    [hue] = [r for r in rows if r.startswith("46,")]
    assert hue.startswith("46,Thừa Thiên Huế,157/KH-UBND (2016–2020),")
    [lam_dong] = [r for r in rows if r.startswith("68,")]
    assert lam_dong.startswith("68,Lâm Đồng,2645/QĐ-UBND (2016–2020),")


def test_the_drill_down_shows_a_provinces_own_targets(ministry, facilities, plan,
                                                     lam_dong_plan):  # noqa: F811
    body = _client(ministry).get(PAGE + "vn-68/", {"year": 2018}).content.decode()
    assert "2645/QĐ-UBND" in body and "30,0 %" in body
    body = _client(ministry).get(PAGE + "tth/", {"year": 2018}).content.decode()
    assert "157/KH-UBND" in body and "50,0 %" in body
    assert _client(ministry).get(PAGE + "phu-vang/").status_code == 404


def test_the_pages_query_counts_are_pinned(ministry, facilities, plan, lam_dong_plan,  # noqa: F811
                                           django_assert_num_queries):
    client = _client(ministry)
    # once first: what a process reads once (and keeps) is not the page's
    client.get(PAGE + "tth/", {"year": 2018})
    # session, user, the provinces of 2018, their areas (2), the units with facilities,
    # the provinces with a plan, then 10 for each province with data (Thừa Thiên Huế,
    # Lâm Đồng) whatever the number of facilities
    with django_assert_num_queries(23):
        client.get(PAGE, {"year": 2018})
    FacilityFactory.create_batch(30, admin_unit_code="a-luoi", opened_year=2000)
    with django_assert_num_queries(23):
        client.get(PAGE, {"year": 2018})
    # session, user, the province, its area (2), the plan's provinces (2), plan, targets,
    # I6's planned support, then the figures of 2016 and 2018
    with django_assert_num_queries(13):
        client.get(PAGE + "tth/", {"year": 2018})


def test_a_merged_provinces_page_reads_its_predecessors_area(ministry, facilities, plan):
    # Huế (a city since 1/1/2025) holds Thừa Thiên Huế's districts and their facilities.
    hue = AdminUnit.objects.get(code="hue")
    assert AdminUnit.objects.get(code="phu-vang").pk in hue.area_ids()
    body = _client(ministry).get(PAGE + "hue/", {"year": 2018}).content.decode()
    assert "157/KH-UBND" in body


def test_the_menu_offers_the_provinces_page_to_the_ministry_only(ministry, users):
    assert 'href="/indicators/provinces/"' in _client(ministry).get("/work/").content.decode()
    assert 'href="/indicators/provinces/"' not in (
        _client(users["canbo"]).get("/work/").content.decode())
