"""Property tests (Hypothesis) of the bounds of the columns and of the form's number fields:
whatever the value or the typed text, a message (ValidationError) or a value that fits,
never another exception; a figure written the Vietnamese way reads back the same."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from sxsh.core import formatting
from sxsh.core.bounds import field_errors, largest, value_error
from sxsh.core.fields import LocalizedDecimalField, LocalizedIntegerField

#: Every number column of the project's own models.
NUMBER_FIELDS = [
    f for app in ("core", "plans", "facilities", "indicators", "assessments", "activities")
    for model in apps.get_app_config(app).get_models() for f in model._meta.concrete_fields
    if isinstance(f, (models.DecimalField, models.IntegerField))
    and not isinstance(f, (models.AutoField, models.BigAutoField))
]
ANY_NUMBER = st.one_of(
    st.decimals(),                       # NaN, infinities, any exponent
    st.integers(), st.floats(), st.text(max_size=12),
)
TYPED = st.one_of(st.text(alphabet="0123456789.,-+eE \u00a0", max_size=20), st.text(max_size=20))


def test_there_are_number_columns_to_check():
    assert len(NUMBER_FIELDS) > 20


@pytest.mark.parametrize("field", NUMBER_FIELDS, ids=lambda f: f"{f.model.__name__}.{f.name}")
def test_one_step_above_the_largest_value_of_a_column_is_refused(field):
    top = largest(field)
    step = (Decimal(1).scaleb(-field.decimal_places)
            if isinstance(field, models.DecimalField) else 1)
    assert value_error(field, top + step) != ""
    if not field.validators or isinstance(field, models.DecimalField) and all(
            type(v).__name__ == "DecimalValidator" for v in field.validators):
        assert value_error(field, top) == ""   # no rule of its own below the column's


def test_it_names_a_value_that_is_not_a_number_instead_of_failing():
    # found by the property below: Decimal("sNaN").normalize() raised InvalidOperation and
    # an infinity OverflowError
    year = apps.get_model("facilities", "Report")._meta.get_field("year")
    with translation.override("vi"):
        assert value_error(year, Decimal("sNaN")) == "Không phải là số."
        assert value_error(year, float("-inf")) == "Không phải là số."


@given(st.sampled_from(NUMBER_FIELDS), ANY_NUMBER)
@example(NUMBER_FIELDS[0], Decimal("NaN"))
@example(NUMBER_FIELDS[0], Decimal("sNaN"))
@example(NUMBER_FIELDS[0], Decimal("-Infinity"))
@example(NUMBER_FIELDS[0], float("nan"))
def test_any_value_fits_its_column_or_has_a_message(field, value):
    message = value_error(field, value)
    assert isinstance(message, str)
    errors = field_errors(field.model, {field.name: value})
    assert errors == ({field.name: message} if message else {})


def _cleaned(field, text):
    try:
        return field.clean(text)
    except ValidationError as exc:
        assert exc.messages
        return exc


@given(TYPED)
@example("1e999999999")
@example("Infinity")
def test_any_text_typed_in_a_number_field_is_a_number_or_a_message(text):
    with translation.override("vi"):
        for field in (LocalizedDecimalField(max_digits=18, decimal_places=3, required=False),
                      LocalizedIntegerField(required=False)):
            value = _cleaned(field, text)
            assert value is None or isinstance(value, (Decimal, int, ValidationError))


@given(st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=3,
                   allow_nan=False, allow_infinity=False))
def test_a_figure_shown_the_vietnamese_way_reads_back_the_same_in_the_form(amount):
    with translation.override("vi"):
        shown = formatting.number(amount)
        assert LocalizedDecimalField(max_digits=18, decimal_places=3).clean(shown) == amount


@given(st.integers(min_value=-(2**31), max_value=2**31 - 1))
def test_a_whole_number_shown_the_vietnamese_way_reads_back_the_same_in_the_form(number):
    with translation.override("vi"):
        assert LocalizedIntegerField().clean(formatting.number(number)) == number
