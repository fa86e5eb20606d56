"""Property tests (Hypothesis) of how a file's bytes become rows and its cells values:
whatever the input, a value or a clear error (CellError, FileProblem), never another
exception; a value written the ways people and exports write it reads back the same."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from sxsh.core import formatting
from sxsh.core.exporting import csv_text
from sxsh.core.text import printable
from sxsh.facilities.interchange.columns import FACILITY_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.files import FileProblem, read_rows
from sxsh.facilities.interchange.parsing import (
    MAX_DECIMAL,
    CellError,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_year,
)
from sxsh.facilities.interchange.sources import plain_number
from sxsh.facilities.models import Facility

from .hostile_files import SHARED, SHEET, excel_workbook, with_part

#: Text that looks like numbers more often than arbitrary text does.
NUMBERISH = st.text(alphabet="0123456789.,-+eE \u00a0\u202f٣０", max_size=24)
ANY_TEXT = st.one_of(NUMBERISH, st.text(max_size=30))
#: How the refusal of 1,234 starts (in Vietnamese, as the tests run).
AMBIGUOUS = "Không rõ nghĩa"
#: Text Excel can write into a cell as it is (it escapes a carriage return as _x000D_).
CELL_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"),
                                  blacklist_characters="\ufffe\uffff"), max_size=20)
#: What a decimal column holds: thousandths, below 10**15.
AMOUNTS = st.decimals(min_value=0, max_value=MAX_DECIMAL - Decimal("0.001"), places=3,
                      allow_nan=False, allow_infinity=False)


def _value_or_cell_error(parse, text):
    try:
        return parse(text)
    except CellError as exc:
        assert str(exc)
        return exc


@given(ANY_TEXT, st.booleans())
@example("1e999999999999", False)
@example("0e9999", False)
def test_any_text_is_a_number_or_a_cell_error(text, signed):
    value = _value_or_cell_error(lambda t: parse_decimal(t, signed=signed), text)
    if isinstance(value, Decimal):
        assert value.as_tuple().exponent == -3
        assert abs(value) < MAX_DECIMAL
        assert signed or value >= 0


@given(ANY_TEXT)
def test_any_text_is_a_whole_number_a_year_a_date_or_a_yes_no_or_a_cell_error(text):
    for parse in (parse_int, parse_year, parse_date, parse_bool):
        value = _value_or_cell_error(parse, text)
        assert value is None or isinstance(value, (int, dt.date, bool, CellError))


@given(AMOUNTS)
def test_an_exported_amount_reads_back_the_same(amount):
    assert parse_decimal(csv_text(amount)) == amount


@given(AMOUNTS)
def test_an_amount_written_the_vietnamese_way_reads_back_the_same_from_a_semicolon_file(
        amount):
    with translation.override("vi"):
        typed = formatting.number(amount)          # 1.234,5
    assert parse_decimal(plain_number(typed)) == amount


@given(AMOUNTS)
@example(Decimal("1.234"))
@example(Decimal("1234"))
def test_an_amount_written_the_english_way_reads_back_the_same_or_is_called_ambiguous(
        amount):
    typed = f"{amount.normalize():,f}"             # 1,234.5
    value = _value_or_cell_error(parse_decimal, typed)
    if isinstance(value, CellError):
        assert str(value).startswith(AMBIGUOUS)
        assert "." not in typed and typed.count(",") == 1
    else:
        assert value == amount


@given(AMOUNTS)
def test_a_decimal_comma_without_grouping_reads_back_the_same_unless_ambiguous(amount):
    typed = f"{amount.normalize():f}".replace(".", ",")
    value = _value_or_cell_error(parse_decimal, typed)
    assert value == amount or str(value).startswith(AMBIGUOUS)


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_a_whole_number_reads_back_the_same_plain_or_grouped_by_points(number):
    assert parse_int(str(number), signed=True) == number
    with translation.override("vi"):
        grouped = formatting.number(number)        # 1.234.567
    assert parse_int(plain_number(grouped), signed=True) == number


@given(st.dates())
def test_a_date_reads_back_as_typed_and_as_a_spreadsheet_cell_reads(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(dt.datetime.combine(day, dt.time()).isoformat()) == day


# --- the file readers --------------------------------------------------------------------

COLUMNS = ["tax_code", "name", "production"]


def _read(data: bytes, fmt: str):
    try:
        return list(read_rows(io.BytesIO(data), fmt, COLUMNS, []))
    except FileProblem as exc:
        assert str(exc)
        return exc


@given(st.binary(max_size=300))
@example(b"tax_code,name,production\r\n\"open")
@example(b"\xef\xbb\xbftax_code;name;production\r\n1;\x00;2")
def test_any_bytes_as_a_csv_file_are_rows_or_a_file_problem(data):
    _read(data, "csv")


@given(st.binary(max_size=300))
def test_any_bytes_as_an_xlsx_file_are_a_file_problem(data):
    assume(not data.startswith(b"PK"))
    assert isinstance(_read(data, "xlsx"), FileProblem)


@given(st.sampled_from([SHEET, SHARED]), st.binary(max_size=200))
def test_a_workbook_with_any_bytes_for_a_part_is_rows_or_a_file_problem(part, data):
    _read(with_part(part, [data]), "xlsx")


@given(st.lists(st.text(max_size=20), min_size=3, max_size=3))
def test_any_text_cells_of_an_export_read_back_as_they_were_written(cells):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([csv_text(c) for c in cells])
    # the exporter leaves no control character behind; the reader strips each cell
    wanted = [printable(c).strip() for c in cells]
    read = _read(out.getvalue().encode("utf-8-sig"), "csv")
    assert read == ([(2, dict(zip(COLUMNS, wanted, strict=True)))] if any(wanted) else [])


def test_an_exported_cell_of_blanks_after_a_tab_reads_back_empty_not_as_a_quote():
    # found by the property above: the exporter quotes "\t" ("'\t") as formula-like, and
    # the reader stripped the tab before taking the quote off, reading "'"
    cells = ["\t", "\tCông ty", "=1+1"]
    data = ("tax_code,name,production\r\n" + ",".join(csv_text(c) for c in cells)
            + "\r\n").encode()
    assert _read(data, "csv") == [(2, {"tax_code": "", "name": "Công ty",
                                       "production": "=1+1"})]


@given(st.lists(CELL_TEXT, min_size=3, max_size=3))
def test_any_text_cells_of_a_workbook_read_back_as_they_were_typed(cells):
    data = excel_workbook([COLUMNS, cells])
    wanted = [c.strip() for c in cells]
    read = _read(data, "xlsx")
    assert read == ([(2, dict(zip(COLUMNS, wanted, strict=True)))] if any(wanted) else [])


@pytest.mark.parametrize("typed", ["75,5", "1.234,5", "1234.5"])
def test_a_number_typed_as_text_reads_the_same_from_a_workbook_and_a_csv_file(typed):
    from_xlsx = _read(excel_workbook([COLUMNS, ["1", "a", typed]]), "xlsx")
    from_csv = _read(f"tax_code,name,production\r\n1,a,\"{typed}\"\r\n".encode(), "csv")
    assert parse_decimal(from_xlsx[0][1]["production"]) == parse_decimal(
        from_csv[0][1]["production"])


def test_the_hostile_part_builder_really_swaps_the_part():
    data = with_part(SHEET, [b"<broken"])
    assert zipfile.ZipFile(io.BytesIO(data)).read(SHEET) == b"<broken"


@pytest.mark.django_db
@settings(max_examples=min(50, settings().max_examples))   # each one imports a file
@given(name=st.text(min_size=1, max_size=40), employees=ANY_TEXT, revenue=ANY_TEXT,
       opened=ANY_TEXT)
@example(name="Công ty\x00", employees="1", revenue="1", opened="2010")
@example(name="Công ty A", employees="3000000000", revenue="99999999999999", opened="2e3")
def test_any_facility_row_is_imported_or_refused_with_reasons(name, employees, revenue,
                                                               opened):
    # written to the database when valid: PostgreSQL refuses a NUL that SQLite stores
    row = ["3300100001", name, "", "phu-vang", "13", employees, revenue, "", opened, "", ""]
    out = io.StringIO()
    csv.writer(out).writerows([list(FACILITY_COLUMNS), row])
    data = out.getvalue().encode()
    result = import_facilities(lambda: io.BytesIO(data), file_name="cs.csv", user=None,
                               as_upload=False)
    assert result.ok or result.problem or all(str(e) for e in result.errors)
    if result.ok:
        facility = Facility.objects.get(tax_code="3300100001")
        assert facility.name == name.strip()
