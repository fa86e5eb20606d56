"""One way to write a figure for people: grouping, decimal comma, half up, "–" when unknown."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from sxsh.core import formatting
from sxsh.core.charts import share_chart
from sxsh.core.reference import classify_size
from sxsh.core.templatetags.sxsh import num, pct
from sxsh.facilities.quality import warning_text


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_figures_are_written_as_the_province_writes_them():
    assert num(Decimal("3360")) == "3.360"
    assert num(Decimal("1375.000")) == "1.375"
    assert num(Decimal("0.66666"), 2) == "0,67"
    assert pct(Decimal("0.085")) == "8,5 %"
    assert pct(Decimal("0.12"), 1) == "12,0 %"
    assert pct(None) == "–"


def test_percentages_round_half_up_rather_than_cut():
    assert pct(3 / 7) == "42,9 %"      # 42.857… %
    assert pct(Decimal("0.12345"), 2) == "12,35 %"
    assert pct(Decimal("0.125"), 0) == "13 %"


def test_it_rounds_half_up_where_round_would_go_to_the_even_digit():
    # round(0.125, 2) == 0.12 and round(2.5) == 2: half to even, on binary floats.
    assert round(0.125, 2) == 0.12 and round(2.5) == 2
    assert formatting.number(0.125, 2) == "0,13"
    assert formatting.number(Decimal("0.125"), 2) == "0,13"
    assert formatting.number(2.5, 0) == "3"
    assert formatting.number(Decimal("-2.5"), 0) == "-3"
    assert formatting.percent(Decimal("0.1245")) == "12,5 %"   # 12,45 % → 12,5 %
    assert formatting.percent(1 / 16) == "6,3 %"              # 6,25 % → 6,3 %, round() 6,2


def test_it_groups_thousands_and_drops_trailing_zeros_of_a_stored_decimal():
    assert formatting.number(1234567) == "1.234.567"
    assert formatting.number(Decimal("12.500")) == "12,5"
    assert formatting.number(Decimal("1234.560")) == "1.234,56"
    assert formatting.number(Decimal("1234.5"), 2) == "1.234,50"
    assert formatting.number(Decimal("0.000")) == "0"


def test_it_writes_a_sign_only_when_asked_and_only_before_a_positive_figure():
    assert formatting.number(Decimal("60.5"), 0, signed=True) == "+61"
    assert formatting.number(Decimal("-60.5"), 0, signed=True) == "-61"
    assert formatting.number(Decimal("0.4"), 0, signed=True) == "0"
    assert formatting.number(Decimal("60.5"), 0) == "61"


def test_an_unknown_value_is_a_dash_everywhere():
    assert formatting.NO_VALUE == "–"
    for written in (formatting.number(None), formatting.number(""), formatting.percent(None),
                    formatting.day(None), formatting.moment(None), num(None), pct("")):
        assert written == "–"


def test_dates_are_day_month_year():
    assert formatting.day(dt.date(2016, 10, 31)) == "31/10/2016"
    # 07:05 UTC is 14:05 in the province (Asia/Ho_Chi_Minh).
    assert formatting.moment(dt.datetime(2016, 10, 31, 7, 5, tzinfo=dt.UTC)) == "31/10/2016 14:05"


@pytest.mark.parametrize("share", [1 / 16, 1 / 8, 3 / 7, 5 / 7, 249 / 2000, 0.0, 1.0])
def test_the_chart_label_is_the_figure_on_the_card(share):
    chart = share_chart([(2017, None), (2018, share)])
    assert [p.label for p in chart.points] == [pct(share)]


def test_the_chart_of_one_in_sixteen_reads_six_point_three_percent():
    chart = share_chart([(2017, 1 / 16), (2018, 0.5)])
    assert [p.label for p in chart.points] == ["6,3 %", "50,0 %"]
    assert [label for _y, label in chart.grid] == ["0 %", "50 %", "100 %"]


def test_a_size_class_without_thresholds_shows_a_dash_not_a_question_mark():
    size = classify_size(employees=1500, revenue_bn_vnd=Decimal("300"), capital_bn_vnd=None,
                         thresholds=[])
    assert size.reason == ("Lớn: vượt ngưỡng doanh nghiệp vừa (– lao động; doanh thu – tỷ đồng "
                           "và tổng nguồn vốn – tỷ đồng) theo Nghị định 80/2021")


def test_a_change_of_specific_consumption_rounds_half_up_with_its_sign():
    # 0.605 → +60,5 % → "+61" (the old "{:+.0f}" rounded half to even: "+60").
    assert warning_text({"code": "sec_change", "category": "water", "year": 2016,
                         "change": "0.605"}) == (
        "Suất tiêu hao nước thay đổi +61 % so với năm 2016 (vượt ±50 %).")
    assert warning_text({"code": "sec_change", "category": "water", "year": 2016,
                         "change": "-0.625"}).startswith("Suất tiêu hao nước thay đổi -63 %")
