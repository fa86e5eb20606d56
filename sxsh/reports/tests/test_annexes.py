"""The annexes and the ministry's tables as workbooks: opened with openpyxl, figures as
numbers (worked out in conftest's docstring)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sxsh.reports.annexes import cell_value, render_annexes, render_ministry
from sxsh.reports.assembly import assemble

pytestmark = pytest.mark.django_db


def _rows(sheet) -> dict[str, list]:
    return {str(row[0]): list(row[1:]) for row in sheet.iter_rows(min_row=4, values_only=True)
            if row[0] is not None}


def test_it_reads_a_printed_figure_back_as_the_number_it_is():
    assert cell_value("1.375") == (Decimal("1375"), "#,##0")
    assert cell_value("12,5") == (Decimal("12.5"), "#,##0.0")
    assert cell_value("45,0 %") == (Decimal("0.45"), "0.0%")
    assert cell_value("–") == (None, None)
    assert cell_value("8 % – 13 %") == ("8 % – 13 %", None)


def test_it_writes_the_annexes_as_a_sheet_each_with_numbers(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    book = load_workbook(io.BytesIO(render_annexes(content)))

    assert book.sheetnames == ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3", "Phụ lục 4", "Hệ số"]
    indicators = book.worksheets[0]
    assert indicators["A1"].value == "Phụ lục 1. Các chỉ tiêu theo năm"
    i1 = indicators["A4"].row
    assert [c.value for c in indicators[i1]] == [
        "I1 Nhận thức về lợi ích của SXSH", 0.9, 0.5, "1 / 2", "Đúng tiến độ"]
    assert indicators.cell(row=i1, column=3).number_format == "0.0%"
    # a band is not one number: kept as printed
    assert [c.value for c in indicators[i1 + 3]][1] == "8 % – 13 %"
    by_unit = _rows(book.worksheets[1])
    assert by_unit["Huyện Phú Vang"] == [0.5, None, 0.5, 2]
    assert by_unit["Huyện A Lưới"] == [None, None, None, 0]
    budget = book.worksheets[3]
    lines = [row for row in budget.iter_rows(min_row=4, values_only=True) if row[0] == "1.3"]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in lines] == [
        ("2018", "Ngân sách địa phương", 80, None, 35)]
    factors = _rows(book["Hệ số"])
    assert factors["Hệ số phát thải lưới điện 2018"] == [
        "0,913 tCO₂e/MWh (Đã công bố; Cục Biến đổi khí hậu (Bộ TN&MT))"]


def test_it_writes_the_ministrys_tables_in_a_workbook_of_their_own(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    book = load_workbook(io.BytesIO(render_ministry(content)))

    national, activities, budget = book.worksheets
    assert national["A1"].value == "Biểu 1. Các chỉ tiêu quốc gia"
    assert [c.value for c in national[3]] == ["Mã", "Chỉ số", "Mục tiêu quốc gia",
                                              "Mục tiêu của tỉnh", "Giá trị năm 2018"]
    assert _rows(national)["I1"] == ["Nhận thức về lợi ích của SXSH", 0.9, 0.9, 0.5]
    assert _rows(activities) == {"Lớp tập huấn": [1, 3, 35], "Tin, bài, phóng sự": [1, 0, 20]}
    totals = _rows(budget)["Tổng"]
    assert totals == [1375, None, 55]
    assert budget.cell(row=budget.max_row, column=1).font.b is True
