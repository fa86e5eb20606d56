"""Reading the interchange files, streaming: the rows that ``sources`` reads from CSV or
XLSX, checked against the columns.

They are written by ``exporting`` through the one exporter, ``sxsh.core.exporting``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from sxsh.core.exporting import FORMATS
from sxsh.core.text import first_control, has_control

from .sources import CSV_FIELD_LIMIT, FileProblem, cell_text, raw_rows

__all__ = ["CSV_FIELD_LIMIT", "FileProblem", "cell_text", "file_format", "read_rows"]


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileProblem(_("Unknown file type: use a .csv or .xlsx file."))
    return suffix


def read_rows(source: IO[bytes], fmt: str, columns: Iterable[str], labels: Iterable[str],
              ignored: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {column: text}) for each data row.

    The first row must hold exactly the column codes (in any order), and may hold the
    ``ignored`` ones (columns that the export adds); a second row that repeats the
    template's labels is skipped; empty rows are skipped.
    """
    rows = raw_rows(source, fmt)
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
