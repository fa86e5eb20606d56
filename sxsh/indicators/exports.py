"""The indicators as files: a drill-down list through the one exporter
(``sxsh.core.exporting``), and the whole dashboard as a workbook of its own layout.

Both record their filters at the top, in the labels people read (never a unit's or a size's
code): a list as (label, value) rows above its header in XLSX and as a comment line above
the header in CSV; the dashboard as rows under its title.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sxsh.core.exporting import Column, attachment_response, export_response, put

from .cards import Card, hidden, hidden_text
from .engine import Board
from .engine.compute import plain
from .engine.targets import best_saving
from .selectors import SAVING_KEYS, DrillDown
from .templatetags.indicator_tags import target_text

#: Savings are fractions (0.1): XLSX shows them as percentages, CSV keeps the fraction.
SAVING_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
WIDTHS = (8, 44, 14, 10, 10, 16, 16, 16)


def drilldown_response(drill: DrillDown, fmt: str, *, filename: str, title: str,
                       filters: Sequence[tuple[str, str]]) -> HttpResponseBase:
    columns = [Column(str(label), SAVING_FORMAT if key in SAVING_KEYS else None)
               for key, label in drill.columns]
    return export_response(fmt, columns, drill.rows(), filename=filename, title=title,
                           preamble=filters)


def _figure(card: Card, value, *, hidden: bool, min_count: int):
    """A headline cell's value and number format."""
    if hidden:
        return hidden_text(min_count), None
    return value, COUNT_FORMAT if card.kind == "count" else SAVING_FORMAT


def _rows(board: Board, cards: list[Card], *, min_count: int, public: bool) -> list[list]:
    """The table: one row per indicator (I4 a second row for its share of facilities and a
    row per category), its headline for the year and for each year shown."""
    rows: list[list] = []
    for card in cards:
        r = card.result
        name = str(card.definition.name)
        if card.kind == "saving":
            name = _("%(name)s: median saving (%(category)s)") % {
                "name": name, "category": card.saving_category or "–"}
        elif card.kind == "count":
            name = _("%(name)s (%(unit)s)") % {"name": name, "unit": card.unit}
        per_year = []
        for year in board.years:
            result = board.series[year][r.code]
            value = (result.numerator if card.kind == "count" else best_saving(result)[0]
                     if card.kind == "saving" else result.value)
            per_year.append(_figure(card, value, hidden=hidden(result, public=public),
                                    min_count=min_count))
        rows.append([
            (r.code, None), (name, None),
            _figure(card, card.headline, hidden=card.hidden, min_count=min_count),
            *(((None, None), (None, None)) if card.hidden else (
                (r.numerator, COUNT_FORMAT), (plain(r.denominator), COUNT_FORMAT))),
            (r.status.label if r.status else "", None),
            (target_text(card.target), None), (target_text(card.target, "national"), None),
            *per_year,
        ])
        if card.kind == "saving":
            rows.append(_share_row(card, _("%(code)s: facilities saving at least 8 %%") % {
                "code": r.code}, r, min_count=min_count))
            for category in card.categories:
                label = _("%(code)s: %(category)s, facilities saving at least 8 %%") % {
                    "code": r.code, "category": category.label}
                rows.append(_share_row(card, label, category.result, min_count=min_count,
                                       hidden=category.hidden))
    return rows


def _share_row(card: Card, label: str, result, *, min_count: int,
               hidden: bool | None = None) -> list:
    hide = card.hidden if hidden is None else hidden
    if hide:
        return [("", None), (label, None), (hidden_text(min_count), None)]
    return [("", None), (label, None), (result.value, SAVING_FORMAT),
            (result.numerator, COUNT_FORMAT), (result.denominator, COUNT_FORMAT)]


def board_workbook(board: Board, cards: list[Card], *, title: str,
                   filters: Sequence[tuple[str, str]], notes: Sequence[str],
                   min_count: int, public: bool) -> bytes:
    """The whole dashboard as one sheet: the title, the filters, the table of indicators
    with each year shown, then the rules the figures follow."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Indicators")[:31]
    put(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    row = 2
    for label, value in filters:
        put(sheet.cell(row=row, column=1), label).font = Font(bold=True)
        put(sheet.cell(row=row, column=2), value)
        row += 1
    row += 1
    headers = [_("Code"), _("Indicator"), _("Figure %(year)s") % {"year": board.year},
               _("Numerator"), _("Denominator"), _("Status"), _("Provincial target"),
               _("National target"), *(str(y) for y in board.years)]
    for column, header in enumerate(headers, start=1):
        cell = put(sheet.cell(row=row, column=column), header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=row + 1, column=3)
    for values in _rows(board, cards, min_count=min_count, public=public):
        row += 1
        for column, (value, number_format) in enumerate(values, start=1):
            put(sheet.cell(row=row, column=column), value, number_format)
    row += 1
    for note in notes:
        row += 1
        put(sheet.cell(row=row, column=1), note)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def board_response(board: Board, cards: list[Card], *, filename: str, title: str,
                   filters: Sequence[tuple[str, str]], notes: Sequence[str], min_count: int,
                   public: bool) -> HttpResponseBase:
    content = board_workbook(board, cards, title=title, filters=filters, notes=notes,
                             min_count=min_count, public=public)
    return attachment_response(content, filename=f"{filename}.xlsx")
