"""Writes of the activities context, and the rules of an activity and of an attendee.

The rules check plain values (``activity_rule_errors``, ``attendance_rule_errors``); the
form's services and the file imports call the same functions. Which plan an activity's
task and budget line codes belong to is decided by ``PlanBook``: the plan whose period
contains the activity's year and has both codes; two such plans are refused as ambiguous.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.capabilities import require
from sxsh.core.concurrency import check_version
from sxsh.core.models import AdminUnit, Agency, User
from sxsh.core.scoping import Role
from sxsh.core.years import check_year, year_error
from sxsh.facilities.interchange.files import FileProblem
from sxsh.facilities.models import Facility
from sxsh.plans.models import BudgetLine, Plan, Task

from .models import (
    COST_FIELDS,
    MAX_COST_MVND,
    Activity,
    Attendance,
    Award,
    FocalPoint,
    LocalReport,
    Output,
    Question,
    Response,
    Survey,
)
from .surveys import Submission, answer_value, read_export

ACTIVITY_FIELDS = ("code", "kind", "task", "budget_line", "date", "title", "place",
                   "organiser", *COST_FIELDS.values())
CODE_RE = re.compile(r"^[\w.\-]+$")  # a code is part of the page's address
#: Codes that would be read as another page's address (/activities/new/, …).
RESERVED_CODES = frozenset({"new", "upload", "surveys", "network", "awards"})


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
def activity_update(*, activity: Activity, data: dict[str, Any], user: User,
                    expected_version: str | None = None) -> Activity:
    """Change an activity (an officer), re-read under lock through the user's scope; with
    ``expected_version`` (the form's token) refused if someone else changed it since."""
    require(user, "activities.manage")
    activity = Activity.objects.for_user(user).select_for_update().get(pk=activity.pk)
    check_version(activity, expected_version, ACTIVITY_FIELDS)
    values = _cleaned(data)
    _check(values, activity.pk)
    for field, value in values.items():
        setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    return activity



# --- An activity's outputs -----------------------------------------------------------------

OUTPUT_MAX_BYTES = 10 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)  # a .docx or .xlsx is a ZIP package
_JPEG = (b"\xff\xd8\xff",)
#: The file types an output may be, by extension, with the first bytes such a file starts with.
OUTPUT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": _JPEG, ".jpeg": _JPEG,
    ".docx": _ZIP, ".xlsx": _ZIP,
}


def output_file_error(upload: UploadedFile) -> str:
    """Why a file cannot be an output ("" if it can): its extension and its first bytes
    must both be those of a PDF, a JPEG or PNG image, a Word or an Excel file, and it is at
    most 10 MB. The first bytes are checked because an extension is only a name."""
    name = (upload.name or "").lower()
    signatures = OUTPUT_SIGNATURES.get(name[name.rfind("."):] if "." in name else "")
    if (upload.size or 0) > OUTPUT_MAX_BYTES:
        return _("An output file is at most 10 MB.")
    if signatures is not None:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(signatures):
            return ""
    return _("An output file is a PDF, a JPEG or PNG image, a Word (.docx) or an Excel (.xlsx) "
             "file.")


def output_rule_errors(title: str, file: UploadedFile | None, url: str) -> dict[str, str]:
    """The errors of an output, by field: a title, and a file or an http(s) link (not both)."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("An output needs a title.")
    if file is not None and url:
        errors["url"] = _("Give a file or a link, not both.")
    elif file is not None:
        if message := output_file_error(file):
            errors["file"] = message
    elif not url:
        errors["file"] = _("Give a file or a link.")
    elif urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        errors["url"] = _("A link starts with http:// or https://.")
    return errors


@transaction.atomic
def output_add(*, activity: Activity, title: str, file: UploadedFile | None = None,
               url: str = "", user: User) -> Output:
    """Attach a file or a link to an activity (an officer); ValidationError by field."""
    require(user, "activities.manage")
    activity = Activity.objects.for_user(user).get(pk=activity.pk)
    url = (url or "").strip()
    if errors := output_rule_errors(title or "", file, url):
        raise ValidationError(errors)
    output = Output(activity=activity, title=title.strip(), url=url)
    if file is not None:
        output.file = file
    output.save()
    return output


@transaction.atomic
def output_remove(*, output: Output, user: User) -> None:
    """Remove an output (an officer), re-read under lock through the user's scope; its file
    goes with it once the removal is committed."""
    require(user, "activities.manage")
    output = Output.objects.for_user(user).select_for_update().get(pk=output.pk)
    file = output.file
    output.delete()
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))


# --- The status survey ---------------------------------------------------------------------


@dataclass
class SurveyImport:
    """What a Kobo/ODK import did, or the row errors that stopped it (nothing written)."""

    errors: list[str] = dataclasses.field(default_factory=list)
    created: int = 0
    updated: int = 0
    unmatched: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors)


def survey_create(*, data: dict[str, Any], user: User) -> Survey:
    """A new survey campaign (an officer); ValidationError by field."""
    require(user, "activities.manage")
    survey = Survey(**{f: data.get(f) or "" for f in ("code", "title", "repeat_name",
                                                       "repeat_label")}, year=data.get("year"))
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def question_add(*, survey: Survey, data: dict[str, Any], user: User) -> Question:
    """Add a question at the end of ``survey`` (an officer); a choice question needs its
    choices, a repeat-group question a repeat group, the identity names are taken."""
    require(user, "activities.manage")
    survey = Survey.objects.for_user(user).select_for_update().get(pk=survey.pk)
    question = Question(survey=survey, **{f: data.get(f) for f in (
        "name", "label", "type", "choices", "relevance", "register_field")})
    question.required, question.in_repeat = bool(data.get("required")), bool(
        data.get("in_repeat"))
    for f in ("choices", "relevance", "register_field"):
        setattr(question, f, (getattr(question, f) or "").strip())
    errors: dict[str, str] = {}
    if question.type in ("select_one", "select_multiple") and not question.choice_pairs():
        errors["choices"] = _("A choice question needs its choices.")
    if question.in_repeat and not survey.repeat_name:
        errors["in_repeat"] = _("The survey has no repeat group.")
    if question.name in {n for n, _l in Survey.IDENTITY} | {survey.repeat_name}:
        errors["name"] = _("This name is taken by the form itself.")
    if errors:
        raise ValidationError(errors)
    question.order = survey.questions.count() + 1
    question.full_clean()
    question.save()
    return question


def _answers(questions: list[Question], raw: dict[str, str]) -> tuple[dict, dict[str, str]]:
    answers, errors = {}, {}
    for q in questions:
        value, error = answer_value(q, raw.get(q.name, ""))
        if error:
            errors[q.name] = error
        elif value is not None:
            answers[q.name] = value
    return answers, errors


@transaction.atomic
def response_enter(*, survey: Survey, facility: Facility, raw: dict[str, str],
                   user: User) -> Response:
    """A facility's answers typed in the app (the questions outside the repeat group);
    ValidationError by question."""
    require(user, "activities.manage")
    facility = Facility.objects.get_for_user_or_404(user, pk=facility.pk)
    questions = [q for q in survey.questions.all() if not q.in_repeat]
    answers, errors = _answers(questions, raw)
    if errors:
        raise ValidationError(errors)
    response, _created = Response.objects.update_or_create(
        survey=survey, facility=facility, defaults={
            "answers": answers, "source": Response.Source.APP, "tax_code": facility.tax_code,
            "facility_name": facility.name, "register_reviewed": False})
    return response


def _match(submission: Submission, facilities: dict[str, Facility],
           names: dict[str, Facility]) -> tuple[Facility | None, Facility | None]:
    """The facility of the tax code, else (None, the closest name's facility or None)."""
    found = facilities.get(submission.answers.get("tax_code", "").replace(" ", ""))
    if found is not None:
        return found, None
    close = difflib.get_close_matches(normalise(submission.answers.get("facility_name", "")),
                                      list(names), n=1, cutoff=0.6)
    return None, (names[close[0]] if close else None)


def _submission_errors(sub: Submission, file_name: str, questions: list[Question]
                       ) -> tuple[dict, list[dict], list[str]]:
    outer = [q for q in questions if not q.in_repeat]
    inner = [q for q in questions if q.in_repeat]
    answers, errors = _answers(outer, sub.answers)
    items = []
    for n, item in enumerate(sub.repeats, start=1):
        values, item_errors = _answers(inner, item)
        items.append(values)
        errors |= {f"{name}[{n}]": e for name, e in item_errors.items()}
    where = _("%(file)s, row %(row)s, column %(column)s: %(reason)s")
    return answers, items, [where % {"file": file_name, "row": sub.row, "column": c,
                                     "reason": e} for c, e in errors.items()]


@transaction.atomic
def responses_import(*, survey: Survey, opener, file_name: str, user: User) -> SurveyImport:
    """The answers of a Kobo/ODK export, all or none, upserted by submission id; each is
    matched to the register by tax code, else left waiting with a suggestion by name."""
    require(user, "activities.manage")
    questions = list(survey.questions.all())
    result = SurveyImport()
    try:
        submissions = read_export(opener, file_name=file_name, survey=survey,
                                  questions=questions)
    except FileProblem as exc:
        result.errors.append(str(exc))
        return result
    readable = list(Facility.objects.for_user(user))
    facilities = {f.tax_code: f for f in readable}
    names = {normalise(f.name): f for f in readable}
    existing = {r.external_id: r for r in survey.responses.exclude(external_id="")}
    writes = []
    for sub in submissions:
        answers, items, errors = _submission_errors(sub, file_name, questions)
        if not sub.external_id:
            errors.append(_("%(file)s, row %(row)s: no submission id (_uuid).") % {
                "file": file_name, "row": sub.row})
        result.errors += errors
        writes.append((sub, answers, items))
    if result.errors:
        return result
    for sub, answers, items in writes:
        facility, suggested = _match(sub, facilities, names)
        response = existing.get(sub.external_id) or Response(
            survey=survey, external_id=sub.external_id, source=Response.Source.IMPORT)
        result.updated += response.pk is not None
        result.created += response.pk is None
        result.unmatched += facility is None and response.facility_id is None
        response.answers, response.repeats = answers, items
        response.tax_code = sub.answers.get("tax_code", "")[:40]
        response.facility_name = sub.answers.get("facility_name", "")[:300]
        if response.facility_id is None:
            response.facility, response.suggested = facility, suggested
        response.register_reviewed = False
        response.save()
    return result


@transaction.atomic
def response_match(*, response: Response, facility: Facility, user: User) -> Response:
    """A person names the facility of an answer that did not match by tax code."""
    require(user, "activities.manage")
    response = Response.objects.for_user(user).select_for_update().get(pk=response.pk)
    facility = Facility.objects.get_for_user_or_404(user, pk=facility.pk)
    if response.survey.responses.filter(facility=facility).exclude(pk=response.pk).exists():
        raise ValidationError(_("This facility already has an answer to this survey."))
    response.facility, response.suggested = facility, None
    response.save()
    log_action(response, "activities.response.matched", user=user,
               data={"facility": facility.tax_code, "answered": response.facility_name})
    return response


def response_differences(response: Response, questions: list[Question]
                         ) -> list[tuple[Question, str, str]]:
    """(question, the register's value, the answer) where they differ, for the register
    fields that the survey asks about (no query beyond the facility and its division)."""
    facility = response.facility
    if facility is None:
        return []
    found = []
    for q in questions:
        answer = response.answers.get(q.name)
        if not q.register_field or answer in (None, ""):
            continue
        current = (facility.employees if q.register_field == "employees"
                   else facility.vsic.code)
        if str(answer) != ("" if current is None else str(current)):
            found.append((q, "" if current is None else str(current), str(answer)))
    return found


@transaction.atomic
def response_apply(*, response: Response, user: User) -> Response:
    """After review, write the answers that differ from the register into it, through
    ``facility_update`` (the register's rules, its audit); the answer is marked reviewed."""
    from sxsh.core.models import VsicDivision
    from sxsh.facilities.services import facility_update

    require(user, "activities.manage")
    # PostgreSQL locks no nullable side of an outer join: the answer's row only.
    response = Response.objects.for_user(user).select_for_update(of=("self",)).select_related(
        "facility__vsic").get(pk=response.pk)
    if response.facility is None:
        raise ValidationError(_("Match the answer to a facility first."))
    differences = response_differences(response, list(response.survey.questions.all()))
    data: dict[str, Any] = {}
    for q, _current, answer in differences:
        if q.register_field == "vsic":
            vsic = VsicDivision.objects.filter(code=answer).first()
            if vsic is None:
                raise ValidationError(_("Unknown VSIC division: %(code)s.") % {"code": answer})
            data["vsic"] = vsic
        else:
            data[q.register_field] = int(answer)
    if data:
        facility_update(facility=response.facility, data=data, user=user)
    response.register_reviewed = True
    response.save()
    log_action(response, "activities.response.register_updated", user=user,
               data={q.register_field: {"from": c, "to": a} for q, c, a in differences})
    return response


# --- The local network ------------------------------------------------------------------------

FOCAL_POINT_FIELDS = ("admin_unit", "person_name", "position", "phone", "email", "user")
LOCAL_REPORT_FIELDS = ("facilities_reached", "activities_held", "difficulties", "proposals")
LOCAL_EDITABLE = (LocalReport.Status.DRAFT, LocalReport.Status.RETURNED)


def _save_fields(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> Any:
    """Set ``fields`` from ``data`` (text stripped), check the model's own rules, save."""
    for field in fields:
        value = data.get(field)
        setattr(obj, field, value.strip() if isinstance(value, str) else value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def focal_point_save(*, focal_point: FocalPoint | None, data: dict[str, Any],
                     user: User, expected_version: str | None = None) -> FocalPoint:
    """Record or change a unit's focal point (an officer); an account given must be of
    role *local* and work in that unit's area. With ``expected_version`` a change made by
    someone else since the form was opened is refused."""
    require(user, "activities.manage")
    account, unit = data.get("user"), data.get("admin_unit")
    if account is not None and unit is not None and not (
            account.role == Role.LOCAL and unit.pk in account.area_unit_ids()):
        raise ValidationError({"user": _(
            "The account must be a local focal point's account in this unit's area.")})
    if focal_point is None:
        focal_point = FocalPoint()
    else:
        focal_point = FocalPoint.objects.for_user(user).select_for_update().get(
            pk=focal_point.pk)
        check_version(focal_point, expected_version, FOCAL_POINT_FIELDS)
    return _save_fields(focal_point, data, FOCAL_POINT_FIELDS)


def _log_local(report: LocalReport, step: str, before: str, user: User) -> None:
    log_action(report, f"activities.local_report.{step}", user=user,
               data={"from": before, "to": report.status, "comment": report.review_comment})


@transaction.atomic
def local_report_save(*, admin_unit: AdminUnit, year: int, data: dict[str, Any],
                      user: User, expected_version: str | None = None) -> LocalReport:
    """Write a unit's yearly report as a draft (its local focal point); a submitted or
    accepted report is locked. With ``expected_version`` a report written by someone else
    since the form was opened is refused."""
    require(user, "activities.local_report", admin_unit)
    check_year(year)
    report = LocalReport.objects.for_user(user).select_for_update().filter(
        admin_unit=admin_unit, year=year).first()
    check_version(report, expected_version, LOCAL_REPORT_FIELDS)
    created = report is None
    if report is None:
        report = LocalReport(admin_unit=admin_unit, year=year)
    elif report.status not in LOCAL_EDITABLE:
        raise ValidationError(_("This report is %(status)s and cannot be changed.")
                              % {"status": report.get_status_display().lower()})
    _save_fields(report, data, LOCAL_REPORT_FIELDS)
    if created:
        _log_local(report, "created", "", user)
    return report


def _local_step(report: LocalReport, user: User, capability: str, expected: tuple[str, ...],
                wrong_status: str) -> LocalReport:
    require(user, capability, report.admin_unit)
    report = LocalReport.objects.select_for_update().get_for_user_or_404(user, pk=report.pk)
    if report.status not in expected:
        raise ValidationError(wrong_status)
    return report


def _local_move(report: LocalReport, user: User, to_status: str, step: str,
                comment: str) -> LocalReport:
    before, report.status, report.review_comment = report.status, to_status, comment
    report.save()
    _log_local(report, step, before, user)
    return report


@transaction.atomic
def local_report_submit(*, report: LocalReport, user: User) -> LocalReport:
    """Send a draft or returned report to the department (the unit's focal point)."""
    report = _local_step(report, user, "activities.local_report", LOCAL_EDITABLE,
                         _("Only a draft or returned report can be submitted."))
    return _local_move(report, user, LocalReport.Status.SUBMITTED, "submitted",
                       report.review_comment)


@transaction.atomic
def local_report_accept(*, report: LocalReport, user: User, comment: str = "") -> LocalReport:
    """Accept a submitted report (an officer); it is locked from then on."""
    report = _local_step(report, user, "activities.review_local",
                         (LocalReport.Status.SUBMITTED,),
                         _("Only a submitted report can be accepted."))
    return _local_move(report, user, LocalReport.Status.ACCEPTED, "accepted", comment.strip())


@transaction.atomic
def local_report_return(*, report: LocalReport, user: User, comment: str) -> LocalReport:
    """Return a submitted report to its unit with a comment saying what to correct."""
    report = _local_step(report, user, "activities.review_local",
                         (LocalReport.Status.SUBMITTED,),
                         _("Only a submitted report can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the unit should correct.")})
    return _local_move(report, user, LocalReport.Status.RETURNED, "returned", comment.strip())


# --- Emulation and rewards --------------------------------------------------------------------

AWARD_FIELDS = ("nominee_kind", "facility", "person_name", "organisation", "admin_unit",
                "achievement", "level", "decision_number", "decision_date", "year")
#: The fields that name the nominee, by kind of nominee.
NOMINEE_FIELDS = {Award.Nominee.FACILITY: ("facility",),
                  Award.Nominee.PERSON: ("person_name", "organisation"),
                  Award.Nominee.UNIT: ("admin_unit",)}


def award_rule_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with an award's values, by field (no query)."""
    errors: dict[str, str] = {}
    kind = values.get("nominee_kind")
    required = {Award.Nominee.FACILITY: ("facility", _("Choose the facility.")),
                Award.Nominee.PERSON: ("person_name", _("Give the person's name.")),
                Award.Nominee.UNIT: ("admin_unit", _("Choose the administrative unit."))}
    if kind in required:
        field, message = required[kind]
        if not values.get(field):
            errors[field] = message
    day = values.get("decision_date")
    if day is not None and day > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if message := year_error(values.get("year")):
        errors["year"] = message
    elif day is not None and values.get("year") and values["year"] > day.year:
        errors["year"] = _("The award's year cannot be after its decision's year.")
    return errors


@transaction.atomic
def award_save(*, award: Award | None, data: dict[str, Any], user: User,
               expected_version: str | None = None) -> Award:
    """Record or change an award (an officer); the fields of the other kinds of nominee are
    emptied. With ``expected_version`` a change made by someone else since the form was
    opened is refused."""
    require(user, "activities.manage")
    values = {f: data.get(f) for f in AWARD_FIELDS}
    for kind, fields in NOMINEE_FIELDS.items():
        if values.get("nominee_kind") != kind:
            values.update({f: None if f in ("facility", "admin_unit") else "" for f in fields})
    if errors := award_rule_errors(values):
        raise ValidationError(errors)
    if award is None:
        award = Award()
    else:
        award = Award.objects.for_user(user).select_for_update().get(pk=award.pk)
        check_version(award, expected_version, AWARD_FIELDS)
    return _save_fields(award, values, AWARD_FIELDS)
