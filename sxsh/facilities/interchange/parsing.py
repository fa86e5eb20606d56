"""Turning the text of a cell into a value, with the reason in Vietnamese when it cannot."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sxsh.core.years import FIRST_YEAR, current_year, year_error

MAX_DECIMAL = Decimal("1e15")
PLACES = Decimal("0.001")
MAX_KEPT_ERRORS = 500
#: A number as a cell may hold it: a sign, digits with separators (points, commas, blanks),
#: an exponent. Only ASCII digits (Decimal would also read fullwidth or Arabic-Indic ones).
NUMBER_RE = re.compile(r"(?P<sign>[-+]?)(?P<body>[0-9][0-9., ]*|[.,][0-9]+)"
                       r"(?:[eE](?P<exponent>[-+]?[0-9]{1,4}))?\Z")
#: Blanks that may group thousands as well as a space (no-break, narrow no-break).
GROUP_BLANKS = "\u00a0\u202f"
#: Digits grouped by thousands with ``sep``: 1.234.567, 1,234, 12 345.
GROUPED_RE = {sep: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+\Z")
              for sep in ".,  "}
#: A comma alone before three digits, after one to three: 1,234 is 1.234 in Vietnamese and
#: 1234 in English.
AMBIGUOUS_RE = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}\Z")
#: A number as exports and generated files write it (digits, a point before the decimals,
#: at most 15 digits before it: below MAX_DECIMAL), which the rule reads as Decimal does.
PLAIN_RE = re.compile(r"[0-9]{1,15}(?:\.[0-9]+)?\Z")
#: Whole numbers of up to 15 ASCII digits, read as int does.
PLAIN_INT_RE = re.compile(r"[0-9]{1,15}\Z")


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
    ``signed``. The one rule of every importer (CONTRIBUTING.md, "Numbers in files"): a
    point alone is the decimal point (1234.5; 1.234 as every export writes it), a comma alone
    the decimal comma (1234,5) except before exactly three digits after one to three (1,234
    is refused: it may be either); with both, the last one marks the decimals and the other
    groups thousands (1.234,5; 1,234.5); the same one twice, or blanks, group thousands
    (1.234.567; 1 234,5). A CSV file separated by ``;`` is Vietnamese throughout: its
    reader has already made 1.234 a thousand and 1,234 a decimal (``sources``)."""
    if text == "":
        return None
    if PLAIN_RE.match(text):  # most cells: the rule below would give the same number
        return Decimal(text).quantize(places, rounding=ROUND_HALF_UP)
    value = Decimal(_plain_number(text))
    if value < 0 and not signed:
        raise CellError(_("A quantity cannot be negative."))
    if abs(value) >= MAX_DECIMAL:
        raise CellError(_("The number is too large."))
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _plain_number(text: str) -> str:
    """``text`` as Decimal reads it (1234.5), or CellError saying how to write it."""
    cleaned = text.strip()
    for blank in GROUP_BLANKS:
        cleaned = cleaned.replace(blank, " ")
    match = NUMBER_RE.match(cleaned)
    if not match:
        raise CellError(_not_a_number())
    body = match["body"].rstrip()
    if "." in body and "," in body:
        decimal: str | None = "." if body.rfind(".") > body.rfind(",") else ","
    elif body.count(".") + body.count(",") == 1:
        decimal = "." if "." in body else ","
    else:  # no separator, or the same one several times: thousands
        decimal = None
    if decimal == "," and AMBIGUOUS_RE.match(body):
        whole, _sep, fraction = body.partition(",")
        raise CellError(
            _("Ambiguous: a comma before three digits may group thousands or mark the "
              "decimals. Write %(whole)s for the whole number, or %(point)s with a decimal "
              "point.") % {"whole": whole + fraction, "point": f"{whole}.{fraction}"})
    whole, _sep, fraction = body.rpartition(decimal) if decimal else (body, "", "")
    groups = {c for c in whole if not c.isdigit()}
    if len(groups) > 1 or not fraction.isdigit() and fraction:
        raise CellError(_not_a_number())
    if groups:
        if not GROUPED_RE[groups.pop()].match(whole):
            raise CellError(_not_a_number())
        whole = re.sub(r"[^0-9]", "", whole)
    exponent = f"e{match['exponent']}" if match["exponent"] else ""
    return f"{match['sign']}{whole or '0'}.{fraction or '0'}{exponent}"


def _not_a_number() -> str:
    return _("Not a number.")


def parse_int(text: str, *, signed: bool = False) -> int | None:
    """A whole number written with digits only."""
    if PLAIN_INT_RE.match(text):
        return int(text)
    if "e" in text.lower():  # 2e3 is not the year 2000
        raise CellError(_("Not a whole number: write it with the digits 0-9 only."))
    value = parse_decimal(text, signed=signed)
    if value is None:
        return None
    if value != value.to_integral():
        if re.fullmatch(r"[-+]?[1-9][0-9]{0,2}\.[0-9]{3}", text.strip()):
            raise CellError(_("Not a whole number: in a file a point alone is the decimal "
                              "point; write %(whole)s without a separator.")
                            % {"whole": text.strip().replace(".", "")})
        raise CellError(_("Not a whole number."))
    return int(value)


def parse_year(text: str) -> int | None:
    value = parse_int(text)
    if value is not None and FIRST_YEAR <= value <= _current_year():
        return value
    message = year_error(value)
    if message:
        raise CellError(message)
    return value


_this_year: list = [None, 0]


def _current_year() -> int:
    """``current_year`` asked at most once a minute (asking costs more than the rest of a
    row's year): a file of 100 000 rows has two years a row."""
    minute = time.time() // 60
    if _this_year[0] != minute:
        _this_year[:] = [minute, current_year()]
    return _this_year[1]


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
