"""Activities' costs are the plan's spending: ``sxsh budget-execution`` and the budget page.

The seed plan's 2018 (Appendix II, million VND) split by source in the proportion of each
line's sources: 1.1 local 30; 1.2 central 30; 1.3 local 80; 2.1 30 × 60/120 = 15 central and
15 local; 2.2 1000 × 400/2000 = 200 central, 600/2000 → 300 local, 1000/2000 → 500
enterprise; 2.3 local 100; 2.4 100 × 150/300 = 50 central, 50 local; 4.1 local 5.
Totals: central 30 + 15 + 200 + 50 = 295; local 30 + 80 + 15 + 300 + 100 + 50 + 5 = 580;
enterprise 500 (295 + 580 + 500 = 1375, the year's printed total).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from sxsh.activities.interchange import import_activities
from sxsh.plans.models import Expenditure

from .conftest import ACTIVITY_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db

ACTIVITIES = csv_file(
    ACTIVITY_HEADER,
    "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,,,40,",
    "SH-2018-01,guide,2.1,2.1,2018-11-20,Sổ tay SXSH,,,15,15,",
    "HT-2017-01,study_tour,3.2,3.1,2017-09-15,Học tập kinh nghiệm,,,,80,",
)


@pytest.fixture
def spending(seed_plan):
    """The three activities, and 10 disbursed by hand on line 1.3 (local) in 2018."""
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    Expenditure.objects.create(
        line=seed_plan.budget_lines.get(code="1.3"), year=2018,
        source=seed_plan.funding_sources.get(code="local"), kind="disbursed",
        amount_million_vnd=Decimal("10"), on=dt.date(2018, 6, 1))
    return seed_plan


#: The columns these tests read: the line, the source's code, planned, approved and spent.
COLUMNS = ["TT", "Mã nguồn", "Kế hoạch", "Đã phê duyệt", "Đã cam kết", "Đã giải ngân",
           "Đã quyết toán"]


def _rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    at = [rows[0].index(column) for column in COLUMNS]
    return [[row[i] for i in at] for row in rows]


def test_the_command_counts_the_activities_costs_as_disbursed_beside_spending_by_hand(
        spending):
    out = io.StringIO()
    call_command("budget-execution", "157/KH-UBND", year=2018, stdout=out)
    # 1.3 local: 40 (the training) + 10 by hand = 50; 2.1: 15 and 15 (the guide); the 2017
    # study tour is not in 2018. No decision yet: approved is empty.
    assert _rows(out.getvalue()) == [
        COLUMNS,
        ["1.1", "local", "30", "", "0", "0", "0"],
        ["1.2", "central", "30", "", "0", "0", "0"],
        ["1.3", "local", "80", "", "0", "50", "0"],
        ["2.1", "central", "15", "", "0", "15", "0"],
        ["2.1", "local", "15", "", "0", "15", "0"],
        ["2.2", "central", "200", "", "0", "0", "0"],
        ["2.2", "local", "300", "", "0", "0", "0"],
        ["2.2", "enterprise", "500", "", "0", "0", "0"],
        ["2.3", "local", "100", "", "0", "0", "0"],
        ["2.4", "central", "50", "", "0", "0", "0"],
        ["2.4", "local", "50", "", "0", "0", "0"],
        ["4.1", "local", "5", "", "0", "0", "0"],
        ["", "central", "295", "", "0", "15", "0"],
        ["", "local", "580", "", "0", "65", "0"],
        ["", "enterprise", "500", "", "0", "0", "0"],
        ["", "", "1375", "", "0", "80", "0"],
    ]
    assert "Tổ chức tập huấn, hội nghị" in out.getvalue()


def test_a_year_whose_only_spending_is_an_activity_shows_it_on_its_line(spending):
    out = io.StringIO()
    call_command("budget-execution", "157-kh-ubnd-2016", year=2017, stdout=out)
    rows = {(r[0], r[1]): r for r in _rows(out.getvalue())}
    # 3.1 (study tours) plans 80 from the local budget in 2017; the tour cost 80.
    assert rows[("3.1", "local")] == ["3.1", "local", "80", "", "0", "80", "0"]


def test_the_command_writes_xlsx_with_numbers_and_refuses_a_year_outside_the_plan(
        spending, tmp_path):
    path = tmp_path / "tt.xlsx"
    call_command("budget-execution", "157/KH-UBND", year=2018, fmt="xlsx", output=str(path))
    sheet = load_workbook(path).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    # 1.3 local: planned 80, no estimate, appraisal or decision; 50 disbursed before the
    # year's budget is approved
    assert values[3][:1] + values[3][2:] == [
        "1.3", "Ngân sách địa phương", "local", 80, None, None, None, 0, 50, 0,
        "Chi trước khi dự toán năm được duyệt."]
    assert values[-3][1:] == ["Tổng", "Ngân sách địa phương", "local", 580, None, None, None,
                              0, 65, 0, None]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2021"):
        call_command("budget-execution", "157/KH-UBND", year=2021)


def test_the_budget_page_shows_the_activities_part_and_offers_the_table_as_xlsx(
        client, users, spending):
    client.force_login(users["taichinh"])
    page = client.get(reverse("plans:budget_year", args=[spending.code, 2018]))
    html = page.content.decode()
    assert "trong đó hoạt động 40" in html  # line 1.3, local: 50 disbursed, 40 of it
    download = client.get(reverse("plans:budget_year_export", args=[spending.code, 2018]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[-4][1:] == ["Tổng", "Ngân sách TW", "central", 295, None, None, None, 0, 15,
                            0, None]


def test_the_xlsx_of_the_budget_is_refused_to_whoever_may_not_read_the_budget(
        client, users, spending):
    client.force_login(users["doanhnghiep"])
    url = reverse("plans:budget_year_export", args=[spending.code, 2018])
    assert client.get(url).status_code == 403
    client.force_login(users["taichinh"])
    assert client.get(reverse("plans:budget_year_export",
                              args=[spending.code, 2021])).status_code == 404
