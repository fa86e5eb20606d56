"""CSV and XLSX renderings of a drill-down list (the same rows, two formats)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .selectors import DrillDown

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_value(value) -> object:
    """A value for a CSV cell; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _headers(drill: DrillDown) -> list[str]:
    return [str(label) for _key, label in drill.columns]


def csv_response(drill: DrillDown, filename: str) -> HttpResponse:
    # UTF-8 with a byte-order mark, so that Excel opens the Vietnamese names correctly.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(_headers(drill))
    for row in drill.rows():
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(drill: DrillDown, filename: str, title: str) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(_headers(drill))
    saving_from = len(drill.columns) - (4 if drill.with_savings else 0)
    for row in drill.rows():
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever a name starts with
            if i >= saving_from and value is not None:
                cell.number_format = "0.0%"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
