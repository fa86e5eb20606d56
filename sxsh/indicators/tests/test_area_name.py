"""Finding 4 of issue 12: a local focal point's dashboard and home page name its district,
not the whole province; the public page stays province-wide for everyone."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def page(user, url: str) -> str:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c.get(url).content.decode()


def everywhere_option(body: str) -> str:
    """The text of the unit filter's option that keeps every unit of the user's area."""
    select = re.search(r'<select name="admin_unit"[^>]*>(.*?)</select>', body, re.S).group(1)
    return re.search(r'<option value=""[^>]*>([^<]*)</option>', select).group(1)


def test_the_local_focal_points_dashboard_names_its_district(users):
    assert everywhere_option(page(users["diaphuong"], "/indicators/")) == "Huyện Phú Vang"
    assert everywhere_option(page(users["canbo"], "/indicators/")) == "Toàn tỉnh"
    assert everywhere_option(page(users["lanhdao"], "/indicators/")) == "Toàn tỉnh"


def test_the_public_page_stays_province_wide_for_a_local_focal_point(users):
    c = Client()
    c.force_login(users["diaphuong"])
    form = c.get("/indicators/public/").context["form"]
    assert form.fields["admin_unit"].choices[0] == ("", "Toàn tỉnh")


def test_the_home_block_of_the_register_names_the_district(users):
    assert "cơ sở trong danh sách · Huyện Phú Vang" in page(users["diaphuong"], "/")
    assert "cơ sở trong danh sách ·" not in page(users["canbo"], "/")
