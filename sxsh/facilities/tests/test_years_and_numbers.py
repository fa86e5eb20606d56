"""No year after the current one, and numbers as Vietnamese users type them."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.core.tests.clock import stopped_at
from sxsh.facilities import services
from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .test_import_export import FACILITY_ROWS, _report_row, opener, write_csv
from .test_pages import client_for

# Today is 15/06/2026 in Huế: 2027 is next year.
pytestmark = [pytest.mark.django_db, stopped_at(2026, 6, 15)]


def test_the_service_refuses_a_report_for_next_year(make_facility, users):
    facility = make_facility()
    with pytest.raises(ValidationError) as exc:
        services.report_save(facility=facility, year=2027, data={}, user=users["canbo"])
    assert exc.value.message_dict["year"] == [
        "Năm 2027 sau năm hiện tại (2026)."]
    assert Report.objects.count() == 0


@stopped_at(2027, 1, 1, 0, 30)   # still 31/12/2026 in UTC
def test_the_year_turns_with_the_provinces_calendar_not_the_servers(make_facility, users):
    facility = make_facility()
    assert services.report_save(facility=facility, year=2027, data={},
                                user=users["canbo"]).year == 2027
    with pytest.raises(ValidationError) as exc:
        services.report_save(facility=facility, year=2028, data={}, user=users["canbo"])
    assert exc.value.message_dict["year"] == ["Năm 2028 sau năm hiện tại (2027)."]


def test_the_service_refuses_a_baseline_year_after_this_year(make_facility, users):
    facility = make_facility()
    with pytest.raises(ValidationError) as exc:
        services.report_save(facility=facility, year=2016,
                             data={"baseline_year": 2027}, user=users["canbo"])
    assert exc.value.message_dict["baseline_year"] == [
        "Năm 2027 sau năm hiện tại (2026)."]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_report_page_of_year_2100_says_so_in_vietnamese_and_saves_nothing(
        make_facility, users, method):
    facility = make_facility(accounts=[users["doanhnghiep"]])
    response = getattr(client_for(users["doanhnghiep"]), method)(
        f"/facilities/{facility.pk}/reports/2100/", {"production": "1"}, follow=True)
    assert response.status_code == 200
    assert "Năm 2100 sau năm hiện tại (2026)." in response.content.decode()
    assert Report.objects.count() == 0


def test_a_baseline_year_after_this_year_is_an_error_of_its_field_on_the_form(
        make_facility, users):
    facility = make_facility(accounts=[users["doanhnghiep"]])
    response = client_for(users["doanhnghiep"]).post(
        f"/facilities/{facility.pk}/reports/2016/", {"baseline_year": "2027"})
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_year"] == [
        "Năm 2027 sau năm hiện tại (2026)."]
    assert Report.objects.count() == 0


def test_a_facility_cannot_open_or_close_after_this_year(users, reference):
    data = {"tax_code": "3300100001", "name": "Cơ sở", "vsic": VsicDivision.objects.get(code="10"),
            "admin_unit": AdminUnit.objects.get(code="phu-vang"),
            "opened_year": 2027, "closed_year": 2027}
    with pytest.raises(ValidationError) as exc:
        services.facility_create(data=data, user=users["canbo"])
    assert set(exc.value.message_dict) == {"opened_year", "closed_year"}
    data |= {"opened_year": 2015, "closed_year": 2012}
    with pytest.raises(ValidationError) as exc:
        services.facility_create(data=data, user=users["canbo"])
    assert list(exc.value.message_dict) == ["closed_year"]   # 2012 < 2015, both past
    assert Facility.objects.count() == 0


def test_the_importers_name_row_column_and_value_of_a_future_year(tmp_path: Path, users,
                                                                   make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    year = "2027"
    path = write_csv(tmp_path / "bc.csv", list(REPORT_COLUMNS),
                     [_report_row(year="2016"), _report_row(year=year)])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "year", year)]
    assert "sau năm hiện tại (2026)" in str(result.errors[0])
    assert Report.objects.count() == 0
    row = list(FACILITY_ROWS[1])
    row[0], row[8], row[9] = "3300100009", "2012", year   # closed next year
    path = write_csv(tmp_path / "cs.csv", list(FACILITY_COLUMNS), [row])
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "closed_year", year)]
    assert Facility.objects.count() == 1   # only the factory's


def test_the_facility_form_accepts_vietnamese_decimals_and_grouping(users, reference):
    unit, vsic = AdminUnit.objects.get(code="phu-vang"), VsicDivision.objects.get(code="10")
    response = client_for(users["canbo"]).post("/facilities/new/", {
        "tax_code": "3300100001", "name": "Cơ sở thập phân", "admin_unit": unit.pk,
        "vsic": vsic.pk, "employees": "1.234", "revenue_bn_vnd": "1,5",
        "capital_bn_vnd": "1.234,5"})
    assert response.status_code == 302, response.context["form"].errors
    facility = Facility.objects.get()
    assert (facility.employees, facility.revenue_bn_vnd, facility.capital_bn_vnd) == (
        1234, Decimal("1.5"), Decimal("1234.5"))


def test_the_report_form_accepts_vietnamese_decimals_and_shows_the_format(make_facility,
                                                                           users):
    facility = make_facility(accounts=[users["doanhnghiep"]], opened_year=2010)
    c = client_for(users["doanhnghiep"])
    page = c.get(f"/facilities/{facility.pk}/reports/2016/").content.decode()
    assert "dấu phẩy thập phân, dấu chấm phân cách hàng nghìn (ví dụ 1.234,5)" in page
    response = c.post(f"/facilities/{facility.pk}/reports/2016/", {
        "product_unit": "tấn", "production": "1.234,5", "electricity_kwh": "1,5"})
    assert response.status_code == 302, response.context["form"].errors
    report = Report.objects.get()
    assert (report.production, report.electricity_kwh) == (Decimal("1234.5"), Decimal("1.5"))


def test_a_comma_before_three_digits_in_a_file_says_how_to_write_the_number(tmp_path: Path,
                                                                           users,
                                                                           make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", list(REPORT_COLUMNS),
                     [_report_row(production="1,500")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "production", "1,500")]
    assert "Hãy viết 1500 nếu là số nguyên, hoặc 1.500 với dấu chấm thập phân" in str(
        result.errors[0])
    assert Report.objects.count() == 0


def test_a_decimal_comma_in_a_file_is_read_as_the_form_reads_it(tmp_path: Path, users,
                                                                make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", list(REPORT_COLUMNS),
                     [_report_row(production="1,5")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert result.ok
    assert Report.objects.get().production == Decimal("1.5")
