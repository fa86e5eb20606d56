"""Form fields for figures typed as the Vietnamese UI writes them (1.234,5)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

NUMBER_HELP = _("Vietnamese format: decimal comma, dots between thousands (e.g. 1.234,5).")


def _ungroup(value: Any) -> Any:
    """Typed text without thousands separators: "1.234,5" → "1234,5" in Vietnamese.

    Django drops them only with the USE_THOUSAND_SEPARATOR setting; the format module
    of the active language decides here. A lone dot before other than three digits
    ("1.5") is read as a decimal point, as Django does.
    """
    if not isinstance(value, str):
        return value
    value = value.strip().replace("\u00a0", "").replace(" ", "")
    decimal_sep, thousand_sep = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    whole, sep, decimals = value.partition(decimal_sep)
    if thousand_sep == "." and whole.count(".") == 1 and len(whole.split(".")[-1]) != 3:
        return value
    return whole.replace(thousand_sep, "") + sep + decimals


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed as the UI's language writes it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = kwargs.get("help_text") or NUMBER_HELP
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(_ungroup(value))


class LocalizedIntegerField(forms.IntegerField):
    """A whole number typed as the UI's language writes it (1.234)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = kwargs.get("help_text") or _(
            "Dots between thousands are allowed (e.g. 1.234).")
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(_ungroup(value))
