"""Reading and writing the interchange files, streaming: csv module and openpyxl read-only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

FORMATS = ("csv", "xlsx")


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong format, wrong header)."""


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileProblem(_("Unknown file type: use a .csv or .xlsx file."))
    return suffix


def _cell(value: Any) -> str:
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
        try:
            for row in csv.reader(text):
                yield [c.strip() for c in row]
        except UnicodeDecodeError as exc:
            raise FileProblem(_("The CSV file is not in UTF-8.")) from exc
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
            yield [_cell(v) for v in row]
    finally:
        wb.close()


def read_rows(source: IO[bytes], fmt: str, columns: Iterable[str],
              labels: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {column: text}) for each data row.

    The first row must hold exactly the column codes (in any order); a second row that
    repeats the template's labels is skipped; empty rows are skipped.
    """
    rows = _raw_rows(source, fmt)
    try:
        yield from _data_rows(rows, list(columns), [str(x) for x in labels])
    finally:
        rows.close()  # while the file is still open


def _data_rows(rows: Iterator[list[str]], expected: list[str],
               label_row: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    header = next(rows, None)
    if header is None:
        raise FileProblem(_("The file is empty."))
    while header and header[-1] == "":
        header.pop()
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    if missing or unknown or len(set(header)) != len(header):
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
        yield number, {c: row[i] for c, i in index.items()}


def text(value: Any) -> str:
    """A value as the files write it: 1/0 booleans, plain decimals, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


def write_csv(out: IO[str], header: list[str], rows: Iterable[list[Any]],
              labels: list[str] | None = None) -> None:
    writer = csv.writer(out)
    writer.writerow(header)
    if labels:
        writer.writerow(labels)
    for row in rows:
        writer.writerow([text(v) for v in row])


def write_xlsx(out: IO[bytes], header: list[str], rows: Iterable[list[Any]],
               labels: list[str] | None = None, title: str = "data") -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(header)
    if labels:
        ws.append(labels)
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    wb.save(out)


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        # Exact decimals as numbers where a float holds them exactly enough to round-trip.
        return int(value) if value == value.to_integral() else float(value)
    return value
