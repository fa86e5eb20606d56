"""Every value a form, a file or a service accepts fits its column, derived values too; what
does not fit is a message or a row error, never an error of the database (issue 11)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sxsh.core.bounds import largest
from sxsh.core.tests.clock import stopped_at
from sxsh.facilities import services
from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.files import CSV_FIELD_LIMIT
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .test_facility_register import _data
from .test_import_export import FACILITY_ROWS, _report_row, opener, write_csv
from .test_pages import client_for

pytestmark = [pytest.mark.django_db, stopped_at(2026, 6, 15)]

FAC_HEADER = list(FACILITY_COLUMNS)
REP_HEADER = list(REPORT_COLUMNS)
# Coal of grade 1 that fits its column (18 digits, 3 decimals) but whose energy does not
# fit energy_toe (18 digits, 4 decimals: below 100 000 000 000 000 TOE).
HUGE_COAL = "999999999999999"


def _facility_row(**kw) -> list[str]:
    row = dict(zip(FAC_HEADER, FACILITY_ROWS[0], strict=True))
    row.update(kw)
    return [row[c] for c in FAC_HEADER]


def _import_facilities(tmp_path: Path, *rows: list[str]):
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER, list(rows))
    return import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)


def test_it_names_the_largest_value_of_each_number_column():
    assert largest(Facility._meta.get_field("revenue_bn_vnd")) == Decimal("99999999999.999")
    assert largest(Report._meta.get_field("energy_toe")) == Decimal("99999999999999.9999")
    # standard SQL's integer, on SQLite as on PostgreSQL
    assert largest(Facility._meta.get_field("employees")) == 2147483647


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("revenue_bn_vnd", "99999999999999",
     "Hãy chắc chắn rằng không có nhiều hơn 11 chữ số trước dấu phẩy thập phân."),
    ("employees", "3000000000",
     "Giá trị phải nhỏ hơn hoặc bằng 2147483647."),
])
def test_it_refuses_a_facility_file_with_a_number_too_large_for_its_column(tmp_path, users,
                                                                          column, value,
                                                                          reason):
    result = _import_facilities(tmp_path, _facility_row(**{column: value}))
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [
        (2, column, value, reason)]
    assert not Facility.objects.exists()


def test_it_refuses_a_facility_with_three_billion_employees_in_the_service(users):
    with pytest.raises(ValidationError) as exc:
        services.facility_create(data=_data(employees=3_000_000_000), user=users["canbo"])
    assert exc.value.message_dict == {
        "employees": ["Giá trị phải nhỏ hơn hoặc bằng 2147483647."]}
    assert not Facility.objects.exists()


def test_it_answers_a_facility_form_with_three_billion_employees_with_a_message(users):
    c = client_for(users["canbo"])
    data = _data(employees="3000000000")
    response = c.post("/facilities/new/", {**data, "admin_unit": data["admin_unit"].pk,
                                           "vsic": data["vsic"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["employees"] == [
        "Giá trị phải nhỏ hơn hoặc bằng 2147483647."]
    assert not Facility.objects.exists()


@pytest.mark.parametrize(("column", "limit", "length"), [
    ("name", "300", "301"), ("address", "500", "501"), ("industrial_zone", "200", "201")])
def test_it_refuses_a_text_longer_than_its_column_instead_of_cutting_it(tmp_path, users,
                                                                       column, limit, length):
    result = _import_facilities(tmp_path, _facility_row(**{column: "x" * int(length)}))
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert limit in result.errors[0].reason and length in result.errors[0].reason
    assert not Facility.objects.exists()


@pytest.mark.parametrize("tax_code", [
    "３３００１００００１",  # fullwidth digits
    "٣٣٠٠١٠٠٠٠١",  # Arabic-Indic digits
])
def test_it_refuses_a_tax_code_not_written_in_ascii_digits(tmp_path, users, tax_code):
    with pytest.raises(ValidationError):
        services.facility_create(data=_data(tax_code=tax_code), user=users["canbo"])
    result = _import_facilities(tmp_path, _facility_row(tax_code=tax_code.strip()))
    assert [(e.row, e.column) for e in result.errors] == [(2, "tax_code")]
    assert not Facility.objects.exists()


@pytest.mark.parametrize("year", ["2e3", "2E3", "２０１０"])
def test_it_does_not_read_a_year_from_an_exponent_or_other_digits(tmp_path, users, year):
    result = _import_facilities(tmp_path, _facility_row(opened_year=year))
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "opened_year", year)]
    assert not Facility.objects.exists()


def test_it_refuses_a_report_file_whose_energy_would_overflow_its_column(tmp_path, users,
                                                                        make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER,
                     [_report_row(coal_t=HUGE_COAL, coal_grade="coal_1")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column) for e in result.errors] == [(2, ""), (2, "")]
    reasons = [e.reason for e in result.errors]
    assert reasons[0].startswith("Năng lượng (TOE) tính từ các số lượng này quá lớn: "
                                 "tối đa 99.999.999.999.999,9999.")
    assert reasons[1].startswith("Phát thải (tấn CO₂e) tính từ các số lượng này quá lớn")
    assert not Report.objects.exists()


def test_it_refuses_a_report_whose_energy_would_overflow_in_the_service_and_the_form(
        users, make_facility):
    facility = make_facility(accounts=[users["doanhnghiep"]], opened_year=2010)
    with pytest.raises(ValidationError) as exc:
        services.report_save(facility=facility, year=2016, user=users["doanhnghiep"], data={
            "production": Decimal(1000), "coal_t": Decimal(HUGE_COAL), "coal_grade": "coal_1"})
    assert set(exc.value.message_dict) == {"energy_toe", "co2e_t"}
    c = client_for(users["doanhnghiep"])
    response = c.post(f"/facilities/{facility.pk}/reports/2016/", {
        "product_unit": "tấn", "production": "1000", "coal_t": HUGE_COAL,
        "coal_grade": "coal_1"})
    assert response.status_code == 200
    [first, second] = response.context["form"].non_field_errors()
    assert first.startswith("Năng lượng (TOE) tính từ các số lượng này quá lớn")
    assert not Report.objects.exists()
    assert c.get(f"/facilities/{facility.pk}/reports/2016/").status_code == 200


def test_it_answers_a_csv_cell_over_the_limit_with_a_problem_naming_the_row(tmp_path, users):
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER, [
        FACILITY_ROWS[1], _facility_row(address="x" * (CSV_FIELD_LIMIT + 1))])
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert result.problem == ("Không đọc được dòng 3: một ô dài hơn 131.072 ký tự, hoặc một "
                              "dấu ngoặc kép chưa đóng; không có gì được nhập.")
    assert not Facility.objects.exists()
