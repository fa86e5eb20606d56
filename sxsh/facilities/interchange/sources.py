"""How the bytes of an uploaded file become rows of text: CSV in the dialects that Excel
writes, XLSX opened only once it is known to be safe to parse.

CSV: UTF-8 with or without a byte-order mark ("CSV UTF-8" in Excel), or else Windows-1258,
which a Vietnamese Windows writes for plain "CSV" (its tone marks come as combining
characters: the text is composed again, NFC). The separator is the one of ``,`` ``;`` or tab
that the first line holds most (a Vietnamese Windows lists with ``;``).

XLSX: a zip of XML parts. Before openpyxl parses anything, the zip is refused when it is
corrupt, when it would unpack to more than ``XLSX_MAX_UNPACKED_MB``, when a part is
compressed more than ``XLSX_MAX_RATIO`` times (a zip bomb), when the shared-strings table
(which openpyxl holds in memory whole) is larger than ``XLSX_MAX_SHARED_STRINGS_MB`` or
holds more than ``XLSX_MAX_SHARED_STRINGS`` texts, or when a part declares a DTD (which
Excel never writes; the entity-expansion attacks need one). openpyxl itself parses through
defusedxml, which refuses entities too.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from sxsh.core import formatting
from sxsh.core.exporting import csv_unquote

#: The longest cell a CSV file may hold (the csv module's own limit): no column takes more.
CSV_FIELD_LIMIT = csv.field_size_limit()
SEPARATORS = (",", ";", "\t")
MB = 1024 * 1024
#: A part smaller than this is not judged by its compression ratio (it cannot hurt).
RATIO_FROM_SIZE = MB
SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                       "sharedStrings+xml")
#: The start of a shared string (<si>, <si/>, <x:si ...>) and of a DTD, as bytes.
SHARED_STRING_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?si[\s/>]")
DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
#: A number as a Vietnamese Windows writes it: points between thousands, a decimal comma.
VIETNAMESE_NUMBER_RE = re.compile(r"[-+]?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?\Z")
#: Longer than any match of the two patterns: the overlap kept between two chunks.
OVERLAP = 32
CHUNK = MB


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong format, wrong header)."""


def cell_stripped(text: str) -> str:
    """A cell's text without the spaces around it, nor byte-order marks (U+FEFF) before it:
    a text pasted from a file that began with one, or a CSV file saved "with BOM" twice,
    carries it there, where it is no character of the text (one inside a word is still
    refused, ``sxsh.core.text``)."""
    return text.strip().lstrip("\ufeff").strip()


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
    return cell_stripped(str(value))


def raw_rows(source: IO[bytes], fmt: str) -> Iterator[list[str]]:
    """Every row of the file (the first sheet of a workbook) as a list of texts."""
    if fmt == "csv":
        yield from csv_rows(source, interchange=True)
        return
    wb = open_workbook(source)
    try:
        yield from sheet_rows(wb.worksheets[0])
    finally:
        wb.close()


# --- CSV ---------------------------------------------------------------------------------


def csv_rows(source: IO[bytes], *, interchange: bool = False) -> Iterator[list[str]]:
    """The rows of a CSV file in any of the dialects above, each cell stripped.

    An ``interchange`` file may be one that the exporter wrote: the quote it puts before
    formula-like text is taken off again (before stripping: the round trip is exact,
    COLUMNS.md, "Text that looks like a formula"); and one separated by ``;`` (as a
    Vietnamese Windows lists) has its numbers written as the web form takes them (1.234,5)
    made plain (1234.5)."""
    encoding = csv_encoding(source)
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    compose = encoding == "cp1258"
    line = 0
    try:
        first = text.readline()
        delimiter = separator(first)
        plain = interchange and delimiter == ";"
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        for row in reader:
            line = reader.line_num
            if compose:
                row = [unicodedata.normalize("NFC", c) for c in row]
            if interchange:
                row = [csv_unquote(c) for c in row]
            row = [cell_stripped(c) for c in row]
            yield [plain_number(c) for c in row] if plain else row
    except UnicodeDecodeError as exc:
        raise FileProblem(_("The CSV file is neither in UTF-8 nor in Windows-1258: save it "
                            "from Excel as “CSV UTF-8”.")) from exc
    except csv.Error as exc:  # a cell over the limit, or a quote left open
        raise FileProblem(
            _("Row %(row)s cannot be read: a cell longer than %(limit)s characters, or a "
              "quotation mark left open; nothing was imported.")
            % {"row": line + 1, "limit": formatting.number(CSV_FIELD_LIMIT)}
        ) from exc
    finally:
        text.detach()


def plain_number(cell: str) -> str:
    """A number as the web form takes it (1.234,5; 75,5; 1.234) written plain (1234.5; 75.5;
    1234); any other text as it is."""
    if VIETNAMESE_NUMBER_RE.match(cell) and ("." in cell or "," in cell):
        return cell.replace(".", "").replace(",", ".")
    return cell


def csv_encoding(source: IO[bytes]) -> str:
    """utf-8-sig when the whole file is UTF-8 (with a byte-order mark or without), else
    cp1258; the file is read through once and rewound (a file that cannot be rewound is
    taken as UTF-8)."""
    if not source.seekable():
        return "utf-8-sig"
    start = source.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1258"
    finally:
        source.seek(start)
    return "utf-8-sig"


def separator(header: str) -> str:
    """The separator the header line holds most of (a comma when none or a tie)."""
    return max(SEPARATORS, key=header.count)


# --- XLSX --------------------------------------------------------------------------------


def _size_from_head(ws: ReadOnlyWorksheet) -> None:
    """openpyxl's ``ReadOnlyWorksheet._get_size`` reading only the head of the sheet's XML.

    openpyxl looks for the ``<dimension>`` element, which comes before ``<sheetData>``, by
    the elements' ends: on a sheet without one (as openpyxl's own write-only mode and many
    generators write them) it parses the whole sheet once before reading it, a second
    parse of every cell. Read by the elements' starts, the search ends where the data
    starts, with the same answer. (Defused like openpyxl's own parse.)"""
    with ws._get_source() as src:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                dimensions = SheetDimension.from_tree(element).boundaries
                if dimensions is not None:
                    ws._min_column, ws._min_row, ws._max_column, ws._max_row = dimensions
                return
            if element.tag == DATA_TAG:
                return


ReadOnlyWorksheet._get_size = _size_from_head  # type: ignore[method-assign]


def open_workbook(source: IO[bytes]) -> Workbook:
    """The workbook, read-only, once ``check_workbook`` has found it safe to parse."""
    check_workbook(source)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise _parse_problem(exc) from exc


def sheet_rows(ws: Any) -> Iterator[list[str]]:
    """A sheet's rows as texts; a part that breaks while it is read is the file's problem
    (read-only sheets are parsed as they are read)."""
    try:
        for row in ws.iter_rows(values_only=True):
            yield [cell_text(v) for v in row]
    except Exception as exc:
        raise _parse_problem(exc) from exc


def _parse_problem(exc: BaseException) -> FileProblem:
    """The problem of a file that openpyxl could not parse: defusedxml's refusal of
    entities (which openpyxl wraps in a ValueError of its own) or an unreadable file."""
    cause: BaseException | None = exc
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, DefusedXmlException):
            return FileProblem(_dtd_message())
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return FileProblem(_unreadable())


def check_workbook(source: IO[bytes]) -> None:
    """Raise FileProblem, naming the limit, unless the zip is safe to hand to openpyxl."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            _check_sizes(members)
            shared = _shared_strings_parts(archive)
            for info in members:
                if info.filename in shared:
                    _check_shared_strings(archive, info)
                elif info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _scan(archive, info)
    except FileProblem:
        raise
    except Exception as exc:  # zipfile raises many types for a corrupt or odd zip
        raise FileProblem(_unreadable()) from exc
    finally:
        source.seek(0)


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    # Python's zipfile never unpacks more than a part's declared size (a part that holds
    # more fails its CRC check), so the declared sizes are the bound.
    unpacked = sum(info.file_size for info in members)
    if unpacked > settings.XLSX_MAX_UNPACKED_MB * MB:
        raise FileProblem(
            _("The workbook would take %(size)s MB once unpacked, above the limit of "
              "%(limit)s MB; nothing was imported. Split it into smaller files.")
            % {"size": formatting.number(unpacked // MB),
               "limit": formatting.number(settings.XLSX_MAX_UNPACKED_MB)})
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_FROM_SIZE and ratio > settings.XLSX_MAX_RATIO:
            raise FileProblem(
                _("A part of the workbook (%(part)s) is compressed %(ratio)s times, above the "
                  "limit of %(limit)s times: the file looks like a zip bomb and was refused.")
                % {"part": info.filename, "ratio": formatting.number(int(ratio)),
                   "limit": formatting.number(settings.XLSX_MAX_RATIO)})


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts that openpyxl reads as shared strings: it finds them by content type."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return set()
    _scan(archive, info)
    root = fromstring(archive.read(info))
    return {el.get("PartName", "").lstrip("/") for el in root
            if el.get("ContentType") == SHARED_STRINGS_TYPE}


def _check_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    limit = settings.XLSX_MAX_SHARED_STRINGS_MB
    if info.file_size > limit * MB:
        raise FileProblem(
            _("The workbook's table of shared texts takes %(size)s MB, above the limit of "
              "%(limit)s MB; nothing was imported.")
            % {"size": formatting.number(info.file_size // MB),
               "limit": formatting.number(limit)})
    if _scan(archive, info) > settings.XLSX_MAX_SHARED_STRINGS:
        raise FileProblem(
            _("The workbook's table of shared texts holds more than %(limit)s texts; "
              "nothing was imported.")
            % {"limit": formatting.number(settings.XLSX_MAX_SHARED_STRINGS)})


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The number of shared strings a part holds, read in chunks; FileProblem if it
    declares a DTD."""
    count = 0
    tail = b""
    with archive.open(info) as part:
        for chunk in iter(lambda: part.read(CHUNK), b""):
            data = tail + chunk
            if DTD_RE.search(data):
                raise FileProblem(_dtd_message())
            cut = max(len(data) - OVERLAP, 0)
            count += sum(1 for m in SHARED_STRING_RE.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count + len(SHARED_STRING_RE.findall(tail))


def _unreadable() -> str:
    return _("The file is not a readable XLSX workbook.")


def _dtd_message() -> str:
    return _("The workbook declares XML entities (a DTD), which Excel never writes and which "
             "can make a reader use all its memory; it was refused.")
