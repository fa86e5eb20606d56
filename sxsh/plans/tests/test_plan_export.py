"""Appendix I and II written out: the seed's figures come back exactly, in CSV and XLSX."""

import csv
import io
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sxsh.plans.exports import plan_export

pytestmark = pytest.mark.django_db


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_appendix_ii_csv_has_the_documented_columns(seed_plan):
    header = plan_export(seed_plan, appendix="II", fmt="csv").decode("utf-8-sig").splitlines()[0]
    assert header == (
        "code,content,unit,qty_2016,amount_2016,qty_2017,amount_2017,qty_2018,amount_2018,"
        "qty_2019,amount_2019,qty_2020,amount_2020,total,central,local,enterprise"
    )


def test_appendix_ii_csv_gives_back_every_figure_of_the_seed(seed_plan):
    rows = {r["code"]: r for r in _csv(plan_export(seed_plan, appendix="II", fmt="csv"))}
    assert list(rows) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1",
                          "4.1", "5.2", "TOTAL"]

    def figures(code):
        r = rows[code]
        return [r[f"{k}_{y}"] for y in range(2016, 2021) for k in ("qty", "amount")] + [
            r["total"], r["central"], r["local"], r["enterprise"]]

    # Appendix II as printed; 2016 is empty for every line.
    assert figures("1.1") == ["", "", "1", "30", "1", "30", "1", "30", "1", "30",
                              "120", "0", "120", "0"]
    assert figures("1.2") == ["", "", "1", "30", "1", "30", "1", "30", "", "",
                              "90", "90", "0", "0"]
    assert figures("1.3") == ["", "", "2", "80", "2", "80", "1", "40", "1", "40",
                              "240", "0", "240", "0"]
    assert figures("1.4") == ["", "", "", "", "", "", "1", "80", "", "",
                              "80", "0", "80", "0"]
    assert figures("2.1") == ["", "", "1", "30", "1", "30", "1", "30", "1", "30",
                              "120", "60", "60", "0"]
    assert figures("2.2") == ["", "", "", "", "1", "1000", "1", "1000", "", "",
                              "2000", "400", "600", "1000"]
    assert figures("2.3") == ["", "", "1", "50", "2", "100", "1", "50", "1", "50",
                              "250", "0", "250", "0"]
    assert figures("2.4") == ["", "", "", "", "1", "100", "1", "100", "1", "100",
                              "300", "150", "150", "0"]
    assert figures("3.1") == ["", "", "1", "80", "", "", "", "", "", "",
                              "80", "0", "80", "0"]
    assert figures("4.1") == ["", "", "1", "15", "1", "5", "1", "5", "1", "5",
                              "30", "0", "30", "0"]
    assert figures("5.2") == ["", "", "", "", "", "", "", "", "1", "50",
                              "50", "0", "50", "0"]
    # 2017: 30+30+80+30+50+80+15 = 315; 2018: 30+30+80+30+1000+100+100+5 = 1375;
    # 2019: 30+30+40+80+30+1000+50+100+5 = 1365; 2020: 30+40+30+50+100+5+50 = 305;
    # central 90+60+400+150 = 700; enterprise 1000; local 3360-700-1000 = 1660.
    assert figures("TOTAL") == ["", "", "", "315", "", "1375", "", "1365", "", "305",
                                "3360", "700", "1660", "1000"]
    assert rows["2.2"]["unit"] == "Dự án"
    assert rows["3.1"]["content"].startswith("Học tập kinh nghiệm")


def test_the_second_plan_exports_its_own_years_and_sources(second_plan):
    data = plan_export(second_plan, appendix="II", fmt="csv")
    assert data.decode("utf-8-sig").splitlines()[0] == (
        "code,content,unit,qty_2021,amount_2021,qty_2022,amount_2022,qty_2023,amount_2023,"
        "qty_2024,amount_2024,qty_2025,amount_2025,total,central,local,other"
    )
    rows = {r["code"]: r for r in _csv(data)}
    assert rows["B.1"]["amount_2022"] == "150.5"
    assert rows["B.1"]["other"] == "100.5"
    assert rows["C.9"]["central"] == ""  # no amount printed for that source
    total = rows["TOTAL"]
    # 2022: 40 + 150.5; total: 125 + 200 + 12 printed totals; local 90 + 100 + 12.
    assert [total["amount_2021"], total["amount_2022"], total["amount_2023"],
            total["amount_2024"], total["amount_2025"]] == ["40", "190.5", "45", "50", "12"]
    assert [total["total"], total["central"], total["local"], total["other"]] == [
        "337", "25", "202", "110.5"]


def test_appendix_i_csv_lists_every_task_with_its_agencies(seed_plan):
    rows = _csv(plan_export(seed_plan, appendix="I", fmt="csv"))
    assert [r["code"] for r in rows] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3",
                                         "2.4", "3.1", "3.2", "4.1", "5.1", "5.2"]
    pilot = rows[5]
    assert pilot["lead"] == "Trung tâm Khuyến công và Xúc tiến thương mại"
    assert pilot["partners"] == "Các đơn vị sản xuất công nghiệp"
    assert (pilot["start_year"], pilot["end_year"]) == ("2018", "2019")


def test_appendix_ii_xlsx_looks_like_the_printed_table(seed_plan):
    wb = load_workbook(io.BytesIO(plan_export(seed_plan, appendix="II", fmt="xlsx")))
    ws = wb.active
    merged = {str(r) for r in ws.merged_cells.ranges}
    # Title rows 1–3, header rows 5–6: "TT", "Nội dung", "Đơn vị tính" span both rows,
    # each year spans its quantity and amount columns (2016 in D:E … 2020 in L:M), the
    # total is N and the sources share one heading over O:Q.
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:E5", "L5:M5", "N5:N6", "O5:Q5"} <= merged
    assert ws["D5"].value == "Năm 2016"
    assert (ws["D6"].value, ws["E6"].value) == ("Số lượng", "Kinh phí")
    assert [ws.cell(row=6, column=c).value for c in (15, 16, 17)] == [
        "Ngân sách TW", "Ngân sách địa phương", "Huy động từ DN"]
    values = {ws.cell(row=r, column=1).value: r for r in range(7, ws.max_row + 1)}
    line = values["2.2"]
    assert [ws.cell(row=line, column=c).value for c in range(8, 18)] == [
        1, 1000, 1, 1000, None, None, 2000, 400, 600, 1000]
    assert ws.cell(row=line, column=9).number_format == "#,##0"
    last = ws.max_row
    assert ws.cell(row=last, column=2).value == "TỔNG CỘNG"
    assert [ws.cell(row=last, column=c).value for c in (7, 9, 11, 13, 14, 15, 16, 17)] == [
        315, 1375, 1365, 305, 3360, 700, 1660, 1000]
    assert ws.cell(row=values["1"], column=2).value.startswith("Tiếp tục nâng cao nhận thức")


def test_libreoffice_opens_the_xlsx_and_reads_the_same_totals(seed_plan, tmp_path):
    path = tmp_path / "phu-luc-ii.xlsx"
    path.write_bytes(plan_export(seed_plan, appendix="II", fmt="xlsx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )
    rows = list(csv.reader((tmp_path / "phu-luc-ii.csv").open(encoding="utf-8")))
    total = next(r for r in rows if len(r) > 1 and r[1] == "TỔNG CỘNG")
    assert [total[i] for i in (6, 8, 10, 12, 13, 14, 15, 16)] == [
        "315", "1,375", "1,365", "305", "3,360", "700", "1,660", "1,000"]


def test_appendix_i_xlsx_has_a_row_per_group_and_task(seed_plan):
    wb = load_workbook(io.BytesIO(plan_export(seed_plan, appendix="I", fmt="xlsx")))
    ws = wb.active
    codes = [ws.cell(row=r, column=1).value for r in range(6, ws.max_row + 1)]
    assert codes == ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "2.2", "2.3", "2.4", "3",
                     "3.1", "3.2", "4", "4.1", "5", "5.1", "5.2"]
    assert ws.cell(row=10, column=1).value == "1.4"
    assert ws.cell(row=10, column=6).value == "2018"


def test_the_export_reads_the_budget_in_a_fixed_number_of_queries(seed_plan,
                                                                   django_assert_num_queries):
    # sources, lines (with group and task), amounts, source amounts, task groups
    with django_assert_num_queries(5):
        plan_export(seed_plan, appendix="II", fmt="csv")
    # task groups, tasks (with lead agency), partner agencies
    with django_assert_num_queries(3):
        plan_export(seed_plan, appendix="I", fmt="csv")


def test_the_command_writes_csv_to_standard_output_and_xlsx_to_a_file(seed_plan, tmp_path):
    out = StringIO()
    call_command("plan-export", "157/KH-UBND", "--appendix", "II", "--format", "csv",
                 stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("TOTAL,")
    target = tmp_path / "a.xlsx"
    call_command("plan-export", "157-kh-ubnd-2016", "--appendix", "II", "--format", "xlsx",
                 "--output", str(target))
    assert load_workbook(target).active["D5"].value == "Năm 2016"
    with pytest.raises(CommandError, match="Không có kế hoạch"):
        call_command("plan-export", "1/KH-XX", "--appendix", "I")


def test_the_second_plan_exports_as_xlsx_with_its_own_columns(second_plan):
    ws = load_workbook(io.BytesIO(plan_export(second_plan, appendix="II", fmt="xlsx"))).active
    assert ws["D5"].value == "Năm 2021" and ws["L5"].value == "Năm 2025"
    assert [ws.cell(row=6, column=c).value for c in (15, 16, 17)] == [
        "Ngân sách TW", "Ngân sách địa phương", "Nguồn khác"]
    # the line without a group (C.9) comes after the groups, then the total row
    assert ws.cell(row=ws.max_row - 1, column=1).value == "C.9"
    assert ws.cell(row=ws.max_row, column=14).value == 337
    assert ws.cell(row=ws.max_row, column=7).value == 190.5
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_text_that_looks_like_a_formula_stays_text_in_both_appendices(seed_plan):
    from sxsh.plans.models import BudgetLine, Task

    Task.objects.filter(plan=seed_plan, code="2.2").update(content='=HYPERLINK("x")')
    BudgetLine.objects.filter(plan=seed_plan, code="2.2").update(content="+1+1")
    appendix_i = _csv(plan_export(seed_plan, appendix="I", fmt="csv"))
    assert next(r for r in appendix_i if r["code"] == "2.2")["content"] == '\'=HYPERLINK("x")'
    appendix_ii = _csv(plan_export(seed_plan, appendix="II", fmt="csv"))
    line = next(r for r in appendix_ii if r["code"] == "2.2")
    assert (line["content"], line["amount_2018"]) == ("'+1+1", "1000")
    for appendix, text in (("I", '=HYPERLINK("x")'), ("II", "+1+1")):
        ws = load_workbook(io.BytesIO(plan_export(seed_plan, appendix=appendix,
                                                  fmt="xlsx"))).active
        cell = next(c for row in ws.iter_rows() for c in row if c.value == text)
        assert cell.data_type == "s"
        assert ws.cell(row=cell.row, column=1).value == "2.2"


@pytest.mark.parametrize(("appendix", "fmt", "queries"), [
    # the plan, then the export's own (see the test above): 1 + 3, 1 + 5
    ("I", "csv", 4), ("I", "xlsx", 4), ("II", "csv", 6), ("II", "xlsx", 6),
])
def test_the_download_page_takes_a_fixed_number_of_queries(client, seed_plan, appendix, fmt,
                                                           queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        response = client.get(f"/plans/{seed_plan.code}/appendix-{appendix}.{fmt}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="157-kh-ubnd-2016-phu-luc-{appendix.lower()}.{fmt}"')
    assert response.content.startswith(b"\xef\xbb\xbf" if fmt == "csv" else b"PK")
