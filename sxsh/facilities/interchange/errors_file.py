"""An upload's errors marked on the user's own file, to download, correct and upload again.

The uploaded rows are written back as they were read (XLSX, whatever the upload's format),
with a column "Errors" that says what is wrong on each row, and each wrong cell filled red
with the reason as its comment. The import reads that column past, so the corrected file
imports as it is. Cells go through ``sxsh.core.exporting.put`` (text is never a formula).

The file is kept privately for the user who uploaded it, under the data directory (not the
public media), named by a random token, and removed after a day.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from sxsh.core import exporting
from sxsh.core.models import User

from .columns import (
    ERRORS_COLUMN,
    FACILITY_COLUMNS,
    FACILITY_DECIMALS,
    REPORT_BOOLEANS,
    REPORT_COLUMNS,
    REPORT_DECIMALS,
    REPORT_OPTIONAL,
)
from .facilities_import import READ_PAST as FACILITY_READ_PAST
from .files import FileProblem, file_format, read_header
from .parsing import NUMBER_RE, ImportResult, RowError
from .reports_import import READ_PAST as REPORT_READ_PAST
from .sources import raw_rows

#: How long a file of errors is kept.
KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"[0-9a-f]{32}\Z")
WRONG = PatternFill("solid", fgColor="FFC7CE")
#: Per kind: the columns, the ones read past, the optional ones, the figures.
KINDS: dict[str, tuple[dict[str, Any], dict[str, Any], tuple[str, ...], frozenset[str]]] = {
    "reports": (REPORT_COLUMNS, REPORT_READ_PAST, REPORT_OPTIONAL,
                frozenset({"year", "baseline_year", *REPORT_BOOLEANS, *REPORT_DECIMALS})),
    "facilities": (FACILITY_COLUMNS, FACILITY_READ_PAST, (),
                   frozenset({"employees", "opened_year", "closed_year",
                              *FACILITY_DECIMALS})),
}

Opener = Callable[[], IO[bytes]]


def marked_workbook(open_source: Opener, *, kind: str, file_name: str,
                    result: ImportResult, out: IO[bytes]) -> None:
    """Write into ``out`` the uploaded file with ``result``'s errors marked (raises
    FileProblem when the file cannot be read at all)."""
    columns, read_past, optional, figures = KINDS[kind]
    fmt = file_format(file_name)
    with open_source() as source:
        rows = raw_rows(source, fmt)
        try:
            header, _rest = read_header(rows, list(columns), columns, read_past, optional)
        finally:
            rows.close()
    at = {i: code for code, i in header.index.items()}
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for error in result.errors:
        by_row[error.row].append(error)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Errors"))
    width = header.width
    with open_source() as source:
        rows = raw_rows(source, fmt)
        try:
            for number, row in enumerate(rows, start=1):
                cells = [_cell(sheet, text, at.get(i) if number > header.row else None,
                               figures) for i, text in enumerate(row)]
                cells += [WriteOnlyCell(sheet) for _ in range(width - len(cells))]
                _mark(cells, row, by_row.get(number, []), header.index, number == header.row)
                cells.append(_errors_cell(sheet, number, header.row, by_row.get(number, [])))
                sheet.append(cells)
        finally:
            rows.close()
    book.save(out)


def _cell(sheet, text: str, code: str | None, figures: frozenset[str]) -> WriteOnlyCell:
    """A cell as the user typed it: a figure as a number (so Excel shows a number), all
    else as text."""
    value: Any = text
    if code in figures and NUMBER_RE.match(text):
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            value = text
    return exporting.put(WriteOnlyCell(sheet), value)


def _mark(cells: list[WriteOnlyCell], row: list[str], errors: list[RowError],
          index: dict[str, int], is_header: bool) -> None:
    """Fill each wrong cell red with its reasons as a comment."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        position = index.get(error.column)
        if position is None and is_header and error.value in row:
            position = row.index(error.value)  # an unknown column: its own heading
        if position is not None and position < len(cells):
            reasons[position].append(error.reason)
    for position, texts in reasons.items():
        cells[position].fill = WRONG
        cells[position].comment = Comment("\n".join(texts), "SXSH", width=300, height=120)


def _errors_cell(sheet, number: int, header_row: int, errors: list[RowError]) -> WriteOnlyCell:
    """The row's errors, one a line; in the header, the column's heading, with the
    header's own errors (a column missing) as its comment."""
    lines = [f"{e.label or e.column}: {e.reason}" if (e.label or e.column) else e.reason
             for e in errors]
    if number == header_row or (number == 1 and header_row == 2):
        text = str(ERRORS_COLUMN["errors"]) if number == 1 else "errors"
        cell = exporting.put(WriteOnlyCell(sheet), text)
        cell.font = Font(bold=True)
        if lines:
            cell.fill = WRONG
            cell.comment = Comment("\n".join(lines), "SXSH", width=300, height=120)
        return cell
    return exporting.put(WriteOnlyCell(sheet), "\n".join(lines) or None)


# --- Kept privately for the user ---------------------------------------------------------


def _folder(user: User) -> Path:
    return Path(settings.DATA_DIR) / "import-errors" / str(user.pk)


def keep_marked(open_source: Opener, *, kind: str, file_name: str, result: ImportResult,
                user: User) -> str:
    """Write the marked file of a failed upload where only ``user`` reads it; its token
    ("" when the file cannot be read back). Older files of the user are removed."""
    folder = _folder(user)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    stem = get_valid_filename(Path(file_name).stem)[:60] or "tep"
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out:
        try:
            marked_workbook(open_source, kind=kind, file_name=file_name, result=result,
                            out=out)
        except FileProblem:
            Path(out.name).unlink(missing_ok=True)
            return ""
    Path(out.name).rename(folder / f"{token}__{stem}.xlsx")
    return token


def kept_marked(user: User, token: str) -> tuple[Path, str] | None:
    """The file of ``token`` if ``user`` kept it (and its name to download), else None."""
    if not TOKEN.match(token):
        return None
    for path in _folder(user).glob(f"{token}__*.xlsx"):
        if time.time() - path.stat().st_mtime <= KEEP_SECONDS:
            stem = path.stem.split("__", 1)[1]
            return path, _("%(name)s-errors.xlsx") % {"name": stem}
    return None
