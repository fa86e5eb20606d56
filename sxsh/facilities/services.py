"""Writes of the facilities context: the register and the review of yearly reports.

Every write checks that the user may see the record (``for_user``) and may do the step;
changes are audited by django-auditlog, review steps are audited actions (``log_action``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.bounds import field_errors
from sxsh.core.capabilities import holds_only, require, roles_holding
from sxsh.core.concurrency import check_version
from sxsh.core.models import AdminUnit, User, VsicDivision
from sxsh.core.reference import MissingFactor, classify_size
from sxsh.core.years import year_error

from . import quality
from .energy import FactorBook, energy_and_emissions
from .models import Facility, Report, validate_tax_code
from .selectors import peer_secs, previous_report, report_values

FACILITY_FIELDS = ("tax_code", "name", "address", "admin_unit", "industrial_zone", "vsic",
                   "employees", "revenue_bn_vnd", "capital_bn_vnd", "opened_year",
                   "closed_year", "contact_name", "contact_phone", "contact_email")
#: The values a facility's rules check against their columns (numbers and texts).
BOUNDED_FIELDS = ("name", "address", "industrial_zone", "employees", "revenue_bn_vnd",
                  "capital_bn_vnd", "contact_name", "contact_phone", "contact_email")
TEXT_FIELDS = ("address", "industrial_zone", "contact_name", "contact_phone", "contact_email")
REPORT_FIELDS = ("baseline_year", "aware", "cp_staff", "cp_applied", "cp_measures",
                 "product_unit", "production", "electricity_kwh", "coal_t", "coal_grade",
                 "do_t", "fo_t", "lpg_t", "natural_gas_1000m3", "biomass_t", "raw_material_t",
                 "aux_material_t", "water_m3")
OFFICER_FIELDS = ("published", "accounts")
EDITABLE = (Report.Status.DRAFT, Report.Status.RETURNED)


# --- Facilities -------------------------------------------------------------------


def facility_rule_errors(values: dict[str, Any], *,
                         area: frozenset[int] | None = None) -> dict[str, str]:
    """The rules every facility obeys however it comes in (the form, the service, a file):
    a message per field that breaks one. No query: a file's rows are checked by the
    thousand.

    ``values`` holds ``vsic_code`` (the division's two digits, "" if unknown),
    ``admin_unit_id``, the years and the figures; ``area`` the units the user registers
    in (None: everywhere; see ``registration_area``).
    """
    found: dict[str, str] = {}
    code = values.get("vsic_code") or ""
    if not (code.isdigit() and 10 <= int(code) <= 33):
        found["vsic"] = _("An industrial facility needs a VSIC division from 10 to 33.")
    unit = values.get("admin_unit_id")
    if unit is None:
        found["admin_unit"] = _("Choose the administrative unit.")
    elif area is not None and unit not in area:
        found["admin_unit"] = _("This unit is outside your area.")
    for field in ("opened_year", "closed_year"):
        message = year_error(values.get(field))
        if message:
            found[field] = message
    opened, closed = values.get("opened_year"), values.get("closed_year")
    if opened and closed and closed < opened and "closed_year" not in found:
        found["closed_year"] = _("The facility cannot close before it opened.")
    for field in ("employees", "revenue_bn_vnd", "capital_bn_vnd"):
        if values.get(field) is not None and values[field] < 0:
            found[field] = _("A quantity cannot be negative.")
    for field, message in field_errors(
            Facility, {f: values[f] for f in BOUNDED_FIELDS if f in values}).items():
        found.setdefault(field, message)
    return found


def registration_area(user: User | None) -> frozenset[int] | None:
    """The units ``user`` may register facilities in: None for everywhere (the officer),
    else its area (a local focal point)."""
    if user is None or holds_only(user, "facilities.register"):
        return None
    return user.area_unit_ids()


def facility_clean(*, data: dict[str, Any], pk: int | None = None,
                   user: User | None = None) -> dict[str, Any]:
    """Check a facility's fields (and, given ``user``, that its unit is in the user's
    area); raise a ValidationError keyed by field."""
    found: dict[str, str] = {}
    try:
        validate_tax_code(data.get("tax_code", ""))
    except ValidationError as exc:
        found["tax_code"] = exc.messages[0]
    else:
        if Facility.objects.filter(tax_code=data["tax_code"]).exclude(pk=pk).exists():
            found["tax_code"] = _("Another facility has this tax code.")
    vsic, unit = data.get("vsic"), data.get("admin_unit")
    found.update(facility_rule_errors({
        **data,
        "vsic_code": vsic.code if isinstance(vsic, VsicDivision) else "",
        "admin_unit_id": unit.pk if isinstance(unit, AdminUnit) else None,
    }, area=registration_area(user)))
    if found:
        raise ValidationError(found)
    return data


def facility_size(data: dict[str, Any], thresholds=None) -> tuple[str, str]:
    """The Decree 80 size class and its reason for a facility's figures (``thresholds``
    read once by a caller that sizes many facilities)."""
    size = classify_size(employees=data.get("employees"),
                         revenue_bn_vnd=data.get("revenue_bn_vnd"),
                         capital_bn_vnd=data.get("capital_bn_vnd"), thresholds=thresholds)
    if size is None:
        return "", _("Unknown: employees, or both revenue and capital, are missing.")
    return size.size, size.reason


def _officer_fields(facility: Facility, data: dict[str, Any], user: User) -> list[User] | None:
    """Set ``published`` from ``data``; the enterprise accounts to link (None: unchanged).

    Only programme officers publish a facility's name or link accounts, and only
    accounts of the enterprise role can be linked to a facility.
    """
    if not any(f in data for f in OFFICER_FIELDS):
        return None
    require(user, "facilities.publish")
    if "published" in data:
        # Its case studies are public only with its consent: the facilities' write bumps
        # the content's version (a trigger), which drops the portal's kept pages at once.
        facility.published = bool(data["published"])
    if "accounts" not in data:
        return None
    accounts = list(data["accounts"] or [])
    if any(a.role not in roles_holding("facilities.linked_account") for a in accounts):
        raise ValidationError({"accounts": _("Only enterprise accounts can be linked to a "
                                             "facility.")})
    return accounts


@transaction.atomic
def facility_create(*, data: dict[str, Any], user: User) -> Facility:
    """Register a facility; its Decree 80 size class is computed and stored with the reason."""
    require(user, "facilities.register")
    facility_clean(data=data, user=user)
    facility = Facility(**{f: data.get(f) for f in FACILITY_FIELDS if f in data})
    for f in TEXT_FIELDS:
        setattr(facility, f, getattr(facility, f) or "")
    facility.size_class, facility.size_reason = facility_size(data)
    accounts = _officer_fields(facility, data, user)
    facility.save()
    if accounts is not None:
        facility.accounts.set(accounts)
    return facility


@transaction.atomic
def facility_update(*, facility: Facility, data: dict[str, Any], user: User,
                    expected_version: str | None = None) -> Facility:
    """Change a facility the user may see; the size class follows the new figures.

    With ``expected_version`` (the form's token), a facility changed by someone else since
    the form was opened is refused, naming what they changed (``sxsh.core.concurrency``)."""
    require(user, "facilities.register", facility)
    facility = Facility.objects.select_for_update().get_for_user_or_404(user, pk=facility.pk)
    check_version(facility, expected_version, data)
    merged = {f: getattr(facility, f) for f in FACILITY_FIELDS} | data
    facility_clean(data=merged, pk=facility.pk, user=user)
    for f in FACILITY_FIELDS:
        value = merged.get(f)
        setattr(facility, f, "" if value is None and f in TEXT_FIELDS else value)
    facility.size_class, facility.size_reason = facility_size(merged)
    accounts = _officer_fields(facility, data, user)
    facility.save()
    if accounts is not None:
        facility.accounts.set(accounts)
    return facility


# --- Reports ----------------------------------------------------------------------


def report_derive(report: Report, book: FactorBook | None = None) -> None:
    """Store TOE and CO₂e with the factors of the report's year (raises ValidationError)."""
    try:
        result = energy_and_emissions(report_values(report), report.year, book)
    except MissingFactor as exc:
        raise ValidationError(_("No conversion factor for %(what)s in %(year)s.")
                              % {"what": exc, "year": report.year}) from exc
    too_large = quality.derived_errors(result)
    if too_large:
        raise ValidationError({issue.field: issue.message for issue in too_large})
    report.energy_toe, report.co2e_t = result.energy_toe, result.co2e_t
    report.biogenic_co2_t = result.biogenic_co2_t


def report_warnings(report: Report) -> list[dict]:
    """The data-quality warnings of a report against its previous report and its sector."""
    current = quality.sec(report_values(report))
    found: list[dict] = []
    previous = previous_report(report)
    if previous is not None:
        found += quality.sec_change_warnings(current, quality.sec(report_values(previous)),
                                             previous.year)
    found += quality.outlier_warnings(current, peer_secs(
        vsic_id=report.facility.vsic_id, year=report.year,
        exclude_facility_id=report.facility_id))
    return found


def report_lock_error(status: str) -> str | None:
    """Why a report in ``status`` cannot be changed, or None. One rule for the form and an
    upload, whoever files it (an officer too): only a draft or a returned report changes;
    a submitted one waits for its review, an accepted one for an officer to reopen it."""
    if not status or status in EDITABLE:
        return None
    if status == Report.Status.SUBMITTED:
        return _("This report is submitted and waiting for review: it cannot be changed "
                 "until an officer returns it.")
    return _("This report is %(status)s and cannot be changed.") % {
        "status": Report.Status(status).label.lower()}


def report_empty_error(values: dict[str, Any]) -> str | None:
    """The message for a report that answers nothing (no question, no production, no
    measure), or None: it cannot be submitted, from the form or in a file."""
    answers = (values.get("aware"), values.get("cp_staff"), values.get("cp_applied"))
    if (any(a is not None for a in answers) or values.get("production")
            or values.get("cp_measures")):
        return None
    return _("The report is empty: answer at least one question (awareness, CP staff, CP "
             "applied) or give the production before submitting.")


def report_explanation_error(warnings: list[dict], comment: str | None) -> str | None:
    """The message for a report submitted with data-quality warnings and no explanation,
    or None; the form and an upload ask for the same explanation."""
    if not warnings or (comment or "").strip():
        return None
    return _("Explain the figures flagged by the data-quality warnings before submitting.")


def _raise_errors(report: Report) -> None:
    facility = report.facility
    issues = quality.errors(report_values(report), year=report.year,
                            opened_year=facility.opened_year, closed_year=facility.closed_year)
    if issues:
        grouped: dict[str, list[str]] = {}
        for issue in issues:
            grouped.setdefault(issue.field, []).append(issue.message)
        raise ValidationError(grouped)


def _log(report: Report, step: str, before: str, comment: str, user: User | None) -> None:
    log_action(report, f"facilities.report.{step}", user=user,
               data={"from": before, "to": report.status, "comment": comment})


@transaction.atomic
def report_save(*, facility: Facility, year: int, data: dict[str, Any], user: User,
                expected_version: str | None = None) -> Report:
    """Create or change the report of a facility and year, as a draft; accepted and
    submitted reports are locked. Errors block the save; warnings are stored. With
    ``expected_version``, a report changed by someone else since the form was opened is
    refused, naming what they changed."""
    require(user, "facilities.file_report")
    facility = Facility.objects.get_for_user_or_404(user, pk=facility.pk)
    future = {f: m for f, m in (("year", year_error(year)),
                                ("baseline_year", year_error(data.get("baseline_year"))))
              if m}
    if future:
        raise ValidationError(future)
    report = Report.objects.select_for_update().filter(facility=facility, year=year).first()
    check_version(report, expected_version, data)
    if report is None:
        report = Report(facility=facility, year=year)
        before = ""
    else:
        before = report.status
        locked = report_lock_error(report.status)
        if locked:
            raise ValidationError(locked)
    for f in REPORT_FIELDS:
        if f in data:
            setattr(report, f, data[f])
    report.coal_grade = report.coal_grade or ""
    report.cp_measures = report.cp_measures or ""
    report.product_unit = report.product_unit or ""
    if "quality_comment" in data:
        report.quality_comment = data["quality_comment"] or ""
    _raise_errors(report)
    report_derive(report)
    report.quality_warnings = report_warnings(report)
    report.status = Report.Status.DRAFT if before in ("", Report.Status.DRAFT) else before
    report.save()
    if not before:
        _log(report, "created", "", "", user)
    return report


@transaction.atomic
def report_submit(*, report: Report, user: User, quality_comment: str | None = None) -> Report:
    """Send a draft or returned report for review; warnings need a comment."""
    require(user, "facilities.file_report")
    report = Report.objects.for_user(user).select_for_update().select_related("facility") \
        .get(pk=report.pk)
    if report.status not in EDITABLE:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    if quality_comment is not None:
        report.quality_comment = quality_comment.strip()
    _raise_errors(report)
    empty = report_empty_error({f: getattr(report, f) for f in REPORT_FIELDS})
    if empty:
        raise ValidationError(empty)
    report.quality_warnings = report_warnings(report)
    unexplained = report_explanation_error(report.quality_warnings, report.quality_comment)
    if unexplained:
        raise ValidationError({"quality_comment": unexplained})
    before, report.status = report.status, Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    _log(report, "submitted", before, report.quality_comment, user)
    return report


def _officer_report(report: Report, user: User, expected: str, wrong_status: str) -> Report:
    require(user, "facilities.review")
    report = Report.objects.select_for_update().get_for_user_or_404(user, pk=report.pk)
    if report.status != expected:
        raise ValidationError(wrong_status)
    return report


def _review(report: Report, user: User, to_status: str, comment: str, step: str) -> Report:
    before, report.status = report.status, to_status
    report.review_comment = comment
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    report.save()
    _log(report, step, before, comment, user)
    return report


@transaction.atomic
def report_accept(*, report: Report, user: User, comment: str = "") -> Report:
    """Accept a submitted report; it is locked from then on."""
    report = _officer_report(report, user, Report.Status.SUBMITTED,
                             _("Only a submitted report can be accepted."))
    if report.quality_warnings and not (report.quality_comment or comment.strip()):
        raise ValidationError(_("This report has data-quality warnings without an "
                                "explanation: return it or give a comment."))
    return _review(report, user, Report.Status.ACCEPTED, comment.strip(), "accepted")


@transaction.atomic
def report_return(*, report: Report, user: User, comment: str) -> Report:
    """Return a submitted report to its facility with a comment saying what to fix."""
    report = _officer_report(report, user, Report.Status.SUBMITTED,
                             _("Only a submitted report can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the facility should correct.")})
    return _review(report, user, Report.Status.RETURNED, comment.strip(), "returned")


@transaction.atomic
def report_reopen(*, report: Report, user: User, reason: str) -> Report:
    """Unlock an accepted report for correction; the reason is recorded."""
    report = _officer_report(report, user, Report.Status.ACCEPTED,
                             _("Only an accepted report can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    return _review(report, user, Report.Status.RETURNED, reason.strip(), "reopened")
