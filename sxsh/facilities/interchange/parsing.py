"""Turning the text of a cell into a value, with the reason in Vietnamese when it cannot."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sxsh.core.years import year_error

MAX_DECIMAL = Decimal("1e15")
PLACES = Decimal("0.001")
MAX_KEPT_ERRORS = 500
#: A number as a file writes it: ASCII digits, a point, an exponent (Decimal would also
#: read fullwidth or Arabic-Indic digits).
NUMBER_RE = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")


class CellError(ValueError):
    """A cell's text is not a value of its column."""


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    value: str
    reason: str
    label: str = ""  # the column as the template names it, for people

    def __str__(self) -> str:
        return _("%(file)s, row %(row)s, column %(column)s, value “%(value)s”: %(reason)s") % {
            "file": self.file, "row": self.row, "column": self.label or self.column or "–",
            "value": self.value, "reason": self.reason,
        }


@dataclass
class ImportResult:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    warned: int = 0
    errors: list[RowError] = field(default_factory=list)
    problem: str = ""
    #: The label of each column code, which errors name (``columns.REPORT_COLUMNS``).
    labels: dict[str, object] = field(default_factory=dict)
    failed_rows: set[int] = field(default_factory=set)
    #: Columns missing from the header: named once there, not again on every row.
    quiet: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.error_count and not self.problem

    def add_error(self, row: int, column: str, value: str, reason: str) -> None:
        if column in self.quiet:
            return
        self.error_count += 1
        self.failed_rows.add(row)
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(self.file, row, column, value, reason,
                                        str(self.labels.get(column, ""))))


def parse_decimal(text: str, *, places: Decimal = PLACES,
                  signed: bool = False) -> Decimal | None:
    """A number rounded half up to ``places`` (thousandths unless told), negative only when
    ``signed``."""
    if text == "":
        return None
    cleaned = text.replace(" ", "")
    if "," in cleaned:
        # "1,5" or "1,500": a decimal comma or a thousands separator? Files use one
        # plain format (1234.5), so the cell is refused with the way to write it.
        raise CellError(_("Not a number: use a decimal point and no thousands separator "
                          "(e.g. 1234.5)."))
    if not NUMBER_RE.match(cleaned):
        raise CellError(_("Not a number."))
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise CellError(_("Not a number.")) from exc
    if value < 0 and not signed:
        raise CellError(_("A quantity cannot be negative."))
    if abs(value) >= MAX_DECIMAL:
        raise CellError(_("The number is too large."))
    return value.quantize(places, rounding=ROUND_HALF_UP)


def parse_int(text: str, *, signed: bool = False) -> int | None:
    """A whole number written with digits only."""
    if "e" in text.lower():  # 2e3 is not the year 2000
        raise CellError(_("Not a whole number: write it with the digits 0-9 only."))
    value = parse_decimal(text, signed=signed)
    if value is None:
        return None
    if value != value.to_integral():
        raise CellError(_("Not a whole number."))
    return int(value)


def parse_year(text: str) -> int | None:
    value = parse_int(text)
    message = year_error(value)
    if message:
        raise CellError(message)
    return value


def parse_date(text: str) -> dt.date | None:
    """An ISO date (2019-06-01), as typed or as a spreadsheet's date cell reads
    (2019-06-01T00:00:00). Whether the day can be right is the record's rule."""
    if text == "":
        return None
    day, _sep, time = text.partition("T")
    try:
        if len(day) != 10 or time.strip("0:"):
            raise ValueError(text)
        return dt.date.fromisoformat(day)
    except ValueError as exc:
        raise CellError(_("Not a date: write it as YYYY-MM-DD (e.g. 2019-06-01).")) from exc


def parse_bool(text: str) -> bool | None:
    if text == "":
        return None
    if text in ("1", "0"):
        return text == "1"
    raise CellError(_("Write 1 for yes, 0 for no, or leave empty if unknown."))



@contextmanager
def write_transaction(result: ImportResult) -> Iterator[None]:
    """The transaction of an import's write: a unique key taken meanwhile by another
    import or a user (checked, then written: two imports of the same rows at once) undoes
    it all and becomes the file's problem, not an error of the database."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        result.created = result.updated = result.unchanged = 0
        result.problem = _("Some of these rows were written by someone else while this file "
                           "was being imported; nothing was imported. Import the file again.")
