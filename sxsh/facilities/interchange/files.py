"""Reading the interchange files, streaming: the rows that ``sources`` reads from CSV or
XLSX, checked against the columns.

They are written by ``exporting`` through the one exporter, ``sxsh.core.exporting``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any, Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from sxsh.core.exporting import FORMATS
from sxsh.core.text import first_control, has_control, printable

from .sources import CSV_FIELD_LIMIT, FileProblem, cell_text, raw_rows

__all__ = ["CSV_FIELD_LIMIT", "FileProblem", "cell_text", "file_format", "read_rows"]


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileProblem(_("Unknown file type: use a .csv or .xlsx file."))
    return suffix


class Report(Protocol):
    """Where a file's errors go (an import's ``ImportResult``)."""

    quiet: set[str]  # columns whose errors are not repeated on every row

    def add_error(self, row: int, column: str, value: str, reason: str) -> None: ...


@dataclass
class Header:
    """Where each column is in a file, and where its data starts."""

    index: dict[str, int]
    width: int
    row: int  # the number of the row that holds the codes (or the labels alone)
    codes_first: bool  # codes in the first row: a second row of labels may follow
    missing: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # normalised label → code

    def problems(self) -> Iterator[tuple[str, str, str]]:
        """(column, value, reason) for each fault of the header."""
        for code in self.twice:
            yield code, code, _("This column appears more than once in the header.")
        for code in self.missing:
            yield code, "", _("This column is missing from the header.")
        for text in self.unknown:
            yield "", text, _("Unknown column: use the column codes or the labels of the "
                              "template.")

    def is_label_row(self, row: list[str]) -> bool:
        """Whether ``row`` repeats the labels (the row under the codes of an older
        template, or of the export's second row)."""
        named = [_norm(c) for c in row if c]
        return bool(named) and all(self.labels.get(c) for c in named)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _label_codes(labels: dict[str, Any]) -> dict[str, str]:
    """Each column's label, in the UI's language and in Vietnamese (a template downloaded
    in either), normalised → the column's code."""
    found: dict[str, str] = {}
    for language in (translation.get_language(), "vi"):
        with translation.override(language):
            found.update({_norm(str(label)): code for code, label in labels.items()
                          if str(label)})
    return found


def read_header(rows: Iterator[list[str]], expected: list[str], labels: dict[str, Any],
                ignored: dict[str, Any], optional: Iterable[str] = ()
                ) -> tuple[Header, Iterator[list[str]]]:
    """The header of a file and the rows after it.

    Three layouts are read: the column codes in the first row (exports, and files of the
    older templates, whose second row of labels is skipped); the labels in the first row
    and the codes in the second (the template, whose row of codes is hidden); the labels
    alone. Columns come in any order; ``optional`` ones may be missing, ``ignored`` ones
    are read past.
    """
    first = next(rows, None)
    if first is None:
        raise FileProblem(_("The file is empty."))
    known = set(expected) | set(ignored)
    by_label = _label_codes({**labels, **ignored})
    number, codes_first = 1, any(c in known for c in first)
    header = first
    if not codes_first:
        second = next(rows, None)
        if second is not None and any(c in known for c in second):
            header, number = second, 2
        else:
            rows = chain([second] if second is not None else [], rows)
    # A column may be named by its label wherever its code could stand.
    header = [c if c in known else by_label.get(_norm(c), c) for c in header]
    while header and header[-1] == "":
        header.pop()
    return Header(
        index={c: header.index(c) for c in expected if c in header},
        width=len(header), row=number, codes_first=codes_first,
        missing=[c for c in expected if c not in header and c not in set(optional)],
        twice=sorted({c for c in header if header.count(c) > 1}),
        unknown=[c for c in header if c not in known],
        labels=by_label,
    ), rows


def read_rows(source: IO[bytes], fmt: str, columns: Iterable[str], labels: Iterable[Any],
              ignored: Iterable[str] | dict[str, Any] = (), *, optional: Iterable[str] = (),
              report: Report | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {column: text}) for each data row.

    The header is read by ``read_header``; empty rows are skipped. With ``report`` (an
    import's result) a wrong header or a cell with a control character is an error
    of its row and every row is still read, so that a file's errors come all at once (a
    missing column reads as empty cells); without it they raise FileProblem. An
    ``optional`` column the file leaves out is not in the rows' dicts.
    """
    columns = list(columns)
    rows = raw_rows(source, fmt)
    try:
        yield from _data_rows(rows, columns, dict(zip(columns, labels, strict=False)),
                              ignored if isinstance(ignored, dict) else dict.fromkeys(ignored, ""),
                              list(optional), report)
    finally:
        rows.close()  # while the file is still open


def _data_rows(rows: Iterator[list[str]], expected: list[str], labels: dict[str, Any],
               ignored: dict[str, Any], optional: list[str],
               report: Report | None) -> Iterator[tuple[int, dict[str, str]]]:
    header, rows = read_header(rows, expected, labels, ignored, optional)
    if report is None:
        _refuse_header(header, expected)
    else:
        for column, value, reason in header.problems():
            report.add_error(header.row, column, value, reason)
        report.quiet.update(header.missing)
    for number, row in enumerate(rows, start=header.row + 1):
        if not any(row):
            continue
        if number == 2 and header.codes_first and header.is_label_row(row):
            continue
        if len(row) < header.width:
            row = row + [""] * (header.width - len(row))
        values = {c: row[i] for c, i in header.index.items()}
        values.update(dict.fromkeys(header.missing, ""))
        for column, text in values.items():
            if not has_control(text):
                continue
            if report is None:
                raise FileProblem(
                    _("Row %(row)s, column %(column)s holds a control character (%(char)s), "
                      "which no value may hold; nothing was imported.")
                    % {"row": number, "column": column, "char": first_control(text)})
            report.add_error(number, column, printable(text),
                   _("The cell holds a control character (%(char)s), which no value may "
                     "hold.") % {"char": first_control(text)})
            values[column] = printable(text)
        yield number, values


def _refuse_header(header: Header, expected: list[str]) -> None:
    """A wrong header as the file's problem (for importers that stop at the header)."""
    if header.twice:
        raise FileProblem(_("The first row names the column %(columns)s more than once.")
                          % {"columns": ", ".join(header.twice)})
    if header.missing or header.unknown:
        raise FileProblem(
            _("The first row must hold the column codes %(expected)s; missing: %(missing)s; "
              "unknown: %(unknown)s.")
            % {"expected": ", ".join(expected), "missing": ", ".join(header.missing) or "–",
               "unknown": ", ".join(header.unknown) or "–"}
        )
