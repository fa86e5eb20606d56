"""One pagination bar for every list: it keeps the filters and drops the export format."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import translation

from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.facilities.models import Facility


def bar(path: str, rows: int, per_page: int, number: int, counted: str = "") -> str:
    page = Paginator(range(rows), per_page).get_page(number)
    template = Template('{% load sxsh %}{% pagination page counted %}')
    with translation.override("vi"):
        return template.render(Context({"request": RequestFactory().get(path), "page": page,
                                        "counted": counted})).strip()


def test_it_keeps_the_filters_and_drops_the_page_and_the_format():
    html = bar("/facilities/?q=g%E1%BA%A1ch&page=2&format=csv&size_class=small", 60, 25, 2,
               "rows")
    assert '<a href="?q=g%E1%BA%A1ch&amp;size_class=small&amp;page=1">« Trước</a>' in html
    assert '<a href="?q=g%E1%BA%A1ch&amp;size_class=small&amp;page=3">Sau »</a>' in html
    assert "<span>Trang 2/3 (60 dòng)</span>" in html


def test_without_filters_the_links_carry_the_page_alone():
    html = bar("/plans/", 45, 20, 1)
    assert '<a href="?page=2">Sau »</a>' in html and "Trước" not in html
    assert "<span>Trang 1/3</span>" in html


@pytest.mark.parametrize(("counted", "count_text"), [
    ("facilities", "Trang 1/1 (3 cơ sở)"), ("entries", "Trang 1/1 (3 bản ghi)"),
    ("rows", "Trang 1/1 (3 dòng)")])
def test_a_counted_list_shows_its_count_even_on_a_single_page(counted, count_text):
    html = bar("/", 3, 25, 1, counted)
    assert f"<span>{count_text}</span>" in html
    assert "<a " not in html


def test_an_uncounted_list_of_one_page_shows_no_bar():
    assert bar("/plans/", 3, 20, 1) == ""


@pytest.mark.django_db
def test_the_facility_register_pages_through_a_filtered_list(users):
    unit = AdminUnit.objects.get(code="a-luoi")
    Facility.objects.bulk_create([
        Facility(tax_code=f"35000{i:05d}", name=f"Xưởng {i:03d}", admin_unit=unit,
                 vsic=VsicDivision.objects.get(code="10")) for i in range(30)])
    client = Client()
    client.force_login(users["canbo"])
    body = client.get("/facilities/", {"admin_unit": unit.pk, "page": 2}).content.decode()
    # 30 facilities in A Lưới, 25 a page: the second page has 5 and links back to the first.
    assert body.count("Xưởng ") == 5
    assert f'<a href="?admin_unit={unit.pk}&amp;page=1">« Trước</a>' in body
    assert "Trang 2/2 (30 dòng)" in body
