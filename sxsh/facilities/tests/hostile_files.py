"""Hostile XLSX files, built for real: a workbook as Excel writes it, then one part
swapped for a part that is too large, compressed too much, or declaring entities.

Used by the tests and by ``bench/xlsx_bomb.py``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from sxsh.facilities.interchange.columns import REPORT_COLUMNS

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"


def excel_workbook(rows: list[list[str | int | float]]) -> bytes:
    """A workbook as Excel writes one: every text in the shared-strings table (openpyxl
    writes texts inline), numbers as numbers."""
    texts: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=1):
        row_xml = []
        for c, value in enumerate(row):
            ref = f"{get_column_letter(c + 1)}{r}"
            if isinstance(value, str):
                if value not in texts:
                    texts.append(value)
                row_xml.append(f'<c r="{ref}" t="s"><v>{texts.index(value)}</v></c>')
            else:
                row_xml.append(f'<c r="{ref}"><v>{value!r}</v></c>')
        cells.append(f'<row r="{r}">{"".join(row_xml)}</row>')
    strings = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{TYPES_NS}"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{SPREADSHEET_TYPE}.sheet.main+xml"/><Override '
            f'PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET_TYPE}.'
            'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{SPREADSHEET_TYPE}.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{DOC_RELS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{DOC_RELS}/'
            'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        SHEET: f'<worksheet xmlns="{MAIN_NS}"><sheetData>{"".join(cells)}</sheetData></worksheet>',
        SHARED: (f'<sst xmlns="{MAIN_NS}" count="{len(texts)}" uniqueCount="{len(texts)}">'
                 f"{strings}</sst>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, XML_DECLARATION + xml)
    return out.getvalue()


def report_workbook() -> bytes:
    """A report file with its header and one row, as Excel writes it."""
    return excel_workbook([list(REPORT_COLUMNS), ["3300100001", 2016, 1, 0, 1, "tấn", 1000]])


def with_part(name: str, chunks: Iterable[bytes], base: bytes | None = None, *,
              level: int = 6) -> bytes:
    """``base`` (a report workbook) with its part ``name`` made of ``chunks``, streamed
    through the compressor (a part of hundreds of megabytes never sits in memory)."""
    src = zipfile.ZipFile(io.BytesIO(base or report_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info))
        with dst.open(name, "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return out.getvalue()


def shared_strings(count: int, distinct: int = 1, *,
                   declared: int | None = None) -> Iterable[bytes]:
    """A shared-strings table of ``count`` texts that cycle through ``distinct`` values."""
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}" '
           f'count="{declared or count}" uniqueCount="{declared or count}">').encode()
    cycle = "".join(f"<si><t>s{i}</t></si>" for i in range(distinct)).encode()
    whole, rest = divmod(count, distinct)
    for _ in range(whole):
        yield cycle
    yield "".join(f"<si><t>s{i}</t></si>" for i in range(rest)).encode()
    yield b"</sst>"


def shared_strings_bomb() -> bytes:
    """About 875 KB that unpack to a table of 6 million short texts (115 MB of XML, each
    part compressed less than 200 times), which openpyxl would hold in memory whole."""
    return with_part(SHARED, shared_strings(6_000_000, distinct=1500), level=9)


def padded_sheet(megabytes: int) -> Iterable[bytes]:
    """A worksheet whose XML carries ``megabytes`` MB of blanks (a zip bomb: blanks
    compress about a thousand times)."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}">'.encode()
    blank = b" " * (1024 * 1024)
    for _ in range(megabytes):
        yield blank
    yield b"<sheetData/></worksheet>"


def billion_laughs(root: str = "worksheet") -> bytes:
    """The entity-expansion attack: ten levels of ten references, 10**9 "lol"s."""
    entities = ['<!ENTITY lol "lol">']
    entities += [f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
                 for n in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{"".join(entities)}]>\n'
            f'<{root} xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            f"<is><t>&lol9;</t></is></c></row></sheetData></{root}>").encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
