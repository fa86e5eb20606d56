"""``sxsh indicators``: JSON on standard output, Vietnamese errors for a bad filter."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    # The command speaks the project's language (vi); another test's request may have left
    # English active in this thread.
    out = StringIO()
    with translation.override(settings.LANGUAGE_CODE):
        call_command("indicators", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_every_indicator_as_json(facilities, officers, plan):
    data = run("--year", "2018", "--format", "json")
    assert list(data) == ["I1", "I2", "I3", "I4", "I5", "I6", "I7"]
    # Worked out in test_engine.py: I1 3/7, I4 2/3.
    assert data["I1"]["numerator"] == 3 and data["I1"]["denominator"] == 7
    assert data["I1"]["value"] == pytest.approx(3 / 7)
    assert data["I4"]["categories"]["raw"] == {
        "numerator": 1, "denominator": 2, "value": 0.5,
        "median_saving": pytest.approx(0.06)}
    assert data["I6"]["numerator"] is None and data["I6"]["denominator"] == 10
    assert data["I6"]["value"] is None and data["I6"]["note"]


def test_filters_by_unit_name_division_size_and_provisional(facilities):
    # Phú Lộc (with Nam Đông), provisional: D alone, aware from its submitted 2017 report.
    data = run("--year", "2018", "--admin-unit", "Phú Lộc", "--provisional")
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (1, 1)
    # VSIC 23, medium: H alone — applied CP, never said it was aware.
    data = run("--year", "2018", "--vsic", "23", "--size", "medium")
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (0, 1)
    assert (data["I3"]["numerator"], data["I3"]["denominator"]) == (1, 1)


def test_a_denominator_of_zero_gives_a_null_value(facilities):
    data = run("--year", "2018", "--admin-unit", "a-luoi")
    assert data["I1"] == {"numerator": 0, "denominator": 0, "value": None, "status": "no_target"}


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--admin-unit", "Atlantis", "Không có đơn vị hành chính"),
    ("--admin-unit", "Huế", None),  # an exact name wins over the names that contain it
    ("--vsic", "99", "Không có ngành VSIC"),
    ("--size", "giant", "Không có quy mô"),
])
def test_an_unknown_filter_is_refused_in_vietnamese(reference, option, value, message):
    if message is None:
        run("--year", "2018", option, value)
        return
    with pytest.raises(CommandError, match=message):
        run("--year", "2018", option, value)
