"""Which years are valid — the one place for the bounds, the messages and the parsing.

Every year a record carries (a report's year, a facility's opening or closing) lies
between ``FIRST_YEAR`` and the current year in the province; a number outside
``FIRST_YEAR``–``LAST_YEAR`` is not a year at all (a typing slip), one after the current
year is a year not yet come. The year pickers of pages start at ``FIRST_PICKED_YEAR``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 1900
LAST_YEAR = 2100
#: The first year offered by the pages' year pickers (reports before it are rare).
FIRST_PICKED_YEAR = 2010

VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def current_year() -> int:
    """The calendar year in the province (TIME_ZONE): no year of a report or of a
    facility's opening or closing may be after it."""
    return timezone.localdate().year


def is_year(value: int) -> bool:
    """Whether ``value`` can be a year at all (between the bounds, future or not)."""
    return FIRST_YEAR <= value <= LAST_YEAR


def year_error(value: int | None, *, future: bool = False) -> str:
    """The message for a year that is not acceptable, or "" (None is acceptable: empty).

    ``future`` allows years after the current one (a plan's later years).
    """
    if value is None:
        return ""
    if not is_year(value):
        return _("Not a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR}
    now = current_year()
    if not future and value > now:
        return _("The year %(year)s is after the current year (%(now)s).") % {
            "year": value, "now": now}
    return ""


def check_year(value: int | None, *, future: bool = False) -> None:
    """Raise a ValidationError with ``year_error``'s message when there is one."""
    message = year_error(value, future=future)
    if message:
        raise ValidationError(message)


def parse_year(text: str | None) -> int | None:
    """A year typed in an address or a filter: its ASCII digits read as a year between the
    bounds, else None (the page then falls back to its default)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    value = int(text)
    return value if is_year(value) else None


def picker_years(*, last: int | None = None) -> range:
    """The years a page offers, newest first: the current year (or ``last``) down to
    ``FIRST_PICKED_YEAR``."""
    return range(last or current_year(), FIRST_PICKED_YEAR - 1, -1)
