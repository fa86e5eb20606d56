"""Bounds that match the storage, in one place: the column decides.

A decimal column holds ``max_digits`` digits of which ``decimal_places`` after the point;
an integer column the range of its type in standard SQL (PostgreSQL's, which SQLite does
not enforce: the same answer on both databases); a text column ``max_length`` characters.
A form's service, a file import and a derived value are checked here before a write, so a
value too large for its column is a message, never an error of the database.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _


def largest(field: models.Field) -> Decimal | int | None:
    """The largest value a number column holds (None: not a number column)."""
    if isinstance(field, models.DecimalField):
        step = Decimal(1).scaleb(-field.decimal_places)
        return Decimal(10) ** (field.max_digits - field.decimal_places) - step
    if isinstance(field, models.IntegerField):
        return BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()][1]
    return None


def value_error(field: models.Field, value: Any) -> str:
    """The message for a value that does not fit ``field``'s column, or "" (Django's own
    messages, as a form shows them: they name the limit)."""
    if value is None:
        return ""
    validators, fits = _checks(field)
    if fits is not None and type(value) is Decimal and fits(value):
        return ""
    if value == "":
        return ""
    if (isinstance(value, Decimal) and not value.is_finite()
            or isinstance(value, float) and not math.isfinite(value)):
        # NaN and infinities fit no column (and Decimal("sNaN") cannot even be normalised)
        return _("Not a number.")
    if isinstance(value, Decimal):
        # 1E+12 as typed or 1000000000000.000 as a file's cell rounded: one message
        value = value.normalize()
    try:
        value = field.to_python(value)
        for validator in validators:
            validator(value)
    except ValidationError as exc:
        return exc.messages[0]
    return ""


@cache
def _checks(field: models.Field):
    """The validators of ``field``'s column, once per field (a file import asks for every
    cell), and for a decimal column whose only rule is its digits a quick test that a
    Decimal fits, which the validators would pass (None: always ask them)."""
    validators = list(field.validators)
    if isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        validators += [MinValueValidator(low), MaxValueValidator(high)]
    fits = None
    if (isinstance(field, models.DecimalField)
            and all(isinstance(v, DecimalValidator) for v in validators)):
        top = largest(field)
        assert isinstance(top, Decimal)
        step = Decimal(1).scaleb(-field.decimal_places)

        def fits(value: Decimal) -> bool:
            # within the largest value and no finer than the column's places: its whole
            # digits, decimals and total digits are all within the column's
            return value.is_finite() and -top <= value <= top and value == value.quantize(step)

    return validators, fits


def field_errors(model: type[models.Model], values: dict[str, Any]) -> dict[str, str]:
    """A message per value of ``values`` ({field name: value}) that does not fit its column
    of ``model`` ({} when all fit)."""
    found: dict[str, str] = {}
    for name, value in values.items():
        field, fits = _column(model, name)
        if value is None or fits is not None and type(value) is Decimal and fits(value):
            continue  # value_error's own first answers, without hashing the field again
        message = value_error(field, value)
        if message:
            found[name] = message
    return found


@cache
def _column(model: type[models.Model], name: str):
    """The field of a column and its quick test (``_checks``), kept by model and name: a
    file import asks for every cell, and a field's own hash is slow to compute."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column, not a relation's other side
    return field, _checks(field)[1]
