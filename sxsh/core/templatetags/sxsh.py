"""Template filters for figures as the province writes them (3.360; 8,5 %)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format

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

    Labels and choice values are shown as the model names them; a related record is shown
    by its number (auditlog's own display would fetch each related record: a query per row).
    """
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        old, new = (str(v) for v in (list(values) + ["", ""])[:2])
        if old in EMPTY_AUDIT_VALUES and new in EMPTY_AUDIT_VALUES:
            continue
        label = name
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None:
            label = str(getattr(field, "verbose_name", name))
            choices = dict(field.choices) if getattr(field, "choices", None) else None
            if choices:
                old, new = (str(choices.get(v, v)) for v in (old, new))
            elif field.is_relation:
                old, new = (f"#{v}" if v not in EMPTY_AUDIT_VALUES else v for v in (old, new))
        rows.append((label, "" if old in EMPTY_AUDIT_VALUES else old,
                     "" if new in EMPTY_AUDIT_VALUES else new))
    return rows
