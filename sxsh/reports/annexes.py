"""The report's annexes and the ministry's tables as XLSX workbooks, printed from a
``ReportContent`` (so an issued version prints from its frozen figures).

One sheet a table: the caption above, the column headings, the rows, the note below. A
figure the content writes as the document shows it ("1.375", "12,5", "45,0 %") goes into
its cell as the number it is, with the matching number format, so that the sheet adds up;
every cell is written through the one exporter's ``put`` (text never a formula).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sxsh.core import exporting
from sxsh.core.formatting import NO_VALUE

from .content import ReportContent, Table

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
#: "1.375", "-12,5", "45,0 %": Vietnamese grouping by points, a decimal comma, a percentage.
FIGURE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?( %)?$")
SHEET_TITLE_CHARS = 31
NOT_IN_SHEET_NAMES = re.compile(r"[][:*?/\\]")


def cell_value(text: str) -> tuple[Decimal | str | None, str | None]:
    """A printed figure as (the number, its number format); other text as itself.

    "1.375" → (1375, "#,##0"); "12,5" → (12.5, "#,##0.0"); "45,0 %" → (0.45, "0.0%");
    "–" → (None, None)."""
    if text == NO_VALUE:
        return None, None
    if not FIGURE.match(text):
        return text, None
    share = text.endswith(" %")
    plain = text.removesuffix(" %").replace(".", "").replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return text, None
    decimals = len(plain.partition(".")[2])
    if share:
        return value / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    return value, "#,##0" + ("." + "0" * decimals if decimals else "")


def _sheet_title(index: int, caption: str) -> str:
    """A sheet's name: the caption's label ("Phụ lục 1" of "Phụ lục 1. Các chỉ tiêu…"),
    else its place and the caption, without the characters Excel refuses, cut to 31."""
    label, dot, _rest = caption.partition(". ")
    name = label if dot else f"{index} {caption}"
    return NOT_IN_SHEET_NAMES.sub(" ", name)[:SHEET_TITLE_CHARS]


def _write_table(sheet, table: Table) -> None:
    exporting.put(sheet.cell(row=1, column=1), table.caption).font = BOLD
    for col, heading in enumerate(table.columns, start=1):
        cell = exporting.put(sheet.cell(row=3, column=col), heading)
        cell.font = BOLD
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(col)].width = 14 if (
            col - 1 < len(table.numeric) and table.numeric[col - 1]) else 36
    for r, row in enumerate(table.rows, start=4):
        for col, text in enumerate(row, start=1):
            numeric = col - 1 < len(table.numeric) and table.numeric[col - 1]
            value, number_format = cell_value(text) if numeric else (text, None)
            cell = exporting.put(sheet.cell(row=r, column=col), value, number_format)
            if r - 4 in table.total_rows:
                cell.font = BOLD
    if table.note:
        exporting.put(sheet.cell(row=len(table.rows) + 5, column=1), table.note)
    sheet.freeze_panes = "A4"


def workbook(tables: list[Table], *, factors: dict[str, str] | None = None) -> bytes:
    """The tables as one workbook, a sheet each (and the factors used, when given)."""
    book = Workbook()
    for sheet in book.worksheets:  # the empty first sheet
        book.remove(sheet)
    for index, table in enumerate(tables, start=1):
        _write_table(book.create_sheet(_sheet_title(index, table.caption)), table)
    if factors:
        _write_table(book.create_sheet(_("Factors")[:SHEET_TITLE_CHARS]), Table(
            caption=_("Factors used"), columns=[_("Factor"), _("Value and source")],
            rows=[[name, value] for name, value in factors.items()]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_annexes(content: ReportContent) -> bytes:
    """The annexes: indicators by year and by unit, facilities supported, budget by line,
    year and source; and the factors used."""
    return workbook(content.annexes, factors=content.factors)


def render_ministry(content: ReportContent) -> bytes:
    """The ministry's tables: the national indicators, the activities, the budget."""
    return workbook(content.ministry)
