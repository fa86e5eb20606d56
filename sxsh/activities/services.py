"""Writes of the activities context, and the rules of an activity and of an attendee.

The rules check plain values (``activity_rule_errors``, ``attendance_rule_errors``); the
form's services and the file imports call the same functions. Which plan an activity's
task and budget line codes belong to is decided by ``PlanBook``: the plan whose period
contains the activity's year and has both codes; two such plans are refused as ambiguous.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sxsh.core.capabilities import require
from sxsh.core.models import Agency, User
from sxsh.core.years import year_error
from sxsh.plans.models import BudgetLine, Plan, Task

from .models import COST_FIELDS, MAX_COST_MVND, Activity, Attendance

ACTIVITY_FIELDS = ("code", "kind", "task", "budget_line", "date", "title", "place",
                   "organiser", *COST_FIELDS.values())
CODE_RE = re.compile(r"^[\w.\-]+$")  # a code is part of the page's address
#: Codes that would be read as another page's address (/activities/new/, …).
RESERVED_CODES = frozenset({"new", "upload"})


def normalise(text: str) -> str:
    """A name as compared: spaces collapsed, case ignored (``Sở  công thương`` = ``Sở Công
    Thương``)."""
    return " ".join((text or "").split()).casefold()


# --- Which plan a code belongs to ------------------------------------------------------


class PlanBook:
    """The plans' tasks and budget lines by code, read once (three queries)."""

    def __init__(self) -> None:
        self.plans = list(Plan.objects.all())
        self.tasks: dict[tuple[int, str], Task] = {
            (t.plan_id, t.code): t for t in Task.objects.all()}
        self.lines: dict[tuple[int, str], BudgetLine] = {
            (b.plan_id, b.code): b for b in BudgetLine.objects.all()}

    def resolve(self, task_code: str, line_code: str, year: int
                ) -> tuple[Task | None, BudgetLine | None, dict[str, str]]:
        """The task and budget line named by the codes in the plan covering ``year``, or
        the errors by column (task_code, budget_line_code, date)."""
        covering = sorted((p for p in self.plans if p.start_year <= year <= p.end_year),
                          key=lambda p: (p.start_year, p.number))
        if not covering:
            return None, None, {"date": _("No plan covers the year %(year)s.") % {"year": year}}
        found = [(p, self.tasks.get((p.pk, task_code)), self.lines.get((p.pk, line_code)))
                 for p in covering]
        complete = [(p, t, b) for p, t, b in found if t is not None and b is not None]
        if len(complete) > 1:
            return None, None, {"task_code": _(
                "Several plans cover %(year)s and have this task and budget line (%(plans)s): "
                "the activity's plan is ambiguous.") % {
                "year": year, "plans": ", ".join(p.number for p, _t, _b in complete)}}
        if complete:
            _plan, task, line = complete[0]
            return task, line, {}
        errors = {}
        numbers = ", ".join(p.number for p in covering)
        if not any(t for _p, t, _b in found):
            errors["task_code"] = _("No task with this code in the plan covering %(year)s "
                                    "(%(plans)s).") % {"year": year, "plans": numbers}
        if not any(b for _p, _t, b in found):
            errors["budget_line_code"] = _(
                "No budget line with this code in the plan covering %(year)s (%(plans)s).") % {
                "year": year, "plans": numbers}
        if not errors:
            errors["budget_line_code"] = _("The task and the budget line are of different "
                                           "plans.")
        return None, None, errors


def activity_rule_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with an activity's values, by field (no query): ``task`` and
    ``budget_line`` are objects already read, ``date`` a date."""
    errors: dict[str, str] = {}
    _identity_errors(values, errors)
    _plan_errors(values, errors)
    _cost_errors(values, errors)
    return errors


def _identity_errors(values: dict[str, Any], errors: dict[str, str]) -> None:
    code = values.get("code") or ""
    if not code:
        errors["code"] = _("The code is required.")
    elif len(code) > 40 or not CODE_RE.match(code):
        errors["code"] = _("A code has at most 40 letters, digits, dots or hyphens.")
    elif code.lower() in RESERVED_CODES or not code.strip("."):
        errors["code"] = _("This code would be read as another page's address: choose "
                           "another.")
    if values.get("kind") not in Activity.Kind.values:
        errors["kind"] = _("Unknown kind: use one of %(kinds)s.") % {
            "kind": values.get("kind"), "kinds": ", ".join(Activity.Kind.values)}
    if not values.get("title"):
        errors["title"] = _("The title is required.")
    date = values.get("date")
    if date is None:
        errors["date"] = _("The date is required.")
    elif message := year_error(date.year, future=True):
        errors["date"] = message


def _plan_errors(values: dict[str, Any], errors: dict[str, str]) -> None:
    task, line, date = values.get("task"), values.get("budget_line"), values.get("date")
    if task is None or line is None:
        return
    if line.plan_id != task.plan_id:
        errors["budget_line"] = _("The task and the budget line are of different plans.")
    elif line.task_id is not None and line.task_id != task.pk:
        errors["budget_line"] = _("This budget line pays for another task of the plan.")
    elif date is not None and date.year not in range(task.plan.start_year,
                                                      task.plan.end_year + 1):
        errors["date"] = _("The date is outside the plan's period.")


def _cost_errors(values: dict[str, Any], errors: dict[str, str]) -> None:
    for field in COST_FIELDS.values():
        cost = values.get(field)
        if cost is None:
            continue
        if cost < 0:
            errors[field] = _("A cost cannot be negative.")
        elif cost > MAX_COST_MVND:
            errors[field] = _("The cost is too large (in million VND).")


# --- Attendees ---------------------------------------------------------------------------


class DepartmentBook:
    """The department's names and its officers by full name, read once (two queries), to
    link an attendee of the department to the officer's account (I5)."""

    def __init__(self) -> None:
        from sxsh.indicators.engine.compute import department_officers
        from sxsh.indicators.engine.definitions import DEPARTMENT_AGENCY_CODES

        self.names: set[str] = set()
        for agency in Agency.objects.filter(code__in=DEPARTMENT_AGENCY_CODES):
            for name in (agency.name, agency.short_name, agency.code,
                         *agency.aliases.splitlines()):
                if name.strip():
                    self.names.add(normalise(name))
        self.officers: dict[str, list[int]] = {}
        for pk, full_name in department_officers().values_list("pk", "full_name"):
            if full_name.strip():
                self.officers.setdefault(normalise(full_name), []).append(pk)

    def officer_for(self, person_name: str, organisation: str) -> int | None:
        """The account of the department officer with this full name, when the attendee's
        organisation is the department (or one of its divisions or centres) and exactly
        one such officer has the name; else None."""
        if normalise(organisation) not in self.names:
            return None
        found = self.officers.get(normalise(person_name), [])
        return found[0] if len(found) == 1 else None


def attendance_rule_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with an attendee's values, by column (no query)."""
    errors: dict[str, str] = {}
    if not values.get("person_name"):
        errors["person_name"] = _("The name is required.")
    elif len(values["person_name"]) > 200:
        errors["person_name"] = _("The name is too long (at most 200 characters).")
    if values.get("gender") not in Attendance.Gender.values:
        errors["gender"] = _("Write male, female or other.")
    for field, size in (("organisation", 300), ("position", 200)):
        if len(values.get(field) or "") > size:
            errors[field] = _("At most %(n)s characters.") % {"n": size}
    return errors


# --- The form's writes ---------------------------------------------------------------------


def _check(values: dict[str, Any], pk: int | None) -> None:
    errors = activity_rule_errors(values)
    if "code" not in errors and Activity.objects.filter(code=values["code"]).exclude(
            pk=pk).exists():
        errors["code"] = _("Another activity has this code.")
    if errors:
        raise ValidationError(errors)


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    values = {f: data.get(f) for f in ACTIVITY_FIELDS}
    for field in ("code", "title", "place", "organiser"):
        values[field] = (values[field] or "").strip()
    for field in COST_FIELDS.values():
        values[field] = values[field] if values[field] is not None else Decimal(0)
    return values


@transaction.atomic
def activity_create(*, data: dict[str, Any], user: User) -> Activity:
    """Record an activity (an officer); ValidationError by field."""
    require(user, "activities.manage")
    values = _cleaned(data)
    _check(values, None)
    activity = Activity(**values)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict[str, Any], user: User) -> Activity:
    """Change an activity (an officer), re-read under lock through the user's scope."""
    require(user, "activities.manage")
    activity = Activity.objects.for_user(user).select_for_update().get(pk=activity.pk)
    values = _cleaned(data)
    _check(values, activity.pk)
    for field, value in values.items():
        setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    return activity

