"""Filters for the indicator pages: a target as the plan states it."""

from __future__ import annotations

from django import template

from sxsh.core.templatetags.sxsh import num, pct

register = template.Library()


def _value(value, unit: str) -> str:
    # A national value below one beside a count is a share (I5: 90 % of departments):
    # the plan gives one unit for both columns.
    if unit and not (value < 1 and value != value.to_integral()):
        return f"{num(value)} {unit}"
    return pct(value, 0)


@register.filter
def target_text(target, which: str = "province") -> str:
    """"90 %", "8 % – 13 %", "1 người"; "–" when the plan sets none."""
    if target is None:
        return "–"
    low, high = ((target.national_value_min, target.national_value_max) if which == "national"
                 else (target.value_min, target.value_max))
    if low is None:
        return "–"
    if high is not None:
        return f"{_value(low, target.unit)} – {_value(high, target.unit)}"
    return _value(low, target.unit)


@register.filter
def category_label(key: str) -> str:
    from sxsh.indicators.engine import CATEGORIES

    return next((str(label) for k, _column, label in CATEGORIES if k == key), key)
