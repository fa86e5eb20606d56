"""Filters for the indicator pages: a target as the plan states it."""

from __future__ import annotations

from django import template

from sxsh.core.formatting import NO_VALUE, number, percent

register = template.Library()


def _value(value, unit: str) -> str:
    return f"{number(value)} {unit}" if unit else percent(value, 0)


@register.filter
def target_text(target, which: str = "province") -> str:
    """"90 %", "8 % – 13 %", "1 người"; "–" when the plan sets none."""
    if target is None:
        return NO_VALUE
    national = which == "national"
    low, high = ((target.national_value_min, target.national_value_max) if national
                 else (target.value_min, target.value_max))
    unit = target.national_unit if national else target.unit
    if low is None:
        return NO_VALUE
    if high is not None:
        return f"{_value(low, unit)} – {_value(high, unit)}"
    return _value(low, unit)


@register.filter
def category_label(key: str) -> str:
    from sxsh.indicators.engine import CATEGORIES

    return next((str(label) for k, _column, label in CATEGORIES if k == key), key)
