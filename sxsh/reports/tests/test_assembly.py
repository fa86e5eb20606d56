"""The report assembled from the data: heading, results by task group, indicators,
budget, facilities supported, the officer's sections (figures in conftest's docstring)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sxsh.reports.assembly import assemble

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
