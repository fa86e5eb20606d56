"""Template filters for figures as the province writes them (3.360; 8,5 %)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from sxsh.core import formatting
from sxsh.core.paging import filter_query

register = template.Library()


@register.filter
def model_label(content_type) -> str:
    """The Vietnamese name of the model behind a content type."""
    model = content_type.model_class() if content_type else None
    return capfirst(str(model._meta.verbose_name)) if model else str(content_type)


@register.filter
def num(value, digits=None) -> str:
    """A number with thousands grouped; ``digits`` decimals if given (``formatting.number``)."""
    return formatting.number(value, None if digits is None else int(digits))


@register.filter
def pct(value, digits=1) -> str:
    """A fraction (0.085) as a percentage ("8,5 %"); "–" when unknown."""
    return formatting.percent(value, int(digits))


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context, page, counted: str = "") -> dict:
    """Links to the previous and next page of a list, keeping the request's filters.

    ``counted`` names what the list counts ("facilities", "entries", "rows"): the bar then
    always shows, with the count; without it, only when there is more than one page.
    """
    return {"page": page, "counted": counted,
            "query": filter_query(context["request"].GET)}


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
            return formatting.moment(dt.datetime.fromisoformat(value))
        if isinstance(field, models.DateField):
            return formatting.day(dt.date.fromisoformat(value))
        if isinstance(field, models.IntegerField) and "year" in field.name:
            return value  # 2015, not 2.015
        if isinstance(field, (models.DecimalField, models.FloatField, models.IntegerField)):
            return formatting.number(Decimal(value))
    except (ValueError, ArithmeticError):
        pass
    return value


@register.filter(name="action_label")
def action_label_filter(action) -> str:
    """An audited action's name in the project's vocabulary, in Vietnamese."""
    from sxsh.core.audit import action_label

    return action_label(action)


@register.filter(name="action_rows")
def action_rows_filter(action) -> list[tuple[str, str]]:
    """What an audited action carried, as (label, value), codes in words."""
    from sxsh.core.audit import action_rows

    return action_rows(action)


@register.filter(name="actor")
def actor_filter(entry) -> str:
    """Who made an audit entry: a user, a command's operating-system account, the system."""
    from sxsh.core.audit import actor_label

    return actor_label(entry)


@register.inclusion_tag("core/_form_fields.html")
def form_fields(form) -> dict:
    """A form's fields laid out the one way: every error listed at the top (each linked to
    its field), the note on typed figures once if the form has any, then each field with
    its label, help and errors; hidden fields (the version token) included."""
    from sxsh.core.fields import NUMBER_HELP, FigureInput

    visible = form.visible_fields()
    typed = any(isinstance(f.field.widget, FigureInput) for f in visible)
    return {"form": form, "visible": visible, "hidden": form.hidden_fields(),
            "number_help": NUMBER_HELP if typed else ""}


@register.filter
def nfc(value) -> str:
    """Text in its composed form: Django's own name of Vietnamese ("Tiếng Việt") carries
    combining marks, which some fonts and every search treat as other letters."""
    import unicodedata

    return unicodedata.normalize("NFC", str(value))


@register.inclusion_tag("_sort_header.html", takes_context=True)
def sort_header(context, column: str, label, numeric: bool = False) -> dict:
    """A list's column header that sorts by ``column`` (again: the other way), keeping the
    filters; ``aria-sort`` says how the list is sorted now."""
    from sxsh.core.paging import SORT

    params = context["request"].GET.copy()
    current = context.get("sort", "")
    for key in ("page", "format", SORT):
        params.pop(key, None)
    params[SORT] = f"-{column}" if current == column else column
    state = ("ascending" if current == column else "descending" if current == f"-{column}"
             else "")
    return {"label": label, "query": params.urlencode(), "state": state, "numeric": numeric}
