"""One way to write a list out: CSV or XLSX, the same bytes on a page, in a file and on stdout.

A list is its columns and its rows (a generator is fine: CSV is streamed in chunks and an
XLSX workbook is written row by row by openpyxl's write-only mode into a spooled temporary
file, so memory does not grow with the number of rows). An export is an iterator of bytes;
``attachment_response`` serves it on a page and ``write_command_output`` writes it to a file
or standard output, so that the three are the same bytes.

- CSV: UTF-8 with a byte-order mark (so that Excel reads the Vietnamese), comma-separated.
  Numbers are plain machine-readable numbers (``1234.5``, no thousands separator), booleans
  ``1``/``0``, unknown values empty.
- XLSX: numbers (``Decimal``, ``int``) are number cells, text is always a string cell.
- One formula policy. A text cell that a spreadsheet would run as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written as text: in XLSX as a
  string cell, never a formula; in CSV with a single quote in front (OWASP's advice against
  CSV injection). Only text gets this: a negative number is a number. ``csv_unquote`` is
  the inverse that importers apply, so that an export imports back exactly.
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.core.management.base import CommandError, OutputWrapper
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .text import printable

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
BOM = "\ufeff"
#: What makes a spreadsheet read a cell's text as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ROWS_PER_CHUNK = 500
BLOCK_SIZE = 64 * 1024
SPOOL_SIZE = 4 * 1024 * 1024  # an XLSX larger than this is spooled to disk


@dataclass(frozen=True)
class Column:
    """A column of an export: its header and, for XLSX, the number format of its figures."""

    header: str
    number_format: str | None = None


def _column(column: Column | str | Promise) -> Column:
    return column if isinstance(column, Column) else Column(str(column))


# --- The cells --------------------------------------------------------------------------


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula, quotes in front not counted.

    The quotes are skipped so that quoting is exactly undone by ``csv_unquote``: a text
    that really starts with ``'=`` is written ``''=`` and comes back as ``'=``.
    """
    return text.lstrip("'").startswith(FORMULA_STARTS)


def csv_text(value: Any) -> str:
    """A value as a CSV cell: plain numbers, 1/0, empty for unknown, quoted formula-like text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (int, float)):
        return str(value)
    text = printable(str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_unquote(text: str) -> str:
    """The text that ``csv_text`` quoted, as it was: one leading quote is dropped when the
    rest starts (after any further quotes) like a formula."""
    return text[1:] if text.startswith("'") and looks_like_formula(text) else text


def xlsx_value(value: Any) -> Any:
    """A value for an XLSX cell: exact decimals as numbers (whole ones as integers), 1/0 for
    booleans, text as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, Promise | str):
        return printable(str(value))
    return value


def put(cell, value: Any, number_format: str | None = None):
    """Write ``value`` into an openpyxl cell (of any workbook): text as a string cell, never
    a formula; ``number_format`` on a figure. Returns the cell."""
    value = xlsx_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
    elif number_format and value is not None:
        cell.number_format = number_format
    return cell


# --- The files ----------------------------------------------------------------------------


#: What a list was cut by (its filters), as (label, value) pairs written above the header.
Preamble = Sequence[tuple[str, str]]


def csv_preamble_line(preamble: Preamble) -> str:
    """The filters as one comment line above a CSV's header ("# Năm: 2018; Quy mô: Vừa")."""
    text = "; ".join(f"{label}: {value}" for label, value in preamble)
    return "# " + " ".join(printable(text).split())


def csv_chunks(columns: Sequence[Column | str], rows: Iterable[Sequence[Any]], *,
               line_end: str = "\r\n", preamble: Preamble | None = None) -> Iterator[bytes]:
    """The CSV file as chunks of bytes: the BOM, the filters as a comment line (with a
    ``preamble``) and the header, then the rows, a few hundred at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    buffer.write(BOM)
    if preamble:
        buffer.write(csv_preamble_line(preamble) + line_end)
    writer.writerow([_column(c).header for c in columns])
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_text(v) for v in row])
        if number % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(out: IO[bytes], columns: Sequence[Column | str],
               rows: Iterable[Sequence[Any]], *, title: str = "data",
               preamble: Preamble | None = None) -> None:
    """The list as a one-sheet workbook (write-only: rows go to disk as they come); with a
    ``preamble``, its (label, value) rows and an empty row above the header."""
    described = [_column(c) for c in columns]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    if preamble:
        for label, value in preamble:
            sheet.append([put(WriteOnlyCell(sheet), label), put(WriteOnlyCell(sheet), value)])
        sheet.append([])
    sheet.append([put(WriteOnlyCell(sheet), c.header) for c in described])
    formats = [c.number_format for c in described]
    for row in rows:
        sheet.append([put(WriteOnlyCell(sheet), value, number_format)
                      for value, number_format in zip(row, formats, strict=True)])
    book.save(out)


def xlsx_chunks(columns: Sequence[Column | str], rows: Iterable[Sequence[Any]], *,
                title: str = "data", preamble: Preamble | None = None) -> Iterator[bytes]:
    """The workbook as chunks of bytes. It is written at once (the rows are read now, so a
    page answers an error before it starts sending) into a spooled temporary file."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    try:
        write_xlsx(spool, columns, rows, title=title, preamble=preamble)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _blocks(spool)


def _blocks(source: IO[bytes]) -> Iterator[bytes]:
    with source:
        while block := source.read(BLOCK_SIZE):
            yield block


def export(fmt: str, columns: Sequence[Column | str], rows: Iterable[Sequence[Any]], *,
           title: str = "data", preamble: Preamble | None = None) -> Iterator[bytes]:
    """The list as a ``fmt`` (csv or xlsx) file, in chunks of bytes; ``preamble`` records
    its filters above the header."""
    if fmt == "csv":
        return csv_chunks(columns, rows, preamble=preamble)
    if fmt == "xlsx":
        return xlsx_chunks(columns, rows, title=title, preamble=preamble)
    raise ValueError(f"format {fmt!r}")


# --- Where the bytes go -------------------------------------------------------------------


def attachment_header(filename: str) -> str:
    """``Content-Disposition`` for a download; a non-ASCII name as RFC 5987 ``filename*``
    with an ASCII fallback for older clients."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        ascii_name = unicodedata.normalize(
            "NFKD", filename.replace("đ", "d").replace("Đ", "D")
        ).encode("ascii", "ignore").decode("ascii")
        fallback = content_disposition_header(True, ascii_name.replace('"', "").replace(
            "\\", ""))
        return f"{fallback}; filename*=UTF-8''{quote(filename)}"
    return content_disposition_header(True, filename) or ""


def attachment_response(content: bytes | Iterable[bytes], *,
                        filename: str) -> HttpResponseBase:
    """A download of ``content`` named ``filename`` (its suffix gives the type), never cached
    (the lists are not public); streamed when it comes in chunks."""
    content_type = CONTENT_TYPES[Path(filename).suffix.lstrip(".")]
    if isinstance(content, bytes):
        response: HttpResponseBase = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(_in_language(content, translation.get_language()),
                                         content_type=content_type)
    response["Content-Disposition"] = attachment_header(filename)
    response["Cache-Control"] = "no-store"
    return response


def export_response(fmt: str, columns: Sequence[Column | str], rows: Iterable[Sequence[Any]],
                    *, filename: str, title: str = "data",
                    preamble: Preamble | None = None) -> HttpResponseBase:
    """The list as a download ``filename.fmt``."""
    return attachment_response(export(fmt, columns, rows, title=title, preamble=preamble),
                               filename=f"{filename}.{fmt}")


def _in_language(chunks: Iterable[bytes], language: str | None) -> Iterator[bytes]:
    # Rows are made while the response is sent, after the view has returned: they keep the
    # request's language (labels in the rows, a total row) wherever the server sends them.
    with translation.override(language):
        yield from chunks


def write_command_output(content: bytes | Iterable[bytes], *, fmt: str, output: str | None,
                         stdout: OutputWrapper | IO[str]) -> None:
    """Write an export to the file ``output`` or, for CSV, to a command's standard output:
    the same bytes as the page's (the BOM included)."""
    chunks = [content] if isinstance(content, bytes) else content
    if output:
        try:
            with open(output, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s")
                               % {"path": output, "error": exc}) from exc
        return
    if fmt != "csv":
        raise CommandError(_("An XLSX file is binary: give --output FILE."))
    stream: IO[str] = stdout._out if isinstance(stdout, OutputWrapper) else stdout  # type: ignore[assignment]
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text stream, as call_command(stdout=StringIO()) gives
        for chunk in chunks:
            stream.write(chunk.decode("utf-8"))
        return
    stream.flush()
    for chunk in chunks:
        binary.write(chunk)
    binary.flush()
