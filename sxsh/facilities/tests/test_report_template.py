"""The Excel template people fill (issue 12, finding 5): Vietnamese labels over a hidden
row of codes, drop-downs from a hidden sheet, number formats, widths, a frozen header, a
guide; an enterprise's facilities and the year filled in; a filled template imports."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sxsh.core.tests.clock import stopped_at
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .test_import_export import write_csv
from .test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(make_facility, users):
    return make_facility(tax_code="0100100001", name="=Công ty Dệt A", opened_year=2010,
                         accounts=[users["doanhnghiep"]])


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _validations(sheet) -> dict[str, str]:
    """The cell range of each drop-down → the list it reads."""
    return {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}


@stopped_at(2026, 3, 15)
def test_it_labels_the_reports_template_in_vietnamese_over_a_hidden_row_of_codes(
        users, own, django_assert_num_queries):
    c = client_for(users["doanhnghiep"])
    with django_assert_num_queries(3):  # session, user, the enterprise's facilities
        content = c.get("/facilities/template/reports.xlsx").getvalue()
    book = _book(content)
    assert book.sheetnames == ["Báo cáo", "Hướng dẫn", "Danh mục"]
    data, guide, lists = book.worksheets
    assert [s.sheet_state for s in book.worksheets] == ["visible", "visible", "hidden"]
    assert [c.value for c in data[1]][:5] == [
        "Mã số thuế", "Tên cơ sở (để đối chiếu, không nhập)", "Năm báo cáo", "Năm cơ sở",
        "Nhận thức lợi ích SXSH (1/0)"]
    assert [c.value for c in data[2]][:5] == [
        "tax_code", "facility_name", "year", "baseline_year", "aware"]
    assert data[1][-1].value == "Giải trình cảnh báo chất lượng số liệu"
    assert data.row_dimensions[2].hidden is True
    assert data.freeze_panes == "C3"
    # tax codes are text (a leading 0 stays), years whole, quantities grouped
    dims = data.column_dimensions
    assert (dims["A"].number_format, dims["C"].number_format, dims["J"].number_format) == (
        "@", "0", "#,##0.0##")
    assert (dims["A"].width, dims["B"].width) == (16, 36)
    assert _validations(data) == {
        "E3:E1002": "'Danh mục'!$A$2:$A$3", "F3:F1002": "'Danh mục'!$A$2:$A$3",
        "G3:G1002": "'Danh mục'!$A$2:$A$3", "H3:H1002": "'Danh mục'!$B$2:$B$10",
        "L3:L1002": "'Danh mục'!$C$2:$C$4"}
    assert [lists.cell(row=r, column=1).value for r in (2, 3)] == [1, 0]
    assert [lists.cell(row=r, column=3).value for r in (2, 3, 4)] == [
        "coal_1", "coal_2", "coal_3"]
    # the enterprise's facility and last year, its name written as text, not a formula
    assert [c.value for c in data[3]][:3] == ["0100100001", "=Công ty Dệt A", 2025]
    assert data["B3"].data_type == "s"
    assert guide["A1"].value == "Hướng dẫn điền tệp mẫu"
    assert "Giải trình cảnh báo chất lượng số liệu" in guide["A7"].value


def test_it_fills_in_nothing_for_a_local_focal_point(users, own, django_assert_num_queries):
    c = client_for(users["diaphuong"])
    with django_assert_num_queries(2):  # session, user
        content = c.get("/facilities/template/reports.xlsx").getvalue()
    assert _book(content).worksheets[0].max_row == 2


@stopped_at(2026, 3, 15)
def test_a_filled_template_imports_back_as_submitted(users, own):
    c = client_for(users["doanhnghiep"])
    book = _book(c.get("/facilities/template/reports.xlsx").getvalue())
    data = book.worksheets[0]
    codes = [cell.value for cell in data[2]]
    for code, value in {"aware": 1, "cp_applied": 0, "product_unit": "tấn",
                        "production": 1200, "electricity_kwh": 950000.5,
                        "cp_measures": "Thay đèn LED"}.items():
        data.cell(row=3, column=codes.index(code) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    out.name = "mau-bao-cao.xlsx"
    out.seek(0)
    response = c.post("/facilities/upload/", {"kind": "reports", "file": out},
                      headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["created"] == 1
    report = Report.objects.get(facility=own, year=2025)
    assert (report.status, report.aware, report.cp_applied, report.production,
            report.electricity_kwh, report.cp_measures) == (
        "submitted", True, False, Decimal(1200), Decimal("950000.5"), "Thay đèn LED")


def test_a_file_with_the_labels_alone_imports(tmp_path, users, own):
    from sxsh.facilities.interchange.template import template_columns

    labels = [str(v) for v in template_columns("reports").values()]
    cells = {"Mã số thuế": "0100100001", "Năm báo cáo": "2019", "Sản lượng (theo đơn vị sản "
             "phẩm)": "10", "Nhận thức lợi ích SXSH (1/0)": "1"}
    path = write_csv(tmp_path / "nhan.csv", labels, [[cells.get(v, "") for v in labels]])
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    assert (result.errors, result.created) == ([], 1)
    assert Report.objects.get(facility=own, year=2019).production == Decimal(10)


def test_the_facilities_template_offers_the_units_of_the_user_s_area(
        users, django_assert_num_queries):
    c = client_for(users["diaphuong"])  # Phú Vang's focal point
    # session, user; its area: its unit, the units, their successions; the area's units,
    # the VSIC divisions
    with django_assert_num_queries(7):
        content = c.get("/facilities/template/facilities.xlsx").getvalue()
    book = _book(content)
    data, lists = book.worksheets[0], book["Danh mục"]
    assert _validations(data)["D3:D1002"].startswith("'Danh mục'!$A$2:$A$")
    units = [r[0] for r in lists.iter_rows(min_row=2, values_only=True) if r[0]]
    assert "Huyện Phú Vang" in units and "Huyện A Lưới" not in units
    divisions = [r[1] for r in lists.iter_rows(min_row=2, values_only=True) if r[1]]
    assert (len(divisions), divisions[3][:5]) == (24, "13 – ")


def test_a_filled_facilities_template_imports(users):
    book = _book(client_for(users["canbo"]).get("/facilities/template/facilities.xlsx")
                 .getvalue())
    data, lists = book.worksheets[0], book["Danh mục"]
    unit = next(r[0] for r in lists.iter_rows(min_row=2, values_only=True)
                if r[0] == "Huyện Phú Vang")
    division = next(r[1] for r in lists.iter_rows(min_row=2, values_only=True)
                    if r[1] and r[1].startswith("13 "))
    data.append(["0100100009", "Xưởng dệt", "", unit, division, 60, 30, 10, 2015, None, ""])
    out = io.BytesIO()
    book.save(out)
    result = import_facilities(lambda: io.BytesIO(out.getvalue()), file_name="cs.xlsx",
                               user=users["canbo"], as_upload=True)
    assert (result.ok, result.created) == (True, 1)
    facility = Facility.objects.get(tax_code="0100100009")
    assert (facility.admin_unit.code, facility.vsic.code) == ("phu-vang", "13")
