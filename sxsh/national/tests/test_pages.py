"""The ministry's pages: the packages by province and year, and a package's tables."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from sxsh.facilities.models import Facility, Report
from sxsh.national.models import Package
from sxsh.national.package import checksum, package_build
from sxsh.national.services import package_import

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def another(package: dict, *, code: str, name: str, year: int) -> str:
    """The same figures as another province's or year's package (a new checksum)."""
    copy = {**package, "province": {"code": code, "name": name}, "year": year}
    copy["checksum"] = checksum(copy)
    return json.dumps(copy)


@pytest.fixture
def imported(facilities, plan) -> dict:
    """Thừa Thiên Huế 2018 (the hand-built data set), then its facilities wiped; and the
    same figures under Lâm Đồng 2017 and 2018 (the ministry compares provinces)."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC), tick=False):
        package = package_build(year=2018)
    Report.objects.all().delete()
    Facility.objects.all().delete()
    package_import(text=json.dumps(package))
    for year in (2017, 2018):
        package_import(text=another(package, code="lam-dong", name="Lâm Đồng", year=year))
    return {p.province_code + str(p.year): p for p in Package.objects.all()}


def test_the_list_shows_the_packages_by_province_then_latest_year(imported, users):
    body = client_for(users["canbo"]).get("/national/").content.decode()
    positions = [body.index(f'/national/{imported[k].pk}/">{y}<')
                 for k, y in [("lam-dong2018", 2018), ("lam-dong2017", 2017), ("tth2018", 2018)]]
    assert positions == sorted(positions)
    assert body.count("Lâm Đồng") == 1  # named once for its two years
    assert "20260301080000" in body


def test_a_package_page_shows_each_breakdown_with_its_numerator_and_denominator(
        imported, users):
    package = imported["tth2018"]
    body = client_for(users["canbo"]).get(f"/national/{package.pk}/").content.decode()
    assert "Thừa Thiên Huế · 2018" in body
    assert "42,9 %<br><span class=\"muted\">3 / 7</span>" in body      # I1 3/7
    assert "Huyện Phú Vang" in body
    assert "50,0 %<br><span class=\"muted\">1 / 2</span>" in body      # Phú Vang's I4
    assert "Kế hoạch 157/KH-UBND (2016–2020)." in body
    assert "8,0 % – 13,0 %" in body                                    # I4's band
    history = body[body.index('id="history"'):]
    assert "Đã nhập gói dữ liệu quốc gia" in history
    assert "20260301080000" in history


@pytest.mark.parametrize("name", ["lanhdao", "diaphuong", "doanhnghiep", "taichinh",
                                  "doitac", "tuvan"])
def test_roles_without_national_read_are_refused(imported, users, name):
    c = client_for(users[name])
    assert c.get("/national/").status_code == 403
    assert c.get(f"/national/{imported['tth2018'].pk}/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in_and_an_unknown_package_is_not_found(
        imported, users):
    assert Client().get("/national/").status_code == 302
    assert client_for(users["admin"]).get("/national/999999/").status_code == 404


def test_the_pages_take_a_fixed_number_of_queries_whatever_the_packages(
        imported, users, django_assert_num_queries):
    c = client_for(users["canbo"])
    # session, user, packages (without their content)
    with django_assert_num_queries(3):
        assert c.get("/national/").status_code == 200
    package = imported["tth2018"]
    for year in range(2010, 2016):
        package_import(text=another(package.content, code="hue", name="Huế", year=year))
    with django_assert_num_queries(3):
        assert c.get("/national/").status_code == 200
    # session, user, the package with its content, its history (content type cached)
    with django_assert_num_queries(4):
        assert c.get(f"/national/{package.pk}/").status_code == 200


def test_the_year_page_sets_the_provinces_side_by_side(imported, users,
                                                       django_assert_num_queries):
    c = client_for(users["canbo"])
    # session, user, the year's packages with their content
    with django_assert_num_queries(3):
        body = c.get("/national/year/2018/").content.decode()
    assert body.index("Lâm Đồng") < body.index("Thừa Thiên Huế")
    assert body.count("42,9 %<br><span class=\"muted\">3 / 7</span>") == 2  # I1 of each
    assert "Lâm Đồng" not in c.get("/national/year/2016/").content.decode()
    assert client_for(users["lanhdao"]).get("/national/year/2018/").status_code == 403


@pytest.mark.parametrize("year", [0, 1899, 2101, 99999])
def test_the_year_page_of_a_number_that_is_no_year_is_not_found(users, year):
    assert client_for(users["canbo"]).get(f"/national/year/{year}/").status_code == 404


def test_the_year_page_of_a_year_without_packages_is_an_empty_page(users):
    assert client_for(users["canbo"]).get("/national/year/2100/").status_code == 200
