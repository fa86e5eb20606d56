"""What waits in the local network (the home page's work queue): a unit's yearly local
report to send (its focal point) and the reports sent to the department (the officer)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sxsh.core.capabilities import can
from sxsh.core.formatting import number
from sxsh.core.models import User
from sxsh.core.work import WorkItem
from sxsh.core.years import current_year

from .models import LocalReport

#: A local report not yet with the department (or sent back by it).
UNSENT = (LocalReport.Status.DRAFT, LocalReport.Status.RETURNED)


def work_items(user: User) -> list[WorkItem]:
    """The local report of the year just ended that the user's unit has not sent (a local
    focal point); the local reports waiting for review (the officer). One query."""
    items = []
    unit = user.admin_unit if user.admin_unit_id else None
    if unit is not None and can(user, "activities.local_report", unit):
        year = current_year() - 1
        report = LocalReport.objects.for_user(user).filter(admin_unit=unit, year=year).first()
        if report is None or report.status in UNSENT:
            items.append(WorkItem(1, _("The local report of %(unit)s for %(year)s to send")
                                  % {"unit": unit.name, "year": year},
                                  reverse("activities:local_report", args=[unit.code, year])))
    if can(user, "activities.review_local"):
        years = list(LocalReport.objects.for_user(user).filter(
            status=LocalReport.Status.SUBMITTED).values_list("year", flat=True)
            .order_by("-year"))
        if years:
            items.append(WorkItem(len(years), ngettext(
                "%(n)s local report waiting for review", "%(n)s local reports waiting for review",
                len(years)) % {"n": number(len(years))},
                reverse("activities:network") + f"?year={years[0]}"))
    return items
