"""The activities and attendance files (CSV or XLSX): columns, import and export.

An import checks every row first (the rules of ``services``), then writes all rows in one
transaction, or none. Activities are upserted by ``code``; attendees by their natural key
(activity code, person's name, organisation — spaces collapsed), so that importing the
same file twice changes nothing. Files are a few hundred rows (a year's activities, a
sign-in sheet): the checked rows are kept in memory between the two steps.
Documented for people in ``sxsh/activities/data/COLUMNS.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.core import exporting
from sxsh.core.audit import log_diffs
from sxsh.core.capabilities import require
from sxsh.core.models import User
from sxsh.facilities.interchange.files import FileProblem, file_format, read_rows
from sxsh.facilities.interchange.parsing import CellError, ImportResult, parse_decimal
from sxsh.facilities.interchange.reports_import import Opener, _same
from sxsh.facilities.models import Facility, validate_tax_code

from .models import COST_FIELDS, Activity, Attendance
from .services import (
    DepartmentBook,
    PlanBook,
    activity_rule_errors,
    attendance_rule_errors,
    normalise,
)

ACTIVITY_COLUMNS: dict[str, object] = {
    "code": gettext_lazy("Activity code"),
    "kind": gettext_lazy("Kind (media, print, workshop, training, study_tour, survey, "
                         "network, guide, conference)"),
    "task_code": gettext_lazy("Task (as in Appendix I)"),
    "budget_line_code": gettext_lazy("Budget line (as in Appendix II)"),
    "date": gettext_lazy("Date (YYYY-MM-DD or DD/MM/YYYY)"),
    "title": gettext_lazy("Title"),
    "place": gettext_lazy("Place"),
    "organiser": gettext_lazy("Organiser"),
    "cost_central_mvnd": gettext_lazy("Cost, central budget (million VND)"),
    "cost_local_mvnd": gettext_lazy("Cost, local budget (million VND)"),
    "cost_enterprise_mvnd": gettext_lazy("Cost, enterprises (million VND)"),
}
ATTENDANCE_COLUMNS: dict[str, object] = {
    "activity_code": gettext_lazy("Activity code"),
    "tax_code": gettext_lazy("Tax code of the facility (empty: none)"),
    "person_name": gettext_lazy("Full name"),
    "gender": gettext_lazy("Gender (male, female, other)"),
    "organisation": gettext_lazy("Organisation"),
    "position": gettext_lazy("Position"),
}
#: A sign-in sheet uploaded on an activity's page may leave out the activity's code.
SHEET_COLUMNS = {k: v for k, v in ATTENDANCE_COLUMNS.items() if k != "activity_code"}
ACTIVITY_STORED = ("kind", "task_id", "budget_line_id", "date", "title", "place",
                   "organiser", *COST_FIELDS.values())
ATTENDANCE_STORED = ("facility_id", "gender", "position", "officer_id")
#: The file's columns that name a field of the rules under another name.
RULE_COLUMNS = {"task": "task_code", "budget_line": "budget_line_code"}


def parse_date(text: str) -> dt.date:
    """A date as ISO (2018-05-03, as exported; an XLSX date cell reads so) or as typed in
    Vietnam (03/05/2018)."""
    text = text.strip()
    if not text:
        raise CellError(_("The date is required."))
    try:
        if "/" in text:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise CellError(_("Not a date: write 2018-05-03 or 03/05/2018.")) from exc


# --- Activities ----------------------------------------------------------------------------


def _activity_values(row: dict[str, str], number: int, book: PlanBook,
                     result: ImportResult) -> dict[str, Any] | None:
    before = result.error_count
    failed: set[str] = set()

    def err(column: str, reason: str) -> None:
        if column not in failed:
            failed.add(column)
            result.add_error(number, column, row[column], reason)

    values: dict[str, Any] = {f: row[f] for f in ("code", "kind", "title", "place",
                                                   "organiser")}
    try:
        values["date"] = parse_date(row["date"])
    except CellError as exc:
        err("date", str(exc))
        values["date"] = None
    for field in COST_FIELDS.values():
        try:
            values[field] = parse_decimal(row[field]) or parse_decimal("0")
        except CellError as exc:
            err(field, str(exc))
    values["task"] = values["budget_line"] = None
    if values["date"] is not None:
        task, line, errors = book.resolve(row["task_code"], row["budget_line_code"],
                                          values["date"].year)
        values["task"], values["budget_line"] = task, line
        for column, message in errors.items():
            err(column, message)
    for field, message in activity_rule_errors(values).items():
        err(RULE_COLUMNS.get(field, field), message)
    return values if result.error_count == before else None


def import_activities(open_source: Opener, *, file_name: str, user: User | None,
                      as_upload: bool) -> ImportResult:
    """Import the activities of a CSV or XLSX file: all rows, or none if any row is wrong;
    upserted by code. On a page the user must hold ``activities.manage``."""
    result = ImportResult(file=file_name)
    try:
        fmt = file_format(file_name)
        if as_upload:
            require(user, "activities.manage")
        book = PlanBook()
        checked: list[dict[str, Any]] = []
        seen: set[str] = set()
        with open_source() as source:
            for number, row in read_rows(source, fmt, ACTIVITY_COLUMNS,
                                         ACTIVITY_COLUMNS.values()):
                result.rows += 1
                values = _activity_values(row, number, book, result)
                if row["code"] in seen:
                    result.add_error(number, "code", row["code"],
                                     _("This code appears twice in the file."))
                seen.add(row["code"])
                if values is not None:
                    checked.append(values)
        if result.ok:
            _write_activities(checked, user, result)
    except FileProblem as exc:
        result.problem = str(exc)
    return result


@transaction.atomic
def _write_activities(checked: list[dict[str, Any]], user: User | None,
                      result: ImportResult) -> None:
    existing = Activity.objects.in_bulk([v["code"] for v in checked], field_name="code")
    for values in checked:
        values["task_id"] = values.pop("task").pk
        values["budget_line_id"] = values.pop("budget_line").pk
    _upsert(Activity, checked, existing, key=lambda v: v["code"], stored=ACTIVITY_STORED,
            logged=("code",), user=user, result=result)


def _upsert(model, checked: list[dict[str, Any]], existing: dict, *, key,
            stored: tuple[str, ...], logged: tuple[str, ...], user: User | None,
            result: ImportResult) -> None:
    """Create the rows whose ``key`` is new, update those that differ (``stored`` fields),
    count the unchanged, and audit both (the new ones with ``logged`` + ``stored``)."""
    new: list = []
    changed: list[tuple[Any, dict[str, list[str]]]] = []
    for values in checked:
        row = existing.get(key(values))
        if row is None:
            new.append(model(**values))
            continue
        diff = _diff(row, values, stored)
        if diff:
            changed.append((row, diff))
        else:
            result.unchanged += 1
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update([r for r, _d in changed], stored)
    result.created, result.updated = len(new), len(changed)
    log_diffs(model, [
        *((r.pk, str(r), None, {f: getattr(r, f) for f in (*logged, *stored)}) for r in new),
        *((r.pk, str(r), diff, {}) for r, diff in changed),
    ], user=user)


def _diff(obj, values: dict[str, Any], fields: Iterable[str]) -> dict[str, list[str]]:
    """The fields whose value changes, as auditlog records them; ``obj`` takes the new
    values."""
    diff = {f: [str(getattr(obj, f)), str(values[f])] for f in fields
            if not _same(getattr(obj, f), values[f])}
    for f in diff:
        setattr(obj, f, values[f])
    return diff


def activity_rows(activities: QuerySet[Activity]) -> Iterator[list[Any]]:
    """One row per activity in ``ACTIVITY_COLUMNS`` (one query, streamed)."""
    qs = activities.order_by("date", "code").values_list(
        "code", "kind", "task__code", "budget_line__code", "date", "title", "place",
        "organiser", *COST_FIELDS.values())
    for row in qs.iterator(chunk_size=2000):
        yield list(row)


# --- Attendance -----------------------------------------------------------------------------


class _Attendees:
    """What an attendance import needs, read once: the activities the user may record
    attendees of, the facilities by tax code, the department's names and officers."""

    def __init__(self, user: User | None, as_upload: bool, activity: Activity | None) -> None:
        activities = Activity.objects.all()
        if as_upload:
            require(user, "activities.manage")
            activities = Activity.objects.for_user(user)
        if activity is not None:
            activities = activities.filter(pk=activity.pk)
        self.activities = dict(activities.values_list("code", "pk"))
        self.facilities = dict(Facility.objects.values_list("tax_code", "pk"))
        self.department = DepartmentBook()


def _attendance_values(row: dict[str, str], number: int, ctx: _Attendees,
                       result: ImportResult) -> dict[str, Any] | None:
    before = result.error_count
    values: dict[str, Any] = {
        "activity_id": ctx.activities.get(row["activity_code"]),
        "person_name": " ".join(row["person_name"].split()),
        "organisation": " ".join(row["organisation"].split()),
        "position": row["position"], "gender": row["gender"].lower(), "facility_id": None,
    }
    if values["activity_id"] is None:
        result.add_error(number, "activity_code", row["activity_code"],
                         _("No activity with this code that you may record attendees of."))
    if row["tax_code"]:
        try:
            validate_tax_code(row["tax_code"])
            values["facility_id"] = ctx.facilities[row["tax_code"]]
        except KeyError:
            result.add_error(number, "tax_code", row["tax_code"],
                             _("No facility with this tax code in the register."))
        except Exception as exc:  # ValidationError carries the Vietnamese message
            result.add_error(number, "tax_code", row["tax_code"], exc.messages[0])
    for column, message in attendance_rule_errors(values).items():
        result.add_error(number, column, row[column], message)
    values["officer_id"] = None if values["facility_id"] else ctx.department.officer_for(
        values["person_name"], values["organisation"])
    return values if result.error_count == before else None


def import_attendance(open_source: Opener, *, file_name: str, user: User | None,
                      as_upload: bool, activity: Activity | None = None) -> ImportResult:
    """Import attendees (a sign-in sheet) from a CSV or XLSX file: all rows or none,
    upserted by (activity, name, organisation). With ``activity`` (its page) the file may
    leave out ``activity_code``; where it has the column, every row must name it."""
    result = ImportResult(file=file_name)
    try:
        fmt = file_format(file_name)
        ctx = _Attendees(user, as_upload, activity)
        columns = ATTENDANCE_COLUMNS
        if activity is not None and not _has_activity_column(open_source, fmt):
            columns = SHEET_COLUMNS
        checked: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        with open_source() as source:
            for number, row in read_rows(source, fmt, columns, columns.values(),
                                         ignored=("activity_code",)):
                result.rows += 1
                row.setdefault("activity_code", activity.code if activity else "")
                values = _attendance_values(row, number, ctx, result)
                key = (row["activity_code"], normalise(row["person_name"]),
                       normalise(row["organisation"]))
                if key in seen:
                    result.add_error(number, "person_name", row["person_name"], _(
                        "This person of this organisation appears twice for the activity."))
                seen.add(key)
                if values is not None:
                    checked.append(values)
        if result.ok:
            _write_attendance(checked, user, result)
    except FileProblem as exc:
        result.problem = str(exc)
    return result


def _has_activity_column(open_source: Opener, fmt: str) -> bool:
    with open_source() as source:
        try:
            next(read_rows(source, fmt, ["activity_code"], [],
                           ignored=ATTENDANCE_COLUMNS), None)
        except FileProblem:
            return False
    return True


@transaction.atomic
def _write_attendance(checked: list[dict[str, Any]], user: User | None,
                      result: ImportResult) -> None:
    def key(v) -> tuple:
        return (v["activity_id"], normalise(v["person_name"]), normalise(v["organisation"]))

    existing = {
        key({"activity_id": a.activity_id, "person_name": a.person_name,
             "organisation": a.organisation}): a
        for a in Attendance.objects.filter(activity_id__in={v["activity_id"] for v in checked})
    }
    _upsert(Attendance, checked, existing, key=key, stored=ATTENDANCE_STORED,
            logged=("activity_id", "person_name", "organisation"), user=user, result=result)


def attendance_rows(attendances: QuerySet[Attendance]) -> Iterator[list[Any]]:
    """One row per attendee in ``ATTENDANCE_COLUMNS`` (one query, streamed)."""
    qs = attendances.order_by("activity__date", "activity__code", "person_name", "pk") \
        .values_list("activity__code", "facility__tax_code", "person_name", "gender",
                     "organisation", "position")
    for row in qs.iterator(chunk_size=2000):
        yield list(row)


KINDS = {"activities": ACTIVITY_COLUMNS, "attendance": ATTENDANCE_COLUMNS}


def export(kind: str, rows: Iterable[list[Any]], fmt: str, *,
           template: bool = False) -> Iterator[bytes]:
    """Rows of ``kind`` (activities, attendance) as CSV or XLSX through the one exporter;
    the template is the column codes and a row of their labels."""
    columns = KINDS[kind]
    if template:
        rows = [[str(label) for label in columns.values()]]
    return exporting.export(fmt, list(columns), rows, title=kind)
