"""A yearly report laid out for reading: every answer and figure of the form, the derived
energy and emissions and the specific consumption, beside the facility's previous report
with the change in per cent. The review screen and the facility's read-only view of its
report show the same sheet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sxsh.core.fields import LocalizedDecimalField
from sxsh.core.formatting import NO_VALUE, number, percent

from .forms import YES_NO_UNKNOWN, ReportForm
from .models import Report
from .quality import CATEGORIES, CATEGORY_LABELS, sec
from .selectors import report_values

#: Form fields that are not answers of the report.
NOT_SHOWN = ("version", "quality_comment")
TEXT_FIELDS = ("cp_measures", "product_unit")
ANSWERS = dict(YES_NO_UNKNOWN)
#: Derived figures and the decimals they are shown with (as on the facility's page).
DERIVED = (("energy_toe", 2), ("co2e_t", 2), ("biogenic_co2_t", 2))
SEC_DIGITS = 4


@dataclass(frozen=True)
class SheetRow:
    field: str
    label: str
    current: str
    previous: str
    change: str = ""
    differs: bool = False
    section: str = ""


def _shown(report: Report | None, field: str) -> str:
    if report is None:
        return ""
    value = getattr(report, field)
    if field in ("aware", "cp_staff", "cp_applied"):
        return str(ANSWERS[{True: "true", False: "false"}.get(value, "")])
    if field == "coal_grade":
        return str(Report.CoalGrade(value).label) if value else NO_VALUE
    if field in TEXT_FIELDS:
        return value or NO_VALUE
    if field == "baseline_year":
        return str(value) if value else NO_VALUE
    return number(value)


def change(current: Any, previous: Any) -> Decimal | None:
    """current ÷ previous − 1; None where either is unknown or the previous is 0."""
    if current is None or not previous:
        return None
    return Decimal(current) / Decimal(previous) - 1


def _figure_row(field: str, label: str, now: Any, before: Any, digits: int | None,
                has_previous: bool, section: str) -> SheetRow:
    moved = change(now, before)
    return SheetRow(field, label, number(now, digits),
                    number(before, digits) if has_previous else "",
                    percent(moved, signed=True) if moved is not None else "",
                    differs=has_previous and now != before, section=section)


def report_sheet(report: Report, previous: Report | None) -> list[SheetRow]:
    """The rows of ``report`` beside ``previous`` (None: no earlier report)."""
    rows = []
    for name, field in ReportForm.base_fields.items():
        if name in NOT_SHOWN:
            continue
        label = capfirst(str(field.label))
        if isinstance(field, LocalizedDecimalField):
            rows.append(_figure_row(name, label, getattr(report, name),
                                    getattr(previous, name, None), None, previous is not None,
                                    "figures"))
            continue
        now, before = _shown(report, name), _shown(previous, name)
        rows.append(SheetRow(name, label, now, before,
                             differs=previous is not None and now != before,
                             section="answers"))
    for name, digits in DERIVED:
        label = capfirst(str(Report._meta.get_field(name).verbose_name))
        rows.append(_figure_row(name, label, getattr(report, name),
                                getattr(previous, name, None), digits, previous is not None,
                                "derived"))
    now_sec = sec(report_values(report))
    before_sec = sec(report_values(previous)) if previous is not None else {}
    for cat in CATEGORIES:
        label = _("Specific consumption of %(cat)s per unit product") % {
            "cat": CATEGORY_LABELS[cat]}
        rows.append(_figure_row(f"sec_{cat}", label, now_sec[cat], before_sec.get(cat),
                                SEC_DIGITS, previous is not None, "derived"))
    return rows
