"""The one chart module: the page's inline SVG and the documents' PNG are one drawing, with
the same labels rounded the same way."""

from __future__ import annotations

import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image

from sxsh.core import charts

#: 2016 a quarter, 2017 unknown, 2018 five of eight (62,5 %), against a target of 50 %.
SERIES = [(2016, 0.25), (2017, None), (2018, 0.625)]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def texts(svg: str) -> list[str]:
    """Every text the drawing writes, in order (a two-line label as its two lines)."""
    return [t for t in re.findall(r">([^<>]+)</t(?:ext|span)>", svg) if t.strip()]


def line() -> charts.Chart:
    return charts.share_chart(SERIES, target=0.5, target_label=("Mục tiêu", "50 %"))


def test_the_page_and_the_png_draw_the_same_labels():
    chart = line()
    page = render_to_string("indicators/_chart.html",
                            {"chart": chart, "code": "I1", "label": "Tỷ lệ"})
    standalone = charts.svg(chart)
    assert texts(page) == texts(standalone) == [
        "0 %", "50 %", "100 %", "Mục tiêu", "50 %", "25,0 %", "62,5 %", "2016", "2017", "2018"]


def test_the_page_keeps_its_style_sheet_and_the_standalone_drawing_carries_its_paint():
    page = render_to_string("indicators/_chart.html",
                            {"chart": line(), "code": "I1", "label": "Tỷ lệ"})
    assert "font-size=" not in page and "xmlns" not in page
    standalone = charts.svg(line())
    assert 'xmlns="http://www.w3.org/2000/svg" width="360" height="200"' in standalone
    assert 'font-family="Liberation Sans, DejaVu Sans, sans-serif"' in standalone
    assert standalone.count('font-size="13"') == 10 - 2 + 1  # the texts; one for two lines


def test_the_png_is_the_drawing_at_twice_its_size_with_the_points_where_the_svg_puts_them():
    image = Image.open(io.BytesIO(charts.png(line()))).convert("RGB")
    assert image.size == (720, 400)
    # 2018's point: x = 46 + 242 = 288; y = 26 + 148 × (1 − 0,625) = 81,5; at scale 2.
    assert image.getpixel((576, 163)) == (0x1C, 0x27, 0x33)
    # Nothing is drawn at the top left corner: the background is white, not transparent.
    assert image.getpixel((2, 2)) == (255, 255, 255)
    assert Image.open(io.BytesIO(charts.png(line(), scale=1))).size == (360, 200)


def test_a_bar_chart_turns_into_a_png_as_well():
    chart = charts.bar_chart([("Có", 3), ("Không", 1)])
    assert texts(charts.svg(chart)) == ["Có", "3", "Không", "1"]
    # 480 wide; 4 × 2 + 40 × 2 = 88 high.
    assert Image.open(io.BytesIO(charts.png(chart))).size == (960, 176)


def test_a_report_series_of_amounts_gets_an_axis_rounded_up_and_its_unit():
    chart = charts.series_chart([(2017, 1200.0), (2018, 1550.5)], unit="triệu đồng")
    # The largest value 1 550,5 rounds up to 2 000; labels to whole figures, half up.
    assert [tick for _y, tick in chart.grid] == ["0", "1.000", "2.000"]
    assert [p.label for p in chart.points] == ["1.200", "1.551"]
    assert texts(charts.svg(chart))[0] == "triệu đồng"


def test_a_report_series_of_shares_is_drawn_as_the_dashboard_draws_it():
    assert charts.series_chart(SERIES, target=0.5, target_label=("Mục tiêu", "50 %")) == line()
    savings = charts.series_chart([(2018, 0.094)], top=0.2)
    assert [tick for _y, tick in savings.grid] == ["0 %", "10 %", "20 %"]


@pytest.mark.parametrize("values, top", [([0.4], 0.5), ([3.0], 5.0), ([120.0, None], 200.0),
                                         ([1000.0], 1000.0), ([], 1.0)])
def test_the_amount_axis_stops_at_one_two_or_five_times_a_power_of_ten(values, top):
    assert charts.amount_top(values) == top
