"""Figures and dates as the province writes them for people: 3.360; 8,5; 12,0 %; 31/10/2016.

Every page, chart and message built in Python writes a figure through this module, so that
two places never show the same value two ways. Rounding is half up on ``Decimal``: Python's
``round()`` rounds half to even on binary floats, so a share of 1/16 would read 6,2 % on a
chart and 6,3 % on the card beside it. A value that is not known is written ``NO_VALUE``.

Export files meant for machines keep plain numbers and do not come here.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format, number_format

#: What a page, chart or message shows for a value that is not known.
NO_VALUE = "–"

Number = Decimal | int | float


def to_decimal(value: Number | str) -> Decimal:
    """``value`` as a Decimal; a float through its shortest text (0.1 → 0.1, not 0.1000…)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_half_up(value: Number | str, digits: int = 0) -> Decimal:
    """``value`` rounded to ``digits`` decimals, a half always away from zero (2,5 → 3)."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def number(value: Number | str | None, digits: int | None = None, *,
           signed: bool = False) -> str:
    """A figure with thousands grouped and the decimal comma (3.360; 8,5).

    With ``digits``, rounded half up to that many decimals and written with all of them
    (0,67; 12,0); without, as many decimals as the value has, trailing zeros dropped
    (1375.000 → 1.375; 12.500 → 12,5). ``signed`` writes a plus before a positive figure.
    """
    if value is None or value == "":
        return NO_VALUE
    try:
        exact = to_decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if not exact.is_finite():
        return NO_VALUE
    if digits is not None:
        shown: Decimal | int = round_half_up(exact, int(digits))
    elif exact == exact.to_integral():
        shown = int(exact)
    else:
        shown = exact.normalize()
    text = number_format(shown, decimal_pos=None if digits is None else int(digits),
                         use_l10n=True, force_grouping=True)
    return f"+{text}" if signed and shown > 0 else text


def percent(fraction: Number | str | None, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage, rounded half up (0.085 → 8,5 %; 0.1245 → 12,5 %)."""
    if fraction is None or fraction == "":
        return NO_VALUE
    try:
        share = to_decimal(fraction) * 100
    except (InvalidOperation, ValueError, TypeError):
        return str(fraction)
    return f"{number(share, digits, signed=signed)} %"


def day(value: dt.date | None) -> str:
    """A date as the reader's language writes it in short (31/10/2016 in Vietnamese)."""
    if value is None:
        return NO_VALUE
    return date_format(value, "SHORT_DATE_FORMAT")


def moment(value: dt.datetime | None) -> str:
    """A date and time in the province's time zone (31/10/2016 14:05 in Vietnamese)."""
    if value is None:
        return NO_VALUE
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
