"""Search across the public content: diacritics and capitals ignored, the same on SQLite
and PostgreSQL (the suite runs on both), title hits ranked first."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client

from sxsh.portal import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(make_article, make_document, make_case_study, make_facility):
    make_article("Tin khác", "tin-khac", body="Bài nói về sản xuất sạch hơn ở Huế.")
    make_document("Sổ tay sản xuất sạch hơn ngành dệt", "so-tay-det",
                  kind="handbook")
    make_case_study("Nhà máy bia Phú Bài", "bia-phu-bai", make_facility(published=True),
                    summary="Áp dụng Sản xuất Sạch hơn, tiết kiệm 12 % điện.")
    make_article("Giá điện năm 2024", "gia-dien", body="Không liên quan.")


def titles(query: str) -> list[str]:
    return [hit.title for hit in selectors.search(None, query)]


# Title hits first (the handbook), then the newest; the fixtures share one publication
# time, so the text hits keep the order of the kinds (articles, documents, case studies).
EXPECTED = ["Sổ tay sản xuất sạch hơn ngành dệt", "Tin khác", "Nhà máy bia Phú Bài"]


@pytest.mark.parametrize("query", ["sản xuất sạch hơn", "san xuat sach hon",
                                   "SẢN XUẤT SẠCH HƠN", "  San  Xuat sạch HON "])
def test_it_finds_the_same_pieces_with_or_without_diacritics(content, query):
    assert titles(query) == EXPECTED


def test_the_search_page_lists_the_hits_with_their_kind(content):
    page = Client().get("/search/", {"q": "san xuat sach hon"}).content.decode()
    assert page.index("Sổ tay sản xuất sạch hơn ngành dệt") < page.index("Tin khác")
    assert "Nhà máy bia Phú Bài" in page and "Giá điện năm 2024" not in page


def test_an_empty_query_finds_nothing(content):
    assert titles("   ") == []


def test_percent_and_underscore_are_literal(content):
    assert titles("12 %") == ["Nhà máy bia Phú Bài"]
    assert titles("%") == ["Nhà máy bia Phú Bài"]
    assert titles("_") == []


def test_a_query_over_the_length_limit_is_answered_with_the_message(content):
    with warnings.catch_warnings():
        # the page is kept under a key any cache takes (memcached refuses over 250 bytes)
        warnings.simplefilter("error", CacheKeyWarning)
        body = Client().get("/search/", {"q": "sản xuất " * 30}).content.decode()
    # Django's own message (the spaces at the ends are stripped first: 269 characters)
    assert "Giá trị này chỉ có tối đa 200 kí tự (hiện có 269)" in body
    assert 'role="alert"' in body
