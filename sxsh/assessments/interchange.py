"""The CP options register in and out: CSV or XLSX, in the columns of ``data/COLUMNS.md``.

The import checks every row with the records' rules (``rules``) before it writes anything,
then writes all rows in one transaction, or none. It upserts an option by tax code +
assessment reference + option code, and creates an assessment whose reference is new for
the facility. Rows equal to what is stored are not written and leave no audit entry, so an
export imported back changes nothing. The register is small (hundreds of options a year):
the rows checked are kept in memory between the check and the write.

The export writes the same columns and adds what the system computes (``feasibility``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sxsh.core.audit import log_actions, log_diffs
from sxsh.core.capabilities import can, holds_only, require
from sxsh.core.models import User
from sxsh.facilities.interchange.files import FileProblem, file_format, read_rows
from sxsh.facilities.interchange.parsing import (
    CellError,
    ImportResult,
    parse_date,
    parse_decimal,
    parse_int,
)
from sxsh.facilities.models import Facility

from .feasibility import grid_factor_for, grid_factors, option_figures
from .models import Assessment, Option
from .rules import date_error, field_errors, option_rule_errors

Opener = Callable[[], IO[bytes]]

#: The columns of the register, in order, with the labels of the template's second row.
OPTION_COLUMNS: dict[str, Any] = {
    "tax_code": gettext_lazy("Tax code"),
    "assessment_kind": gettext_lazy("Kind of assessment (quick, detailed, pilot)"),
    "assessment_ref": gettext_lazy("Assessment reference"),
    "assessment_started": gettext_lazy("Assessment started (YYYY-MM-DD)"),
    "option_code": gettext_lazy("Option code"),
    "category": gettext_lazy("Category"),
    "description": gettext_lazy("Description"),
    "investment_mvnd": gettext_lazy("Investment (million VND)"),
    "annual_saving_mvnd": gettext_lazy("Yearly saving (million VND)"),
    "life_years": gettext_lazy("Lifetime (years)"),
    "discount_rate": gettext_lazy("Discount rate (0.10 for 10 %)"),
    "status": gettext_lazy("Status"),
    "implemented_on": gettext_lazy("Implemented on (YYYY-MM-DD)"),
    "electricity_kwh_saved_yr": gettext_lazy("Electricity saved (kWh a year)"),
    "fuel_toe_saved_yr": gettext_lazy("Fuel saved (TOE a year)"),
    "water_m3_saved_yr": gettext_lazy("Water saved (m³ a year)"),
}
#: What the export adds; an import reads past these columns.
COMPUTED_COLUMNS: dict[str, Any] = {
    "payback_years": gettext_lazy("Payback (years)"),
    "npv_mvnd": gettext_lazy("NPV (million VND)"),
    "irr": gettext_lazy("IRR (fraction)"),
    "co2e_t_yr": gettext_lazy("CO₂e avoided (t a year)"),
}
OPTION_EXPORT_COLUMNS: dict[str, Any] = {**OPTION_COLUMNS, **COMPUTED_COLUMNS}

#: A column of the file → the field of the assessment it fills.
ASSESSMENT_FIELDS = {"assessment_kind": "kind", "assessment_ref": "reference",
                     "assessment_started": "started_on"}
#: The option's fields the file fills (``option_code`` → ``code``), compared on upsert.
STORED = ("category", "description", "investment_mvnd", "annual_saving_mvnd", "life_years",
          "discount_rate", "status", "implemented_on", "electricity_kwh_saved_yr",
          "fuel_toe_saved_yr", "water_m3_saved_yr")
COLUMN_OF = {**{f: c for c, f in ASSESSMENT_FIELDS.items()}, "code": "option_code"}

RATE_PLACES = Decimal("0.0001")
BATCH = 1000


# The figures are read signed: a negative investment, lifetime or quantity is refused by the
# records' rules (``option_rule_errors``) with the message the page's form gives.


def _money(text: str) -> Decimal:
    return parse_decimal(text, signed=True) or Decimal("0.000")


def _rate(text: str) -> Decimal | None:
    return parse_decimal(text, places=RATE_PLACES, signed=True)


def _quantity(text: str) -> Decimal | None:
    return parse_decimal(text, signed=True)


def _whole(text: str) -> int | None:
    return parse_int(text, signed=True)


PARSERS: dict[str, Callable[[str], Any]] = {
    "assessment_started": parse_date, "investment_mvnd": _money, "annual_saving_mvnd": _money,
    "life_years": _whole, "discount_rate": _rate, "implemented_on": parse_date,
    "electricity_kwh_saved_yr": _quantity, "fuel_toe_saved_yr": _quantity,
    "water_m3_saved_yr": _quantity,
}
TEXT = {"assessment_kind": "kind", "assessment_ref": "reference", "option_code": "code",
        "category": "category", "description": "description", "status": "status"}


@dataclass
class _Row:
    number: int
    tax_code: str
    facility_id: int
    assessment: dict[str, Any]
    option: dict[str, Any]


IMPLEMENTED = (Option.Status.IMPLEMENTED, Option.Status.VERIFIED)


class _Context:
    """What the check and the write need, read once: the facilities by tax code, the
    assessments by (facility, reference), and what the user may change."""

    def __init__(self, user: User | None, as_upload: bool) -> None:
        self.user, self.as_upload = user, as_upload
        facilities = Facility.objects.all()
        if as_upload:
            require(user, "assessments.import_options")
            facilities = Facility.objects.for_user(user)
        self.facilities = dict(facilities.values_list("tax_code", "pk"))
        self.assessments: dict[tuple[int, str], Assessment] = {
            (a.facility_id, a.reference): a
            for a in Assessment.objects.only("pk", "facility_id", "reference", "kind",
                                             "started_on", "consultant_agency_id")
        }
        # Options already implemented: a file does not send them back to an earlier
        # status, as the pages' steps do not.
        self.implemented: set[tuple[int, str]] = set(Option.objects.filter(
            status__in=IMPLEMENTED).values_list("assessment_id", "code"))
        # A consultant's new assessments are its agency's; an officer leaves the agency open.
        self.agency_id = (user.agency_id if as_upload and user is not None
                          and not holds_only(user, "assessments.manage") else None)

    def may_change(self, assessment: Assessment) -> bool:
        return not self.as_upload or can(self.user, "assessments.manage", assessment)


def _parse(row: dict[str, str], number: int, ctx: _Context, result: ImportResult) -> _Row | None:
    before = result.error_count
    failed: set[str] = set()

    def err(column: str, reason: str) -> None:
        failed.add(column)
        result.add_error(number, column, row[column], reason)

    values: dict[str, Any] = {TEXT[c]: row[c] for c in TEXT}
    values["status"] = values["status"] or Option.Status.PROPOSED
    for column, parse in PARSERS.items():
        try:
            values[ASSESSMENT_FIELDS.get(column, column)] = parse(row[column])
        except CellError as exc:
            err(column, str(exc))
            values[ASSESSMENT_FIELDS.get(column, column)] = None
    facility_id = ctx.facilities.get(row["tax_code"])
    if facility_id is None:
        err("tax_code", _("No facility with this tax code in your scope.") if ctx.as_upload
            else _("No facility with this tax code."))
    assessment = {f: values.pop(f) for f in ASSESSMENT_FIELDS.values()}
    for field, message in _assessment_errors(assessment).items():
        if COLUMN_OF[field] not in failed:
            err(COLUMN_OF[field], message)
    for field, message in option_rule_errors(values, started_on=assessment["started_on"]).items():
        column = COLUMN_OF.get(field, field)
        if column not in failed:
            err(column, message)
    if result.error_count > before or facility_id is None:
        return None
    return _Row(number, row["tax_code"], facility_id, assessment, values)


def _assessment_errors(values: dict[str, Any]) -> dict[str, str]:
    """The rules of the assessment a row names, without a query."""
    found = field_errors(Assessment, {"reference": values["reference"]})
    if values["kind"] not in Assessment.Kind.values:
        found["kind"] = _("Write quick, detailed or pilot.")
    if not values["reference"]:
        found["reference"] = _("Give the assessment's reference.")
    if values["started_on"] is None:
        found["started_on"] = _("Give the day the assessment started.")
    elif message := date_error(values["started_on"]):
        found["started_on"] = message
    return found


def _check_assessment(parsed: _Row, row: dict[str, str], ctx: _Context,
                      in_file: dict[tuple[int, str], dict[str, Any]],
                      result: ImportResult) -> None:
    """The same assessment, in the register or on an earlier row, with the same kind and
    start; one the user may change."""
    key = (parsed.facility_id, parsed.assessment["reference"])
    stored = ctx.assessments.get(key)
    known = ({"kind": stored.kind, "started_on": stored.started_on} if stored is not None
             else in_file.setdefault(key, parsed.assessment))
    for field in ("kind", "started_on"):
        if known[field] != parsed.assessment[field]:
            shown = known[field].isoformat() if field == "started_on" else known[field]
            result.add_error(parsed.number, COLUMN_OF[field], row[COLUMN_OF[field]],
                             _("Assessment %(ref)s of this facility has %(value)s here.")
                             % {"ref": parsed.assessment["reference"], "value": shown})
    if stored is not None and (stored.pk, parsed.option["code"]) in ctx.implemented \
            and parsed.option["status"] not in IMPLEMENTED:
        result.add_error(parsed.number, "status", row["status"],
                         _("This option is already implemented: it does not go back to an "
                           "earlier status."))
    if stored is not None and not ctx.may_change(stored):
        result.add_error(parsed.number, "assessment_ref", row["assessment_ref"],
                         _("This assessment is another consulting agency's: you may not "
                           "change its options."))


def import_options(open_source: Opener, *, file_name: str, user: User | None,
                   as_upload: bool) -> ImportResult:
    """Import the CP options of a CSV or XLSX file: all rows, or none if any row is wrong.

    Upserts by tax code + assessment reference + option code; creates the assessment of a
    reference new for the facility (kind and start from the row). Uploaded on a page
    (``as_upload``) the user needs ``assessments.import_options``, names facilities of its
    scope and changes only assessments it may manage.
    """
    result = ImportResult(file=file_name)
    try:
        fmt = file_format(file_name)
        ctx = _Context(user, as_upload)
        rows: list[_Row] = []
        seen: set[tuple[int, str, str]] = set()
        in_file: dict[tuple[int, str], dict[str, Any]] = {}
        with open_source() as source:
            for number, row in read_rows(source, fmt, OPTION_COLUMNS, OPTION_COLUMNS.values(),
                                         COMPUTED_COLUMNS):
                result.rows += 1
                parsed = _parse(row, number, ctx, result)
                if parsed is None:
                    continue
                key = (parsed.facility_id, parsed.assessment["reference"],
                       parsed.option["code"])
                if key in seen:
                    result.add_error(number, "option_code", row["option_code"],
                                     _("This option appears twice in the file."))
                seen.add(key)
                _check_assessment(parsed, row, ctx, in_file, result)
                rows.append(parsed)
        if result.ok:
            with transaction.atomic():
                _write(rows, ctx, result)
    except FileProblem as exc:
        result.problem = str(exc)
    return result


def _write(rows: list[_Row], ctx: _Context, result: ImportResult) -> None:
    assessments = _create_assessments(rows, ctx, result.file)
    existing = {
        (o.assessment_id, o.code): o
        for o in Option.objects.filter(assessment_id__in={a.pk for a in assessments.values()})
    }
    new: list[Option] = []
    changed: list[tuple[Option, dict[str, list[str]], str]] = []
    for row in rows:
        assessment = assessments[(row.facility_id, row.assessment["reference"])]
        option = existing.get((assessment.pk, row.option["code"]))
        if option is None:
            new.append(Option(assessment=assessment, **row.option))
            continue
        diff = {f: [str(getattr(option, f)), str(row.option[f])] for f in STORED
                if not _same(getattr(option, f), row.option[f])}
        if not diff:
            result.unchanged += 1
            continue
        was = option.status
        for f in STORED:
            setattr(option, f, row.option[f])
        changed.append((option, diff, was))
    Option.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Option.objects.bulk_update([o for o, _d, _w in changed], STORED, batch_size=BATCH)
    result.created, result.updated = len(new), len(changed)
    log_diffs(Option, [(o.pk, str(o), None, {"code": o.code, **{f: getattr(o, f) for f in STORED}})
                       for o in new] + [(o.pk, str(o), d, {}) for o, d, _w in changed],
              user=ctx.user)
    steps = [(o, None) for o in new if o.status != Option.Status.PROPOSED]
    steps += [(o, was) for o, _d, was in changed if o.status != was]
    log_actions(Option, [(o.pk, str(o), _status_action(o.status),
                          {**({"from": was} if was else {}), "to": o.status,
                           "file": result.file}) for o, was in steps], user=ctx.user)


def _create_assessments(rows: list[_Row], ctx: _Context,
                        file_name: str) -> dict[tuple[int, str], Assessment]:
    """The assessments the rows name, those new to the register created (and logged)."""
    wanted: dict[tuple[int, str], Assessment] = {}
    new: list[Assessment] = []
    for row in rows:
        key = (row.facility_id, row.assessment["reference"])
        if key in wanted:
            continue
        assessment = ctx.assessments.get(key)
        if assessment is None:
            assessment = Assessment(facility_id=row.facility_id,
                                    consultant_agency_id=ctx.agency_id,
                                    consultant=ctx.user if ctx.agency_id else None,
                                    **row.assessment)
            new.append(assessment)
        wanted[key] = assessment
    Assessment.objects.bulk_create(new, batch_size=BATCH)
    tax_codes = {(r.facility_id, r.assessment["reference"]): r.tax_code for r in rows}
    labels = {a.pk: f"{a.reference} ({tax_codes[(a.facility_id, a.reference)]})" for a in new}
    log_diffs(Assessment, [
        (a.pk, labels[a.pk], None, {"facility_id": a.facility_id, "kind": a.kind,
                                    "reference": a.reference, "started_on": a.started_on,
                                    "consultant_agency_id": a.consultant_agency_id})
        for a in new], user=ctx.user)
    log_actions(Assessment, [(a.pk, labels[a.pk], "assessments.assessment.started",
                              {"kind": a.kind, "reference": a.reference, "file": file_name})
                             for a in new], user=ctx.user)
    return wanted


def _status_action(status: str) -> str:
    if status == Option.Status.IMPLEMENTED:
        return "assessments.option.implemented"
    if status == Option.Status.VERIFIED:
        return "assessments.option.verified"
    return "assessments.option.screened"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return a == b


# --- the export ----------------------------------------------------------------------------

EXPORTED = ("assessment__facility__tax_code", "assessment__kind", "assessment__reference",
            "assessment__started_on", "code", *STORED)


def option_rows(options: QuerySet[Option]) -> Iterator[list[Any]]:
    """One row per option, columns as ``OPTION_EXPORT_COLUMNS`` (two queries: the grid
    factors and the options, streamed)."""
    factors = grid_factors()
    qs = options.order_by("assessment__facility__tax_code", "assessment__reference",
                          "code").values_list(*EXPORTED)
    for values in qs.iterator(chunk_size=2000):
        row = dict(zip(EXPORTED, values, strict=True))
        option = SimpleNamespace(**row, assessment=SimpleNamespace(
            started_on=row["assessment__started_on"]))
        figures = option_figures(option, grid_factor_for(option, factors))
        yield [*values, figures.payback_years, figures.npv_mvnd, figures.irr.rate,
               figures.co2e_t_yr]

