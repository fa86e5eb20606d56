"""Reading the interchange files, streaming: csv module and openpyxl read-only.

They are written by ``exporting`` through the one exporter, ``sxsh.core.exporting``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from sxsh.core import formatting
from sxsh.core.exporting import FORMATS, csv_unquote
from sxsh.core.text import first_control, has_control

#: The longest cell a CSV file may hold (the csv module's own limit): no column takes more.
CSV_FIELD_LIMIT = csv.field_size_limit()


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong format, wrong header)."""


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileProblem(_("Unknown file type: use a .csv or .xlsx file."))
    return suffix


def cell_text(value: Any) -> str:
    """A cell as text, the way a person typed it (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _raw_rows(source: IO[bytes], fmt: str) -> Iterator[list[str]]:
    if fmt == "csv":
        text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            for row in reader:
                # The exporter quotes formula-like text; taking the quote off again makes
                # the round trip exact (COLUMNS.md, "Text that looks like a formula").
                yield [csv_unquote(c.strip()) for c in row]
        except UnicodeDecodeError as exc:
            raise FileProblem(_("The CSV file is not in UTF-8.")) from exc
        except csv.Error as exc:  # a cell over the limit, or a quote left open
            raise FileProblem(
                _("Row %(row)s cannot be read: a cell longer than %(limit)s characters, or a "
                  "quotation mark left open; nothing was imported.")
                % {"row": reader.line_num, "limit": formatting.number(CSV_FIELD_LIMIT)}
            ) from exc
        finally:
            text.detach()
        return
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise FileProblem(_("The file is not a readable XLSX workbook.")) from exc
    try:
        ws = wb.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield [cell_text(v) for v in row]
    finally:
        wb.close()


def read_rows(source: IO[bytes], fmt: str, columns: Iterable[str], labels: Iterable[str],
              ignored: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {column: text}) for each data row.

    The first row must hold exactly the column codes (in any order), and may hold the
    ``ignored`` ones (columns that the export adds); a second row that repeats the
    template's labels is skipped; empty rows are skipped.
    """
    rows = _raw_rows(source, fmt)
    try:
        yield from _data_rows(rows, list(columns), [str(x) for x in labels], set(ignored))
    finally:
        rows.close()  # while the file is still open


def _data_rows(rows: Iterator[list[str]], expected: list[str], label_row: list[str],
               ignored: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    header = next(rows, None)
    if header is None:
        raise FileProblem(_("The file is empty."))
    while header and header[-1] == "":
        header.pop()
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise FileProblem(_("The first row names the column %(columns)s more than once.")
                          % {"columns": ", ".join(twice)})
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected and c not in ignored]
    if missing or unknown:
        raise FileProblem(
            _("The first row must hold the column codes %(expected)s; missing: %(missing)s; "
              "unknown: %(unknown)s.")
            % {"expected": ", ".join(expected), "missing": ", ".join(missing) or "–",
               "unknown": ", ".join(unknown) or "–"}
        )
    index = {c: header.index(c) for c in expected}
    width = len(header)
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        if number == 2 and label_row and row[0] == label_row[0]:
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        values = {c: row[i] for c, i in index.items()}
        for column, text in values.items():
            if has_control(text):
                raise FileProblem(
                    _("Row %(row)s, column %(column)s holds a control character (%(char)s), "
                      "which no value may hold; nothing was imported.")
                    % {"row": number, "column": column, "char": first_control(text)})
        yield number, values
