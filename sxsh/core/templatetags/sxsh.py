"""Template filters for figures as the province writes them (3.360; 8,5 %)."""

from decimal import Decimal

from django import template
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
        return number_format(value, decimal_pos=int(digits), use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def pct(value, digits=1) -> str:
    """A fraction (0.085) as a percentage ("8,5 %"); "–" when unknown."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(str(value)) * 100, decimal_pos=int(digits), use_l10n=True)} %"
