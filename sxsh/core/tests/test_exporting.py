"""The one exporter: CSV with a BOM, XLSX, one formula policy, one download response."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.core.management.base import OutputWrapper
from openpyxl import Workbook, load_workbook

from sxsh.core import exporting
from sxsh.core.exporting import Column, csv_text, csv_unquote

BOM = b"\xef\xbb\xbf"


def _csv(columns, rows, **kw) -> bytes:
    return b"".join(exporting.csv_chunks(columns, rows, **kw))


def _sheet(columns, rows):
    out = io.BytesIO()
    exporting.write_xlsx(out, columns, rows, title="t")
    return load_workbook(io.BytesIO(out.getvalue())).active


@pytest.mark.parametrize(("value", "cell"), [
    (None, ""),
    (True, "1"),
    (False, "0"),
    (Decimal("1000.000"), "1000"),
    (Decimal("12.50"), "12.5"),
    (Decimal("0.001"), "0.001"),
    (Decimal("-2.5"), "-2.5"),  # a negative number is a number, not a formula
    (-3, "-3"),
    (0.1, "0.1"),
    (2016, "2016"),
    ("Công ty Dệt A", "Công ty Dệt A"),
    ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
    ("+1+1", "'+1+1"),
    ("-1", "'-1"),  # text that reads as a number is still text: quoted
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("'=x", "''=x"),  # a quote typed in front is kept: the import takes one off
    ("it's", "it's"),
    ("a=b", "a=b"),
])
def test_it_writes_each_kind_of_value_as_a_csv_cell(value, cell):
    assert csv_text(value) == cell


@pytest.mark.parametrize("text", [
    '=HYPERLINK("x")', "+1", "-", "@", "\t", "\r", "'", "''", "'=x", "''=x", "'plain",
    "plain", "", "a'=b", "'a",
])
def test_it_takes_off_exactly_the_quote_it_put_on(text):
    assert csv_unquote(csv_text(text)) == text


def test_it_leaves_a_quote_that_it_did_not_put_on():
    assert csv_unquote("'plain") == "'plain"
    assert csv_unquote("'=x") == "=x"


def test_it_writes_csv_with_a_bom_a_header_and_crlf_lines():
    data = _csv(["code", Column("amount", "0.0%")],
                [["=1+1", Decimal("-1.50")], ["Nhà máy", None]])
    assert data == BOM + (
        "code,amount\r\n'=1+1,-1.5\r\nNhà máy,\r\n".encode())


def test_it_keeps_a_bare_line_feed_where_asked():
    assert _csv(["a"], [[1]], line_end="\n") == BOM + b"a\n1\n"


def test_it_streams_csv_rows_in_chunks_without_reading_ahead():
    read = []

    def rows():
        for n in range(1, 1201):
            read.append(n)
            yield [n]

    chunks = exporting.csv_chunks(["n"], rows())
    first = next(chunks)
    # 500 rows a chunk: the first chunk is sent when 500 rows are read, not 1 200.
    assert len(read) == 500
    assert first.startswith(BOM + b"n\r\n1\r\n") and first.endswith(b"\r\n500\r\n")
    rest = b"".join(chunks)
    assert rest.startswith(b"501\r\n") and rest.endswith(b"1200\r\n")
    assert len(read) == 1200


def test_it_writes_text_as_string_cells_and_figures_as_numbers_in_xlsx():
    sheet = _sheet(
        ["name", "n", Column("share", "0.0%")],
        [['=HYPERLINK("x")', Decimal("-2"), 0.25],
         ["@SUM(1)", Decimal("12.5"), None],
         ["\tTab", True, Decimal("0.1")]])
    assert [c.value for c in sheet[1]] == ["name", "n", "share"]
    name, n, share = sheet[2]
    assert (name.data_type, name.value) == ("s", '=HYPERLINK("x")')
    assert (n.data_type, n.value) == ("n", -2)
    assert (share.value, share.number_format) == (0.25, "0.0%")
    assert (sheet["A3"].data_type, sheet["A3"].value) == ("s", "@SUM(1)")
    assert sheet["B3"].value == 12.5 and sheet["C3"].value is None
    assert (sheet["A4"].value, sheet["B4"].value, sheet["C4"].value) == ("\tTab", 1, 0.1)


def test_put_keeps_text_out_of_formulas_in_an_ordinary_workbook():
    book = Workbook()
    sheet = book.active
    exporting.put(sheet["A1"], "=1+1")
    exporting.put(sheet["B1"], Decimal("3000"), "#,##0")
    exporting.put(sheet["C1"], None, "#,##0")
    out = io.BytesIO()
    book.save(out)
    again = load_workbook(io.BytesIO(out.getvalue())).active
    assert (again["A1"].data_type, again["A1"].value) == ("s", "=1+1")
    assert (again["B1"].value, again["B1"].number_format) == (3000, "#,##0")
    assert again["C1"].number_format == "General"


def test_an_xlsx_export_comes_in_chunks_that_make_one_workbook():
    chunks = list(exporting.export("xlsx", ["n"], ([n] for n in range(20_000)), title="t"))
    assert len(chunks) > 1  # read from the spooled file a block at a time
    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).worksheets[0]
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values[:3] == ["n", 0, 1] and values[-1] == 19_999 and len(values) == 20_001


def test_the_download_names_the_file_and_is_never_cached():
    response = exporting.export_response("csv", ["a"], [["x"]], filename="co-so")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="co-so.csv"'
    assert response["Cache-Control"] == "no-store"
    assert response.getvalue() == BOM + b"a\r\nx\r\n"
    xlsx = exporting.attachment_response(b"PK", filename="b.xlsx")
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert xlsx.content == b"PK"


def test_a_vietnamese_file_name_is_sent_as_rfc_5987_with_an_ascii_fallback():
    assert exporting.attachment_header("Cơ sở Đà Nẵng.csv") == (
        'attachment; filename="Co so Da Nang.csv"; '
        "filename*=UTF-8''C%C6%A1%20s%E1%BB%9F%20%C4%90%C3%A0%20N%E1%BA%B5ng.csv")


def test_the_command_line_writes_the_same_bytes_to_a_file_and_to_stdout(tmp_path, capsysbinary):
    expected = _csv(["a"], [["=x"], [Decimal("1.0")]])
    target = tmp_path / "out.csv"
    exporting.write_command_output(exporting.export("csv", ["a"], [["=x"], [Decimal("1.0")]]),
                                   fmt="csv", output=str(target), stdout=io.StringIO())
    assert target.read_bytes() == expected == BOM + b"a\r\n'=x\r\n1\r\n"
    import sys

    exporting.write_command_output(exporting.export("csv", ["a"], [["=x"], [Decimal("1")]]),
                                   fmt="csv", output=None, stdout=OutputWrapper(sys.stdout))
    assert capsysbinary.readouterr().out == expected
    text = io.StringIO()
    exporting.write_command_output(expected, fmt="csv", output=None, stdout=OutputWrapper(text))
    assert text.getvalue() == expected.decode("utf-8")


def test_the_command_line_refuses_xlsx_on_stdout_and_an_unwritable_file(tmp_path):
    with pytest.raises(CommandError, match="--output"):
        exporting.write_command_output(b"PK", fmt="xlsx", output=None, stdout=io.StringIO())
    with pytest.raises(CommandError, match="missing"):
        exporting.write_command_output(b"a", fmt="csv", output=str(tmp_path / "missing" / "a"),
                                       stdout=io.StringIO())
