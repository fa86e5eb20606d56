"""Invisible characters that change how a text reads — zero-width spaces and joiners,
direction overrides and isolates — are refused where text comes in, like control
characters: in forms, in addresses, in files and in the API's JSON (``core/text.py``)."""

from __future__ import annotations

import io

import pytest

from sxsh.core.text import has_control, printable
from sxsh.facilities.interchange.files import FileProblem, read_rows
from sxsh.facilities.models import Facility
from sxsh.facilities.tests.conftest import make_facility  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

#: A title that shows as "Bia Huế txt.exe" reversed: U+202E turns the rest right to left.
OVERRIDDEN = "Bia Huế \u202etxt.exe"


@pytest.mark.parametrize("character", ["\u200b", "\u200d", "\u200e", "\u202e", "\u2066",
                                       "\u2069", "\u2060", "\ufeff"])
def test_each_invisible_character_is_refused_and_left_out_when_written(character):
    text = f"sản{character}xuất"
    assert has_control(text)
    assert printable(text) == "sảnxuất"


def test_vietnamese_letters_tabs_and_line_breaks_are_ordinary_text():
    assert not has_control("Sản xuất sạch hơn\tỞ Huế\r\nđ Đ ư Ư ơ Ơ ̀ ́ ̉ ̃ ̣ – “ ” … ₫ ≥ ×")


def test_a_direction_override_in_a_form_is_refused_before_any_view(client, users,
                                                                   make_facility):  # noqa: F811
    facility = make_facility(tax_code="3300100001", name="Bia Huế")
    client.force_login(users["canbo"])
    response = client.post(f"/facilities/{facility.pk}/edit/",
                           {"name": OVERRIDDEN, "tax_code": "3300100001"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "U+202E" in page and "“name”" in page
    assert Facility.objects.get().name == "Bia Huế"


def test_a_zero_width_space_in_a_search_is_answered_with_the_message(client):
    response = client.get("/search/", {"q": "sản\u200bxuất"})
    assert response.status_code == 400
    assert "U+200B" in response.content.decode()


def test_a_file_cell_with_a_zero_width_space_names_its_row_and_column():
    data = "code,title\r\nA-1,ok\r\nA-2,sản\u200bxuất\r\n".encode()
    with pytest.raises(FileProblem) as exc:
        list(read_rows(io.BytesIO(data), "csv", ["code", "title"], []))
    assert "3" in str(exc.value) and "title" in str(exc.value)


def test_a_byte_order_mark_at_the_start_of_a_csv_file_is_still_read():
    data = "\ufeffcode,title\r\nA-1,Sản xuất\r\n".encode()
    assert list(read_rows(io.BytesIO(data), "csv", ["code", "title"], [])) != []

