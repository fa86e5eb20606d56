"""Search ignores diacritics and capitals, and gives the same rows on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.db.models import Value

from sxsh.core.search import FROM, TO, Fold, fold
from sxsh.facilities.models import Facility
from sxsh.facilities.selectors import facility_list
from sxsh.facilities.tests.factories import FacilityFactory


def test_it_folds_vietnamese_letters_to_bare_small_letters():
    assert fold("PHÚ ĐA") == "phu da"
    assert fold("Phú Bài, Hương Thủy") == "phu bai, huong thuy"
    assert fold("Ứng Hòa ỹ Ỵ ơ Ơ ư Ư ă Ặ â Ẩ ê Ệ ô Ộ") == "ung hoa y y o o u u a a a a e e o o"


def test_it_folds_text_typed_with_combining_marks_as_the_precomposed_text():
    decomposed = unicodedata.normalize("NFD", "Phú Đa sản xuất sạch hơn")
    assert decomposed != "Phú Đa sản xuất sạch hơn"
    assert fold(decomposed) == "phu da san xuat sach hon"


def test_it_keeps_characters_outside_the_table():
    assert fold("ß Ω 3,5% _x_ 中") == "ß Ω 3,5% _x_ 中"
    assert fold(None) is None


def test_its_table_covers_every_precomposed_vietnamese_letter():
    letters = "aăâeêioôơuưy"
    tones = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    for base in letters:
        for tone in ["", *tones]:
            small = unicodedata.normalize("NFC", base + tone)
            for char in (small, small.upper()):
                bare = unicodedata.normalize("NFD", char)[0].lower()
                assert fold(char) == bare, char
                assert char == bare or char in FROM


def test_the_database_folds_every_character_of_the_table_as_python_does(reference):
    sample = FROM + "đĐ ß Ω 中 ABC xyz 0-9"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sxsh_fold(%s)", [sample])
        (in_database,) = cursor.fetchone()
    assert in_database == fold(sample)
    assert len(in_database) == len(sample) - (len(FROM) - len(TO))
    annotated = Facility.objects.annotate(f=Fold(Value("Đà"))).values_list("f", flat=True)
    FacilityFactory(name="x", tax_code="3300000100")
    assert list(annotated) == ["da"]


@pytest.mark.django_db
def test_the_database_keeps_null_as_null():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sxsh_fold(NULL)")
        assert cursor.fetchone() == (None,)


@pytest.fixture
def register(reference):
    FacilityFactory(name="Công ty TNHH Phú Đa", tax_code="3300000101")
    FacilityFactory(name="Hợp tác xã PHÚ ĐA", tax_code="3300000102")
    FacilityFactory(name="Cơ sở Phù Đà 100% gạo_sạch", tax_code="3300000103")
    FacilityFactory(name="Nhà máy Hương Thủy", tax_code="3300000104")


@pytest.mark.parametrize("query", ["phú Đa", "phú đa", "PHÚ ĐA", "phu da", "Phu  Da", " phú đa "])
def test_the_register_finds_a_name_however_the_query_is_typed(register, users, query):
    names = sorted(f.name for f in facility_list(user=users["canbo"], q=query))
    assert names == ["Công ty TNHH Phú Đa", "Cơ sở Phù Đà 100% gạo_sạch", "Hợp tác xã PHÚ ĐA"]


def test_the_register_reads_percent_and_underscore_as_themselves(register, users):
    assert [f.tax_code for f in facility_list(user=users["canbo"], q="100%")] == ["3300000103"]
    assert [f.tax_code for f in facility_list(user=users["canbo"], q="o_s")] == ["3300000103"]
    assert list(facility_list(user=users["canbo"], q="%%")) == []


def test_the_register_still_finds_by_tax_code(register, users):
    assert [f.name for f in facility_list(user=users["canbo"], q="0104")] == ["Nhà máy Hương Thủy"]


def test_the_register_page_finds_without_diacritics(register, users, client):
    client.force_login(users["canbo"])
    body = client.get("/facilities/", {"q": "huong thuy"}).content.decode()
    assert "Nhà máy Hương Thủy" in body
    assert "Phú Đa" not in body

