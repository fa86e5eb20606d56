"""The report assembled from the data: heading, results by task group, indicators,
budget, facilities supported, the officer's sections (figures in conftest's docstring)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sxsh.reports.assembly import assemble, document_date

pytestmark = pytest.mark.django_db


def _section(content, number):
    [found] = [s for s in content.sections[0].subsections if s.number == number]
    return found


@time_machine.travel(dt.datetime(2019, 1, 15, 9, 0), tick=False)
def test_it_heads_a_draft_as_a_report_of_the_department(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    assert content.issuer_lines == ["UBND TỈNH THỪA THIÊN HUẾ", "SỞ CÔNG THƯƠNG"]
    assert content.number == "Số:      /BC-SCT"
    assert content.place_date == "Thừa Thiên Huế, ngày 15 tháng 01 năm 2019"
    assert content.title == "BÁO CÁO"
    assert content.subject == "Kết quả thực hiện Kế hoạch 157/KH-UBND năm 2018"
    assert content.draft is True
    assert [s.number for s in content.sections] == ["I.", "II."]


def test_it_counts_the_activities_of_the_year_by_task_group(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    group = _section(content, "1.").subsections[0]
    assert group.number == "1.1."
    # TH-2018-01 (35, 3 attendees) and PS-2018-01 (20); TH-2017-01 is of 2017
    assert group.paragraphs == ["2 hoạt động với 3 người tham dự, kinh phí 55 triệu đồng."]
    rows = {row[0][:3]: row[1:] for row in group.tables[0].rows}
    assert rows["1.3"] == ["2017–2020", "1", "3", "35", "–"]
    assert rows["1.1"] == ["2017–2020", "1", "0", "20", "–"]
    assert rows["1.2"] == ["2017–2020", "0", "0", "0", "–"]
    support = _section(content, "1.").subsections[1]
    assert support.paragraphs[1] == ("Hỗ trợ kỹ thuật: 1 đánh giá nhanh; đề xuất 2 giải pháp "
                                     "SXSH, đã thực hiện 1.")


def test_it_measures_each_indicator_against_its_target(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    section = _section(content, "2.")
    rows = {row[0][:2]: row[1:] for row in section.tables[0].rows}
    # I1: 1 of the 2 open facilities aware (the assessed one; the other's report is not
    # accepted); the straight line from 0 in 2016 to 90 % in 2020 asks 45 % in 2018
    assert rows["I1"] == ["90 %", "50,0 %", "1 / 2", "Đúng tiến độ"]
    assert rows["I3"] == ["50 %", "50,0 %", "1 / 2", "Đạt"]
    [chart] = [c for c in section.charts if c.title.startswith("I1")]
    assert chart.series == [(2016, 0.0), (2017, 0.0), (2018, 0.5)]
    assert (chart.target, chart.unit) == (0.9, "share")


def test_it_sums_the_budget_planned_and_spent_by_source_and_line(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    by_source, by_line = _section(content, "3.").tables
    # Appendix II prints 1.375 for 2018; the activities' costs count as spent: 35 + 20
    assert by_source.rows[-1] == ["Tổng", "1.375", "–", "55"]
    lines = {row[0][:3]: row[1:] for row in by_line.rows}
    assert lines["1.3"] == ["80", "–", "35"]
    assert lines["1.1"] == ["30", "–", "20"]
    # 2.2's 1.000 for 2018 split as its sources over the period: 400 / 600 / 1.000 of 2.000
    assert lines["2.2"] == ["1.000", "–", "0"]


def test_it_lists_the_facilities_supported_and_the_factors_used(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, narrative={}, user=year_2018.officer)

    section = _section(content, "4.")
    assert section.paragraphs == ["1 cơ sở được hỗ trợ kỹ thuật."]
    assert section.tables[0].rows == [[
        "Công ty Bia Huế", year_2018.assessed.tax_code, "Huyện Phú Vang", "Đánh giá nhanh",
        "ĐGN-2018-01", "2018", "2", "1"]]
    assert content.factors == {"Hệ số phát thải lưới điện 2018":
                               "0,913 tCO₂e/MWh (Đã công bố; Cục Biến đổi khí hậu (Bộ TN&MT))"}


def test_it_prints_the_officers_sections_as_paragraphs(year_2018):
    content = assemble(plan=year_2018.plan, year=2018, user=year_2018.officer, narrative={
        "difficulties": "Kinh phí đối ứng còn hạn chế.\r\n\r\nThiếu chuyên gia.",
        "signer": "Nguyễn Văn An"})

    part = content.sections[1]
    assert [(s.number, s.heading, s.narrative_key) for s in part.subsections] == [
        ("1.", "Kết quả đạt được", "achievements"),
        ("2.", "Khó khăn, vướng mắc và nguyên nhân", "difficulties"),
        ("3.", "Đề xuất, kiến nghị", "proposals"),
        ("4.", "Nhiệm vụ năm tới", "next_tasks")]
    assert part.subsections[1].paragraphs == ["Kinh phí đối ứng còn hạn chế.", "Thiếu chuyên gia."]
    assert part.subsections[0].paragraphs == []
    assert content.signature.name == "Nguyễn Văn An"
    assert content.recipients[0] == "Nơi nhận:"


def test_it_summarises_five_years_with_a_column_per_year(year_2018):
    content = assemble(plan=year_2018.plan, year=2020, kind="five_year", narrative={},
                       user=year_2018.officer)

    assert content.subject == ("Tổng kết 05 năm thực hiện Kế hoạch 157/KH-UBND giai đoạn "
                               "2016–2020")
    assert content.years == [2016, 2017, 2018, 2019, 2020]
    table = _section(content, "2.").tables[0]
    assert table.columns[2:7] == ["2016", "2017", "2018", "2019", "2020"]
    # the assessment of 2018 keeps its facility aware; the report is never accepted
    i1 = [row for row in table.rows if row[0].startswith("I1")][0]
    assert i1[1:7] == ["90 %", "0,0 %", "0,0 %", "50,0 %", "50,0 %", "50,0 %"]
    # the activities of 2017 and 2018 in group 1: 40 + 35 + 20
    group = _section(content, "1.").subsections[0]
    assert group.paragraphs[0] == "3 hoạt động với 3 người tham dự, kinh phí 95 triệu đồng."
    # Appendix II's years: 315 + 1.375 + 1.365 + 305 (2016 has none)
    assert _section(content, "3.").tables[0].rows[-1][1] == "3.360"


def test_it_writes_the_date_as_decree_30_does():
    assert document_date(dt.date(2019, 1, 5)) == "ngày 05 tháng 01 năm 2019"
    assert document_date(dt.date(2019, 12, 15)) == "ngày 15 tháng 12 năm 2019"
    assert document_date(dt.date(2019, 3, 9)) == "ngày 09 tháng 3 năm 2019"
