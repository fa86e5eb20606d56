"""One rule set for a CP option however it comes in: the form of the assessment page and
a row of the options register give the same message for the same wrong value."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from sxsh.assessments.interchange import import_options
from sxsh.assessments.models import Option

from .test_options_register import HEADER, _row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]

#: The form field and its file column, the value typed in the form and written in the file.
CASES = [
    ("investment_mvnd", "investment_mvnd", "-5", "-5"),
    ("annual_saving_mvnd", "annual_saving_mvnd", "1000000000000", "1000000000000"),
    ("life_years", "life_years", "0", "0"),
    ("life_years", "life_years", "-2", "-2"),
    ("life_years", "life_years", "101", "101"),
    ("discount_rate", "discount_rate", "1,5", "1.5"),
    ("electricity_kwh_saved_yr", "electricity_kwh_saved_yr", "-1", "-1"),
    ("water_m3_saved_yr", "water_m3_saved_yr", "10000000000000", "10000000000000"),
    ("code", "option_code", "X" * 21, "X" * 21),
]


@pytest.fixture
def assessment(make_facility, make_assessment):
    facility = make_facility(tax_code="3300000001", name="Công ty Bia A")
    return make_assessment(facility, reference="ĐGN-2019-01", started_on=dt.date(2019, 3, 4))


def _file_message(column: str, value: str, **others: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow(_row(**{"status": "proposed", "implemented_on": "", **others,
                            column: value}))
    data = out.getvalue().encode()
    result = import_options(lambda: io.BytesIO(data), file_name="pa.csv", user=None,
                            as_upload=False)
    [error] = result.errors
    assert (error.row, error.column) == (2, column)
    return error.reason


def _form_message(client: Client, assessment, field: str, value: str) -> str:
    data = {"option-code": "O1", "option-category": "good_housekeeping",
            "option-description": "Sửa rò rỉ khí nén", "option-investment_mvnd": "100",
            "option-annual_saving_mvnd": "30", "option-life_years": "5",
            "option-discount_rate": "0,10", f"option-{field}": value}
    response = client.post(f"/assessments/{assessment.pk}/add/option/", data)
    assert response.status_code == 422
    form = response.context["forms"]["option"]
    return form.errors[field][0]


@pytest.mark.parametrize(("field", "column", "typed", "written"), CASES,
                         ids=[f"{c[1]}={c[3][:8]}" for c in CASES])
def test_a_form_and_a_file_row_get_the_same_message(assessment, users, client, field, column,
                                                    typed, written):
    client.force_login(users["tuvan"])
    form = _form_message(client, assessment, field, typed)
    assert form == _file_message(column, written)
    assert not Option.objects.exists()


def test_an_implementation_before_the_start_gets_the_same_message_on_the_page_and_in_a_file(
        assessment, users, client):
    option = Option.objects.create(assessment=assessment, code="O1", description="Sửa rò rỉ",
                                   category="good_housekeeping", status="implement_now")
    client.force_login(users["tuvan"])
    response = client.post(f"/assessments/options/{option.pk}/step/",
                           {"step": "implement", "implemented_on": "2019-03-01"}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    # the assessment started on 04/03/2019
    expected = "Ngày 01/03/2019 ở trước ngày bắt đầu đánh giá (04/03/2019)."
    assert message == f"O1: {expected}"
    Option.objects.all().delete()
    assert _file_message("implemented_on", "2019-03-01", status="implemented") == expected


def test_an_empty_code_or_description_gets_one_message_from_the_rules(assessment):
    assert _file_message("option_code", "") == "Hãy nhập mã giải pháp."
    assert _file_message("description", "") == "Hãy mô tả giải pháp."
