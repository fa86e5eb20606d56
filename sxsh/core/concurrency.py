"""Optimistic concurrency for edit forms: nobody silently overwrites another's work.

An edit form carries a hidden ``version``: the values of the record's editable fields when
the form was opened (a small JSON object). The service compares it, under
``select_for_update``, with the row as it is now; when someone else saved in between, the
save is refused with a message naming the fields they changed and their new values. The
token is the values themselves rather than a counter, so a change made by any writer (a
file import, the admin) is noticed, and the fields changed can be named without a query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .formatting import number


def _field(obj: models.Model, name: str) -> models.Field:
    return cast(models.Field, obj._meta.get_field(name))


def _value(obj: models.Model | None, name: str) -> str | None:
    if obj is None:
        return None
    field = _field(obj, name)
    if field.many_to_many:
        pks = sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True))
        return ",".join(pks) or None
    value = field.value_from_object(obj)
    return None if value is None or value == "" else str(value)


def version(obj: models.Model | None, fields: Iterable[str]) -> str:
    """The token of ``obj`` as it is now (of no record yet when ``obj`` is None)."""
    return json.dumps({name: _value(obj, name) for name in fields}, sort_keys=True)


def _shown(obj: models.Model, name: str) -> str:
    field = _field(obj, name)
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, name).all()) or "–"
    value = getattr(obj, name)
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal | int) and not field.is_relation:
        return str(value) if name.endswith("year") else number(value)
    return str(value)


def check_version(obj: models.Model | None, expected: str | None,
                  fields: Iterable[str]) -> None:
    """Refuse a save opened on other values than ``obj`` holds now (``obj`` locked by the
    caller; None when no record exists yet). ``expected`` None skips the check (a file
    import, the command line). Raises ValidationError naming the fields changed since."""
    if expected is None:
        return
    fields = list(fields)
    try:
        opened = json.loads(expected)
    except ValueError:
        opened = None
    if not isinstance(opened, dict) or (obj is None and any(opened.values())):
        raise ValidationError(_("The form is out of date: open the record again."))
    changed = [name for name in fields if opened.get(name) != _value(obj, name)]
    if not changed or obj is None:
        return
    _refuse([(str(capfirst(_field(obj, name).verbose_name)), _shown(obj, name))
             for name in changed])


def _refuse(changed: list[tuple[str, str]]) -> None:
    changes = "; ".join(f"{label}: {shown}" for label, shown in changed)
    raise ValidationError(_(
        "Someone else saved this record after you opened it, so your changes were not "
        "saved. Changed since: %(changes)s. Check your input and save again to keep it."
    ) % {"changes": changes}, code="stale")


def values_version(values: dict[str, Decimal | int | str | None]) -> str:
    """The token of a set of values that are not one record's fields (a pilot model's
    funding, one amount per source), keyed by the form's field names."""
    return json.dumps({name: None if value is None or value == "" else str(value)
                       for name, value in values.items()}, sort_keys=True)


def check_values(current: dict[str, Decimal | int | str | None], expected: str | None,
                 labels: dict[str, str]) -> None:
    """``check_version`` for such a set: refuse a save opened on other values than
    ``current`` (read under lock by the caller), naming each one changed by its label."""
    if expected is None:
        return
    try:
        opened = json.loads(expected)
    except ValueError:
        opened = None
    if not isinstance(opened, dict):
        raise ValidationError(_("The form is out of date: open the record again."))
    now = json.loads(values_version(current))
    changed = sorted(name for name in set(now) | set(opened) if now.get(name) != opened.get(name))
    if changed:
        _refuse([(labels.get(name, name),
                  "–" if current.get(name) is None else number(current.get(name)))
                 for name in changed])


def renew(form, token: str) -> None:
    """Keep the user's input on a refused form but carry the current token, so that saving
    it again is a deliberate choice made after seeing the other changes."""
    form.data = form.data.copy()
    form.data["version"] = token


def version_field() -> forms.CharField:
    """The hidden field carrying the token of the record as the form was opened."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


def opened(form, obj: models.Model | None, fields: Iterable[str]) -> None:
    """Give ``form`` the token of ``obj`` as it is now (a posted form keeps its own)."""
    form.fields["version"].initial = version(obj, fields)


def expected(form) -> str | None:
    """The token a valid posted form was opened with (None: a form without one)."""
    return form.cleaned_data.get("version") or None


def reopen(form, obj: models.Model | None, fields: Iterable[str]) -> None:
    """After a refused save: read ``obj`` again and ``renew`` the form's token with it."""
    if obj is not None:
        obj.refresh_from_db()
    renew(form, version(obj, fields))
