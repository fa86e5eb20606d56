"""Template filters for figures as the province writes them (3.360; 8,5 %)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, gettext_lazy

register = template.Library()


@register.filter
def model_label(content_type) -> str:
    """The Vietnamese name of the model behind a content type."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name).capitalize() if model else str(content_type)


@register.filter
def num(value, digits=None) -> str:
    """A number with thousands grouped; ``digits`` decimals if given, else as stored."""
    if value is None or value == "":
        return "–"
    if digits is not None:
        return number_format(_rounded(Decimal(str(value)), int(digits)), decimal_pos=int(digits),
                             use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def pct(value, digits=1) -> str:
    """A fraction (0.085) as a percentage ("8,5 %"); "–" when unknown."""
    if value is None or value == "":
        return "–"
    share = _rounded(Decimal(str(value)) * 100, int(digits))
    return f"{number_format(share, decimal_pos=int(digits), use_l10n=True)} %"


def _rounded(value: Decimal, digits: int) -> Decimal:
    # Number formatting cuts the digits it drops (3/7 would show as 42,8 %): round first.
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


EMPTY_AUDIT_VALUES = {"", "None", "none", "[]"}


@register.filter
def audit_rows(entry) -> list[tuple[str, str, str]]:
    """An audit entry's changes as (field label, old, new), without empty-to-empty noise.

    Labels, choices, yes/no, numbers and dates are shown as the officer reads them; a
    related record is shown by its number (auditlog's own display would fetch each related
    record: a query per row); relations seen from the other side are left out.
    """
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        if isinstance(values, dict):  # a many-to-many change: what was added or removed
            rows.append(_m2m_row(model, name, values))
            continue
        old, new = (str(v) for v in (list(values) + ["", ""])[:2])
        if old in EMPTY_AUDIT_VALUES and new in EMPTY_AUDIT_VALUES:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and field.is_relation and not field.concrete:
            continue
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        rows.append((label, _audit_value(field, old), _audit_value(field, new)))
    return rows


M2M_OPERATIONS = {"add": gettext_lazy("added"), "delete": gettext_lazy("removed"),
                  "clear": gettext_lazy("all removed")}


def _m2m_row(model, name: str, change: dict) -> tuple[str, str, str]:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        label = name
    operation = str(M2M_OPERATIONS.get(change.get("operation", ""), change.get("operation", "")))
    return label, "", f"{operation}: {', '.join(map(str, change.get('objects', [])))}"


def _audit_value(field, value: str) -> str:
    if value in EMPTY_AUDIT_VALUES:
        return ""
    if field is None:
        return value
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if field.is_relation:
        return f"#{value}"
    try:
        if isinstance(field, models.BooleanField):
            return {"True": gettext("Yes"), "False": gettext("No")}.get(value, value)
        if isinstance(field, models.DateTimeField):
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if isinstance(field, models.IntegerField) and "year" in field.name:
            return value  # 2015, not 2.015
        if isinstance(field, (models.DecimalField, models.FloatField, models.IntegerField)):
            return num(Decimal(value))
    except (ValueError, ArithmeticError):
        pass
    return value
