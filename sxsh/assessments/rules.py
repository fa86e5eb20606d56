"""The rules of the assessments' records, on plain values and without a query: called by
the services behind the pages and usable by a file import that checks rows by the
thousand. Each returns a message per field that breaks a rule ({} when all is well)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core import formatting, years
from sxsh.core.bounds import field_errors

from .models import Option

#: The statuses an option takes when it is screened, and those of a chosen option done.
SCREENED = (Option.Status.IMPLEMENT_NOW, Option.Status.STUDY, Option.Status.REJECTED)
DONE = (Option.Status.IMPLEMENTED, Option.Status.VERIFIED)


def date_error(value: dt.date | None, *, not_before: dt.date | None = None,
               before_label: str = "") -> str:
    """The message for a date that cannot be right, or "": a year outside the valid
    years, a day still to come, or a day before ``not_before`` (named ``before_label``)."""
    if value is None:
        return ""
    message = years.year_error(value.year)
    if message:
        return message
    today = timezone.localdate()
    if value > today:
        return _("The date %(date)s is after today (%(today)s).") % {
            "date": formatting.day(value), "today": formatting.day(today)}
    if not_before is not None and value < not_before:
        return _("The date %(date)s is before %(what)s (%(limit)s).") % {
            "date": formatting.day(value), "what": before_label,
            "limit": formatting.day(not_before)}
    return ""


def option_rule_errors(values: dict[str, Any], *,
                       started_on: dt.date | None = None) -> dict[str, str]:
    """The rules every CP option obeys however it comes in: a code and a description
    (when given at all), its category and status, its figures bounded to their columns,
    ``implemented_on`` given exactly when the option is implemented or verified, and then
    not in the future nor before the assessment started (``started_on``)."""
    found = field_errors(Option, {k: v for k, v in values.items()
                                  if k not in ("category", "status", "implemented_on")})
    # a step that changes the status alone gives neither code nor description
    if "code" in values and not values["code"]:
        found["code"] = _("Give the option's code.")
    if "description" in values and not values["description"]:
        found["description"] = _("Describe the option.")
    if values.get("category") not in Option.Category.values:
        found["category"] = _("Choose one of the eight categories of CP options.")
    status = values.get("status") or Option.Status.PROPOSED
    if status not in Option.Status.values:
        found["status"] = _("Unknown status.")
    implemented_on = values.get("implemented_on")
    if status in DONE and implemented_on is None:
        found["implemented_on"] = _("An implemented option needs the date it was "
                                    "implemented.")
    elif status not in DONE and implemented_on is not None:
        found["implemented_on"] = _("Only an implemented or verified option has a date of "
                                    "implementation; a %(status)s option has none.") % {
            "status": str(Option.Status(status).label).lower()
            if status in Option.Status.values else status}
    else:
        message = date_error(implemented_on, not_before=started_on,
                             before_label=_("the start of the assessment"))
        if message:
            found["implemented_on"] = message
    return found
