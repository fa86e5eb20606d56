"""Writes of the assessments context: an assessment and its parts, the screening,
implementation and verification of its options, the funding of a pilot model, and the
facilities a consulting agency serves.

Every write re-reads its assessment under lock through the user's scope, asks the
capability for that assessment (a consultant manages its own agency's), checks its rules
(a ``ValidationError`` keyed by field) and records each step with ``log_action``; field
changes are audited by django-auditlog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.capabilities import holds_only, require
from sxsh.core.concurrency import check_values, check_version
from sxsh.core.models import Agency, User
from sxsh.facilities.models import Facility
from sxsh.plans.models import BudgetLine, FundingSource

from . import measurement
from .measurement import Month, Period
from .models import (
    Assessment,
    Assignment,
    Flow,
    Measurement,
    Option,
    PilotFunding,
    ProcessStep,
    TeamMember,
    WasteStream,
)
from .rules import DONE, SCREENED, date_error, field_errors, option_rule_errors

ASSESSMENT_FIELDS = ("reference", "started_on", "title", "focus", "budget_line", "summary")
WASTE_FIELDS = ("step", "name", "quantity_per_year", "unit", "material_cost_mvnd_yr",
                "treatment_cost_mvnd_yr", "causes")
OPTION_FIELDS = ("code", "category", "description", "waste_stream", "investment_mvnd",
                 "annual_saving_mvnd", "life_years", "discount_rate",
                 "electricity_kwh_saved_yr", "fuel_toe_saved_yr", "water_m3_saved_yr")


def _raise(found: dict[str, str]) -> None:
    if found:
        raise ValidationError(found)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as columns hold them: a related record by itself, text stripped."""
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


# --- Assessments ------------------------------------------------------------------


def _managed(user: User, assessment: Assessment, *, open_only: bool = True) -> Assessment:
    """The assessment re-read under lock through ``user``'s scope, if ``user`` manages it;
    a closed one only for the steps of its options (``open_only=False``)."""
    assessment = Assessment.objects.select_for_update().select_related("facility") \
        .get_for_user_or_404(user, pk=assessment.pk)
    require(user, "assessments.manage", assessment)
    if open_only and assessment.status == Assessment.Status.CLOSED:
        raise ValidationError(_("This assessment is closed: its record can no longer be "
                                "changed."))
    return assessment


def _assessment_errors(values: dict[str, Any], *, facility: Facility,
                       pk: int | None = None) -> dict[str, str]:
    found = field_errors(Assessment, {k: v for k, v in values.items()
                                      if k in ("reference", "title", "focus")})
    if not values.get("reference"):
        found["reference"] = _("Give the assessment's reference.")
    elif Assessment.objects.filter(facility=facility, reference=values["reference"]) \
            .exclude(pk=pk).exists():
        found["reference"] = _("This facility already has an assessment with this reference.")
    if values.get("started_on") is None:
        found["started_on"] = _("Give the day the assessment started.")
    else:
        message = date_error(values["started_on"])
        if message:
            found["started_on"] = message
    return found


@transaction.atomic
def assessment_start(*, user: User, facility: Facility, kind: str, reference: str,
                     started_on: dt.date, consultant_agency: Agency | None = None,
                     title: str = "", focus: str = "", budget_line: BudgetLine | None = None,
                     summary: str = "") -> Assessment:
    """Open an assessment of a facility the user may see. A consultant's own agency
    becomes the consulting agency; an officer names it."""
    require(user, "assessments.manage")
    facility = Facility.objects.get_for_user_or_404(user, pk=facility.pk)
    values = _plain({"reference": reference, "started_on": started_on, "title": title,
                     "focus": focus, "summary": summary})
    found = _assessment_errors(values, facility=facility)
    if kind not in Assessment.Kind.values:
        found["kind"] = _("Choose quick, detailed or pilot model.")
    if not holds_only(user, "assessments.manage"):
        consultant_agency = user.agency
    elif consultant_agency is None:
        found["consultant_agency"] = _("Name the consulting agency.")
    _raise(found)
    try:
        with transaction.atomic():  # two people opening the same reference at once
            assessment = Assessment.objects.create(
                facility=facility, kind=kind, consultant_agency=consultant_agency,
                consultant=user if consultant_agency and user.agency_id == consultant_agency.pk
                else None, budget_line=budget_line, **values)
    except IntegrityError as exc:
        raise ValidationError({"reference": _(
            "This facility already has an assessment with this reference.")}) from exc
    log_action(assessment, "assessments.assessment.started", user=user,
               data={"kind": kind, "reference": assessment.reference})
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, user: User, data: dict[str, Any],
                      expected_version: str | None = None) -> Assessment:
    """Change the reference, dates, title, focus, budget line or summary of an open
    assessment; with ``expected_version`` (a form's token) refused if someone else changed
    them since the form was opened."""
    assessment = _managed(user, assessment)
    check_version(assessment, expected_version, ASSESSMENT_FIELDS)
    values = {f: getattr(assessment, f) for f in ASSESSMENT_FIELDS} | _plain(
        {k: v for k, v in data.items() if k in ASSESSMENT_FIELDS})
    _raise(_assessment_errors(values, facility=assessment.facility, pk=assessment.pk))
    for f in ASSESSMENT_FIELDS:
        setattr(assessment, f, values[f] if values[f] is not None or f in (
            "started_on", "budget_line") else "")
    assessment.save()
    return assessment


@transaction.atomic
def assessment_close(*, assessment: Assessment, user: User, finished_on: dt.date,
                     summary: str = "") -> Assessment:
    """Close an assessment on the day it finished, with its conclusions."""
    assessment = _managed(user, assessment)
    message = date_error(finished_on, not_before=assessment.started_on,
                         before_label=_("the start of the assessment"))
    if finished_on is None:
        message = _("Give the day the assessment finished.")
    _raise({"finished_on": message} if message else {})
    assessment.status, assessment.finished_on = Assessment.Status.CLOSED, finished_on
    if summary.strip():
        assessment.summary = summary.strip()
    assessment.save()
    log_action(assessment, "assessments.assessment.closed", user=user,
               data={"from": Assessment.Status.OPEN, "to": Assessment.Status.CLOSED})
    return assessment


# --- The CP team, the process steps and their flows, the waste streams -------------------


@transaction.atomic
def team_member_add(*, assessment: Assessment, user: User, name: str, position: str = "",
                    team_role: str = "") -> TeamMember:
    """Add a member to the facility's CP team."""
    assessment = _managed(user, assessment)
    values = _plain({"name": name, "position": position, "team_role": team_role})
    found = field_errors(TeamMember, values)
    if not values["name"]:
        found["name"] = _("Give the member's name.")
    _raise(found)
    return TeamMember.objects.create(assessment=assessment, **values)


@transaction.atomic
def step_save(*, assessment: Assessment, user: User, name: str, order: int = 0,
              is_focus: bool = False, step: ProcessStep | None = None) -> ProcessStep:
    """Add or change a process step. One step is the focus: choosing it unmarks the
    others and names the assessment's focus."""
    assessment = _managed(user, assessment)
    values = _plain({"name": name, "order": order})
    found = field_errors(ProcessStep, values)
    if not values["name"]:
        found["name"] = _("Give the step's name.")
    _raise(found)
    if step is None:
        step = ProcessStep(assessment=assessment)
    else:
        step = assessment.steps.get(pk=step.pk)
    step.name, step.order, step.is_focus = values["name"], values["order"] or 0, is_focus
    step.save()
    if is_focus:
        assessment.steps.exclude(pk=step.pk).filter(is_focus=True).update(is_focus=False)
        assessment.focus = step.name
        assessment.save(update_fields=["focus", "updated_at"])
    return step


@transaction.atomic
def flow_add(*, step: ProcessStep, user: User, direction: str, kind: str, name: str,
             quantity_per_year: Decimal | None, unit: str) -> Flow:
    """Add an input or output of a step, a quantity per year in its unit."""
    assessment = _managed(user, step.assessment)
    step = assessment.steps.get(pk=step.pk)
    values = _plain({"name": name, "quantity_per_year": quantity_per_year, "unit": unit})
    found = field_errors(Flow, values)
    if direction not in Flow.Direction.values:
        found["direction"] = _("Choose input or output.")
    if kind not in Flow.Kind.values:
        found["kind"] = _("Choose material, energy, water, product or waste.")
    for f, message in (("name", _("Give what flows.")),
                       ("quantity_per_year", _("Give the quantity per year.")),
                       ("unit", _("Give the unit."))):
        if values[f] in (None, ""):
            found[f] = message
    _raise(found)
    return Flow.objects.create(step=step, direction=direction, kind=kind, **values)


@transaction.atomic
def waste_stream_save(*, assessment: Assessment, user: User, data: dict[str, Any],
                      stream: WasteStream | None = None) -> WasteStream:
    """Add or change a waste stream with its yearly cost (material lost plus treatment)
    and its causes."""
    assessment = _managed(user, assessment)
    values = _plain({f: data.get(f) for f in WASTE_FIELDS})
    for f in ("material_cost_mvnd_yr", "treatment_cost_mvnd_yr"):
        values[f] = values[f] if values[f] is not None else Decimal(0)
    found = field_errors(WasteStream, {k: v for k, v in values.items() if k != "step"})
    if not values["name"]:
        found["name"] = _("Give the waste stream's name.")
    if values["step"] is not None and values["step"].assessment_id != assessment.pk:
        found["step"] = _("Choose a step of this assessment.")
    _raise(found)
    stream = stream and assessment.waste_streams.get(pk=stream.pk) or WasteStream(
        assessment=assessment)
    for f in WASTE_FIELDS:
        setattr(stream, f, values[f] if values[f] is not None or f in (
            "step", "quantity_per_year") else "")
    stream.save()
    return stream


@transaction.atomic
def part_remove(*, part: TeamMember | ProcessStep | Flow | WasteStream, user: User) -> None:
    """Remove a team member, a step (with its flows), a flow or a waste stream."""
    assessment = part.step.assessment if isinstance(part, Flow) else part.assessment
    _managed(user, assessment)
    part.delete()


# --- Options ------------------------------------------------------------------------


@transaction.atomic
def option_save(*, assessment: Assessment, user: User, data: dict[str, Any],
                option: Option | None = None, expected_version: str | None = None) -> Option:
    """Add or change a CP option: its category, description and feasibility figures
    (investment, yearly saving, lifetime, discount rate, resources saved). Its status
    changes through the screening steps, not here. With ``expected_version`` (the edit
    form's token) a change made by someone else since the form was opened is refused."""
    assessment = _managed(user, assessment)
    if option is not None:
        option = assessment.options.select_for_update().get(pk=option.pk)
        check_version(option, expected_version, OPTION_FIELDS)
    values = _plain({f: data.get(f) for f in OPTION_FIELDS})
    for f in ("investment_mvnd", "annual_saving_mvnd"):
        values[f] = values[f] if values[f] is not None else Decimal(0)
    found = option_rule_errors(
        {**{k: v for k, v in values.items() if k != "waste_stream"},
         "status": option.status if option else Option.Status.PROPOSED,
         "implemented_on": option.implemented_on if option else None},
        started_on=assessment.started_on)
    if "code" not in found and assessment.options.filter(code=values["code"]).exclude(
            pk=option.pk if option else None).exists():
        found["code"] = _("This assessment already has an option with this code.")
    stream = values["waste_stream"]
    if stream is not None and stream.assessment_id != assessment.pk:
        found["waste_stream"] = _("Choose a waste stream of this assessment.")
    _raise(found)
    option = option or Option(assessment=assessment)
    for f in OPTION_FIELDS:
        setattr(option, f, values[f])
    option.save()
    return option


def _option_step(user: User, option: Option, allowed: tuple[str, ...],
                 wrong: str) -> tuple[Option, str]:
    assessment = _managed(user, option.assessment, open_only=False)
    option = assessment.options.select_for_update().get(pk=option.pk)
    if option.status not in allowed:
        raise ValidationError({"status": wrong})
    return option, option.status


def _log_step(option: Option, step: str, before: str, user: User, comment: str = "",
              **data: Any) -> None:
    log_action(option, f"assessments.option.{step}", user=user,
               data={"from": before, "to": option.status, "comment": comment, **data})


@transaction.atomic
def option_screen(*, option: Option, user: User, status: str, comment: str = "") -> Option:
    """Screen an option: implement now, study further or reject (and screen it again
    while it is not implemented)."""
    if status not in SCREENED:
        raise ValidationError({"status": _("Screen an option as implement now, study "
                                           "further or rejected.")})
    option, before = _option_step(
        user, option, (Option.Status.PROPOSED, *SCREENED),
        _("An implemented option is no longer screened."))
    option.status, option.implemented_on = status, None
    option.save()
    _log_step(option, "screened", before, user, comment.strip())
    return option


@transaction.atomic
def option_implement(*, option: Option, user: User, implemented_on: dt.date,
                     comment: str = "") -> Option:
    """Record that a chosen option (implement now, or studied further) was implemented,
    on a day that has come and not before the assessment started."""
    option, before = _option_step(
        user, option, (Option.Status.IMPLEMENT_NOW, Option.Status.STUDY),
        _("Only an option chosen for implementation or studied further can be "
          "implemented."))
    found = option_rule_errors(
        {"category": option.category, "status": Option.Status.IMPLEMENTED,
         "implemented_on": implemented_on}, started_on=option.assessment.started_on)
    _raise(found)
    option.status, option.implemented_on = Option.Status.IMPLEMENTED, implemented_on
    option.save()
    _log_step(option, "implemented", before, user, comment.strip(),
              implemented_on=implemented_on.isoformat())
    return option


@transaction.atomic
def option_verify(*, option: Option, user: User, measured_on: dt.date | None,
                  quantity: str = "electricity_kwh", before: Period | None = None,
                  after: Period | None = None, baseline_months: Sequence[Month] = (),
                  reporting_months: Sequence[Month] = (), estimated: bool = False,
                  note: str = "") -> Measurement:
    """Verify an implemented option with its measured saving: by monthly points (a
    regression baseline when it passes its checks, else specific consumption) or by the
    specific consumption of a period before and after (``estimated``: grade C). The
    saving is stored with its method, grade and the checks behind it."""
    option, before_status = _option_step(user, option, DONE,
                                         _("Only an implemented option can be verified."))
    found = field_errors(Measurement, {"quantity": quantity.strip(), "note": note.strip()})
    message = (_("Give the day of the measurement.") if measured_on is None else
               date_error(measured_on, not_before=option.implemented_on,
                          before_label=_("the implementation")))
    if message:
        found["measured_on"] = message
    _raise(found)
    if baseline_months or reporting_months:
        saving = measurement.measured_saving(baseline_months, reporting_months)
    elif before is not None and after is not None:
        saving = measurement.sec_saving(before, after, estimated=estimated)
    else:
        raise ValidationError(_("Give the production and consumption before and after, or "
                                "the monthly points."))
    if saving.saving_fraction is not None and not -1 <= saving.saving_fraction <= 1:
        # A "saving" beyond the whole consumption either way is a typing slip, not a
        # measurement (and would not fit its column).
        raise ValidationError(_("The consumption after the option is more than twice the "
                                "consumption before: check the production and consumption "
                                "figures."))
    _raise(field_errors(Measurement, {"saved_per_year": saving.saved_per_year}))
    data = {**saving.data, "checks": [
        {"code": c.code, "label": str(c.label), "value": c.value, "passed": c.passed}
        for c in saving.checks]}
    record = Measurement.objects.create(
        option=option, method=saving.method, grade=saving.grade, quantity=quantity.strip(),
        saved_per_year=saving.saved_per_year, saving_fraction=saving.saving_fraction,
        measured_on=measured_on, data=data, note=note.strip())
    option.status = Option.Status.VERIFIED
    option.save()
    _log_step(option, "verified", before_status, user, note.strip(),
              saved_per_year=str(record.saved_per_year), method=record.method,
              grade=record.grade)
    return record


# --- Pilot models and assignments ----------------------------------------------------


def funding_sources(assessment: Assessment):
    """The sources a pilot model's funding is given by: those of its budget line's plan,
    else of the plan whose period covers its start (the enterprise's share included)."""
    if assessment.budget_line_id is not None:
        return FundingSource.objects.filter(plan_id=assessment.budget_line.plan_id)
    year = assessment.started_on.year
    return FundingSource.objects.filter(plan__start_year__lte=year, plan__end_year__gte=year)


def funding_values(assessment: Assessment, sources) -> dict[str, Decimal | None]:
    """A pilot model's funding as its form names it: ``source_<pk>`` → amount or None."""
    amounts = dict(assessment.funding.values_list("source_id", "amount_million_vnd"))
    return {f"source_{s.pk}": amounts.get(s.pk) for s in sources}


@transaction.atomic
def pilot_funding_set(*, assessment: Assessment, user: User,
                      amounts: dict[int, Decimal | None],
                      expected_version: str | None = None) -> list[PilotFunding]:
    """Set a pilot model's funding by source (million VND; empty removes a source); with
    ``expected_version`` (the form's token) refused if someone else changed it since."""
    assessment = _managed(user, assessment, open_only=False)
    if assessment.kind != Assessment.Kind.PILOT:
        raise ValidationError(_("Only a pilot model carries funding by source."))
    sources = {s.pk: s for s in funding_sources(assessment)}
    check_values(funding_values(assessment, sources.values()), expected_version,
                 {f"source_{pk}": s.name for pk, s in sources.items()})
    found: dict[str, str] = {}
    for pk, amount in amounts.items():
        if pk not in sources:
            found[f"source_{pk}"] = _("Not a funding source of the plan.")
        elif amount is not None:
            message = field_errors(PilotFunding, {"amount_million_vnd": amount})
            if message:
                found[f"source_{pk}"] = message["amount_million_vnd"]
    _raise(found)
    kept = []
    for pk, amount in amounts.items():
        if amount is None:
            assessment.funding.filter(source_id=pk).delete()
            continue
        row, _created = PilotFunding.objects.update_or_create(
            assessment=assessment, source=sources[pk],
            defaults={"amount_million_vnd": amount})
        kept.append(row)
    return kept


@transaction.atomic
def assignment_create(*, facility: Facility, agency: Agency, user: User, since: dt.date,
                      note: str = "") -> Assignment:
    """Assign a facility to a consulting agency, which then sees it in its register."""
    require(user, "assessments.assign")
    facility = Facility.objects.get_for_user_or_404(user, pk=facility.pk)
    found: dict[str, str] = field_errors(Assignment, {"note": note.strip()})
    message = date_error(since)
    if since is None:
        message = _("Give the day the assignment starts.")
    if message:
        found["since"] = message
    if Assignment.objects.filter(facility=facility, agency=agency).exists():
        found["agency"] = _("This agency already serves this facility.")
    _raise(found)
    return Assignment.objects.create(facility=facility, agency=agency, since=since,
                                     note=note.strip())
