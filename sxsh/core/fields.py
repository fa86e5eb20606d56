"""Form fields for figures typed as the Vietnamese UI writes them (1.234,5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

#: Said once above a form that has typed figures (``{% form_fields %}``), not per field.
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


class FigureInput(forms.TextInput):
    """A text box for a figure: the phone's number keyboard, and the value shown as typed
    ("5.000.000", "1.234,5"), not as stored ("5000000,000")."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, whole: bool = False) -> None:
        super().__init__({"inputmode": "numeric" if whole else "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal) and value.is_finite():
            text = format(value.normalize(), "f")
        elif isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            return super().format_value(value)  # text typed in: shown back as typed
        return numberformat.format(text, get_format("DECIMAL_SEPARATOR"), grouping=3,
                                   thousand_sep=get_format("THOUSAND_SEPARATOR"),
                                   force_grouping=True)


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed as the UI's language writes it."""

    widget = FigureInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(_ungroup(value))


class LocalizedIntegerField(forms.IntegerField):
    """A whole number typed as the UI's language writes it (1.234)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", FigureInput(whole=True))
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return super().to_python(_ungroup(value))
