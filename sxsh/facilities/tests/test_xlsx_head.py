"""A read-only sheet's size is read from the head of its XML (``sources._size_from_head``):
the same answer as openpyxl's, without parsing every cell once before the rows are read."""

import io
import zipfile

from openpyxl import Workbook

from sxsh.facilities.interchange.sources import open_workbook


def _workbook(write_only: bool) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("bc") if write_only else wb.active
    for row in (["tax_code", "year", "water_m3"], ["3300100001", 2016, 5000], ["3300100002"]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_rows(data: bytes):
    ws = open_workbook(io.BytesIO(data)).worksheets[0]
    return (ws.max_row, ws.max_column), list(ws.iter_rows(values_only=True))


def test_a_sheet_with_its_dimension_keeps_its_size_and_pads_short_rows():
    size, rows = _sheet_rows(_workbook(write_only=False))
    assert size == (3, 3)
    assert rows == [("tax_code", "year", "water_m3"), ("3300100001", 2016, 5000),
                    ("3300100002", None, None)]


def test_a_sheet_without_a_dimension_is_read_whole_without_a_size():
    size, rows = _sheet_rows(_workbook(write_only=True))
    assert size == (None, None)
    assert rows == [("tax_code", "year", "water_m3"), ("3300100001", 2016, 5000),
                    ("3300100002",)]


def test_opening_a_workbook_does_not_parse_the_cells_of_a_sheet():
    # the sheet's data cut off in the middle: openpyxl's own size search parsed it whole
    # (and failed) before a row was asked; now the cells are parsed only as rows are read
    source = io.BytesIO(_workbook(write_only=True))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[:data.index(b"<row r=\"2\"")] + b"<row r=\"2\"><c r=\"A2\""
            zout.writestr(item, data)
    ws = open_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert ws.title == "bc"
