"""What waits for each role in carrying out the current plan (the home page's work queue):
the yearly budget's next step for the officer and finance, estimates and progress reports
for the agencies that lead or join tasks."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sxsh.core.capabilities import can, holds_only
from sxsh.core.formatting import number
from sxsh.core.models import User
from sxsh.core.work import WorkItem

from . import models as m
from .selectors import current_plan, estimable_lines

Status = m.YearBudget.Status
#: The step that waits on a yearly budget in each status, and who takes it.
BUDGET_STEPS = {
    Status.CONSOLIDATED: "plans.appraise",
    Status.APPRAISED: "plans.approve",
}


def work_items(user: User) -> list[WorkItem]:
    """The current plan's work waiting for ``user``: years to consolidate (the officer),
    to appraise (finance), to decide (the officer); for an agency, the years still to
    estimate and the tasks whose progress it has not reported this year."""
    plan = current_plan(user)
    if plan is None:
        return []
    items = _budget_items(user, plan)
    if user.agency_id and can(user, "plans.estimate") and not holds_only(user, "plans.estimate"):
        items += _estimate_items(user, plan)
    if (user.agency_id and can(user, "plans.report_progress")
            and not holds_only(user, "plans.report_progress")):
        items.append(_progress_item(user, plan))
    return items


def _budget_items(user: User, plan: m.Plan) -> list[WorkItem]:
    if not any(can(user, step) for step in ("plans.consolidate", *BUDGET_STEPS.values())):
        return []
    statuses = dict(m.YearBudget.objects.for_user(user).filter(plan=plan)
                    .values_list("year", "status"))
    items = []
    if can(user, "plans.consolidate"):
        estimated = (m.Estimate.objects.for_user(user).filter(plan=plan)
                     .values_list("year", flat=True).distinct().order_by("year"))
        items += [_year_item(plan, year, _("The estimates of %(year)s to consolidate"))
                  for year in estimated if statuses.get(year, Status.COLLECTING)
                  == Status.COLLECTING]
    texts = {Status.CONSOLIDATED: _("The budget of %(year)s waiting for appraisal"),
             Status.APPRAISED: _("The budget of %(year)s waiting for the province's decision")}
    for year, status in sorted(statuses.items()):
        if status in BUDGET_STEPS and can(user, BUDGET_STEPS[status]):
            items.append(_year_item(plan, year, texts[status]))
    return items


def _year_item(plan: m.Plan, year: int, text: str) -> WorkItem:
    return WorkItem(1, text % {"year": year},
                    reverse("plans:budget_year", args=[plan.code, year]))


def _estimate_items(user: User, plan: m.Plan) -> list[WorkItem]:
    """This year and the next, inside the plan's period, that the agency has not estimated
    although it leads or joins tasks with budget lines. A partner does not read the yearly
    budget: the page refuses an estimate once the year no longer collects them."""
    this_year = timezone.localdate().year
    wanted = [y for y in (this_year, this_year + 1) if y in plan.years]
    if not wanted or not estimable_lines(plan=plan, agency_id=user.agency_id,
                                         user=user).exists():
        return []
    given = set(m.Estimate.objects.for_user(user).filter(
        plan=plan, year__in=wanted, agency_id=user.agency_id).values_list("year", flat=True))
    return [WorkItem(1, _("The estimates of %(year)s to give") % {"year": year},
                     reverse("plans:estimates", args=[plan.code, year]))
            for year in wanted if year not in given]


def _progress_item(user: User, plan: m.Plan) -> WorkItem:
    """Tasks the agency leads or joins, begun by this year and not reported done, without
    a progress report this year."""
    this_year = timezone.localdate().year
    due = (plan.tasks.filter(m.Task.involving(user.agency_id), start_year__lte=this_year)
           .exclude(progress__status=m.TaskProgress.Status.DONE)
           .exclude(progress__reported_on__year=this_year)
           .distinct().count())
    return WorkItem(due, ngettext("%(n)s task to report progress on for %(year)s",
                                  "%(n)s tasks to report progress on for %(year)s", due)
                    % {"n": number(due), "year": this_year},
                    reverse("plans:progress", args=[plan.code]))
