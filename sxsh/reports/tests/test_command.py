"""``sxsh annual-report``: the issued version's stored file when there is one, else the
current draft printed; clear errors for an unknown plan, a year outside it, an unwritable
output."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sxsh.reports import services

pytestmark = pytest.mark.django_db


def run(*args: str) -> None:
    call_command("annual-report", *args, stdout=io.StringIO())


def test_it_writes_the_issued_versions_stored_file(year_2018, tmp_path):
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    version = services.version_issue(version=version, user=officer, document_number="15",
                                     issued_on=dt.date(2019, 1, 15))
    services.version_issue_complete(version_id=version.pk)
    version.refresh_from_db()
    services.version_new(report=version.report, user=officer)  # a newer draft beside it
    output = tmp_path / "bao-cao.docx"

    run("157-kh-ubnd-2016", "--year", "2018", "--format", "docx", "--output", str(output))

    assert output.read_bytes() == services.stored_file(version, "docx")


def test_it_prints_the_current_draft_when_nothing_is_issued(year_2018, tmp_path):
    services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=year_2018.officer)
    output = tmp_path / "phu-luc.xlsx"

    run("157/KH-UBND", "--year", "2018", "--format", "xlsx", "--output", str(output))

    sheet = load_workbook(output)["Phụ lục 4"]
    assert [(r[4], r[6]) for r in sheet.iter_rows(min_row=4, values_only=True)
            if r[0] == "1.3"] == [(80, 35)]


def test_it_assembles_the_five_year_summary_as_the_user_named(year_2018, tmp_path):
    output = tmp_path / "tong-ket.xlsx"
    not_prepared = r"Kế hoạch này chưa có báo cáo tổng kết 05 năm \(năm 2020\)"
    with pytest.raises(CommandError, match=not_prepared):
        run("157-kh-ubnd-2016", "--year", "2020", "--five-year", "--format", "xlsx",
            "--output", str(output))

    run("157-kh-ubnd-2016", "--year", "2020", "--five-year", "--format", "xlsx",
        "--output", str(output), "--user", "canbo")

    sheet = load_workbook(output)["Phụ lục 1"]
    assert [c.value for c in sheet[3]][2:7] == ["2016", "2017", "2018", "2019", "2020"]


@pytest.mark.parametrize(("args", "message"), [
    (["khong-co", "--year", "2018"], "Không có kế hoạch nào có mã hoặc số hiệu 'khong-co'."),
    (["157-kh-ubnd-2016", "--year", "2015"],
     "Năm 2015 không thuộc kế hoạch 157/KH-UBND (2016–2020)."),
])
def test_it_names_an_unknown_plan_and_a_year_outside_it(year_2018, tmp_path, args, message):
    with pytest.raises(CommandError) as refused:
        run(*args, "--format", "xlsx", "--output", str(tmp_path / "x.xlsx"))
    assert str(refused.value) == message


def test_it_says_when_the_output_cannot_be_written(year_2018, tmp_path):
    services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=year_2018.officer)
    output = tmp_path / "khong-co-thu-muc" / "x.xlsx"
    with pytest.raises(CommandError, match=f"^Không ghi được {output}"):
        run("157-kh-ubnd-2016", "--year", "2018", "--format", "xlsx", "--output", str(output))
