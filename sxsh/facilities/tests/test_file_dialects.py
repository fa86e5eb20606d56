"""Files as Excel on a Vietnamese Windows saves them (issue 12, finding 5): ``;`` between
cells, decimal commas, UTF-8 with a byte-order mark ("CSV UTF-8") or Windows-1258 (plain
"CSV", tone marks as combining characters), CRLF line ends; a number typed as text in a
workbook is read as the same text in a CSV file."""

import csv
import io
import unicodedata
from decimal import Decimal

import pytest

from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .hostile_files import excel_workbook
from .test_import_export import FACILITY_ROWS, _report_row, opener

pytestmark = pytest.mark.django_db

#: The tone marks that Windows-1258 writes as characters of their own after the letter.
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` as a Vietnamese Windows encodes it: a letter that code page 1258 lacks is
    written as its letter without the tone, then the tone mark (ấ → â + ´)."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


def excel_csv(path, rows, *, encoding="utf-8-sig", sep=";"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    path.write_bytes(windows_1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def _reports(path):
    return import_reports(opener(path), file_name=path.name, user=None, as_upload=False)


def test_it_imports_a_csv_utf8_file_of_a_vietnamese_excel(tmp_path, make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    row = _report_row(production="1.234,5", electricity_kwh="1000000", water_m3="75,5",
                      coal_t="0,125", coal_grade="coal_1")
    path = excel_csv(tmp_path / "bc.csv", [list(REPORT_COLUMNS), row])
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    result = _reports(path)
    assert result.ok, [str(e) for e in result.errors] or result.problem
    report = Report.objects.get()
    assert (report.production, report.electricity_kwh, report.water_m3, report.coal_t) == (
        Decimal("1234.5"), Decimal("1000000"), Decimal("75.5"), Decimal("0.125"))


def test_it_imports_a_plain_csv_of_a_vietnamese_windows_in_code_page_1258(tmp_path, users):
    row = [*FACILITY_ROWS[1]]
    row[7] = "2,5"   # capital_bn_vnd with a decimal comma
    path = excel_csv(tmp_path / "cs.csv", [list(FACILITY_COLUMNS), row], encoding="cp1258")
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"X\xfd\xf5\xd2" in data   # "Xưở": ư, ơ, then the hook above on its own
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert result.ok, [str(e) for e in result.errors] or result.problem
    facility = Facility.objects.get()
    # composed again: the same text as typed in the form, and the unit found by its name
    assert (facility.name, facility.admin_unit.code, facility.capital_bn_vnd) == (
        "Xưởng gỗ B", "a-luoi", Decimal("2.5"))


@pytest.mark.parametrize("sep", ["\t", ","])
def test_it_finds_a_tab_or_a_comma_between_cells_from_the_header(tmp_path, make_facility, sep):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = excel_csv(tmp_path / "bc.csv", [list(REPORT_COLUMNS), _report_row(
        production="1234.5")], encoding="utf-8", sep=sep)
    assert _reports(path).ok
    assert Report.objects.get().production == Decimal("1234.5")


@pytest.mark.parametrize(("sep", "typed", "read"), [
    (";", "1.234", Decimal("1234")),      # as the web form reads it: dots group thousands
    (";", "1,234", Decimal("1.234")),     # and the comma marks the decimals
    (",", "1.234", Decimal("1.234")),     # as every export writes it: a decimal point
    (",", "1,234.5", Decimal("1234.5")),
])
def test_a_number_is_read_by_the_rule_of_its_file(tmp_path, make_facility, sep, typed, read):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = excel_csv(tmp_path / "bc.csv", [list(REPORT_COLUMNS), _report_row(
        production=typed)], sep=sep)
    assert _reports(path).ok
    assert Report.objects.get().production == read


def test_it_refuses_a_comma_before_three_digits_in_a_comma_separated_file(tmp_path,
                                                                           make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = excel_csv(tmp_path / "bc.csv", [list(REPORT_COLUMNS), _report_row(
        production="1,234")], sep=",")
    result = _reports(path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "production", "1,234")]
    assert result.errors[0].reason == (
        "Không rõ nghĩa: dấu phẩy trước ba chữ số có thể là dấu phân cách hàng nghìn hoặc "
        "dấu thập phân. Hãy viết 1234 nếu là số nguyên, hoặc 1.234 với dấu chấm thập phân.")
    assert not Report.objects.exists()


def test_a_number_typed_as_text_in_a_workbook_reads_as_in_a_csv_file(tmp_path,
                                                                       make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    header = list(REPORT_COLUMNS)
    row: list = _report_row()
    row[header.index("production")] = "75,5"        # a text cell
    row[header.index("water_m3")] = 75.5            # a number cell
    row[header.index("electricity_kwh")] = "1.234,5"
    path = tmp_path / "bc.xlsx"
    path.write_bytes(excel_workbook([header, row]))
    assert _reports(path).ok
    report = Report.objects.get()
    assert (report.production, report.water_m3, report.electricity_kwh) == (
        Decimal("75.5"), Decimal("75.5"), Decimal("1234.5"))


def test_it_says_which_encodings_it_reads_when_a_file_is_in_neither(tmp_path):
    path = tmp_path / "bc.csv"
    # 0x81 and 0x8D are no character of Windows-1258, and no UTF-8 either
    path.write_bytes(";".join(REPORT_COLUMNS).encode() + b"\r\n\x81\x8d;2016\r\n")
    assert _reports(path).problem == (
        "Tệp CSV không ở bảng mã UTF-8 cũng không ở Windows-1258: hãy lưu lại từ Excel dưới "
        "dạng “CSV UTF-8”.")


def test_a_byte_order_mark_at_the_start_of_a_cell_is_read_past_not_refused(tmp_path,
                                                                           make_facility):
    """A text pasted from a file that began with a byte-order mark (U+FEFF) carries it at
    the start of its cell; it is no character of the text, unlike one inside a word."""
    make_facility(tax_code="3300100001", opened_year=2010)
    header = list(REPORT_COLUMNS)
    row: list = _report_row(product_unit="\ufefftấn")
    path = tmp_path / "bc.xlsx"
    path.write_bytes(excel_workbook([["\ufeff" + header[0], *header[1:]], row]))
    result = _reports(path)
    assert result.ok, [str(e) for e in result.errors] or result.problem
    assert Report.objects.get().product_unit == "tấn"
    # A CSV file saved with a second mark after the first (UTF-8 "with BOM" twice).
    Report.objects.all().delete()
    doubled = excel_csv(tmp_path / "bc.csv", [["\ufeff" + header[0], *header[1:]],
                                              _report_row()])
    assert doubled.read_bytes()[:6] == b"\xef\xbb\xbf\xef\xbb\xbf"
    assert _reports(doubled).ok
    assert Report.objects.get().year == 2016


def test_a_zero_width_space_inside_a_cell_is_still_refused(tmp_path, make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = tmp_path / "bc.xlsx"
    path.write_bytes(excel_workbook([list(REPORT_COLUMNS),
                                     _report_row(product_unit="t\ufeff\u1ea5n")]))
    result = _reports(path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "product_unit")]
    assert not Report.objects.exists()
