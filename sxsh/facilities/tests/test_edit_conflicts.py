"""Finding 2 of issue 11: two people open the same facility or report form; the second
save is refused with what the first one changed, and nothing of the first is lost.

The facility: employees 50, revenue 20 and capital 10 billion VND, opened in 2010; the
report of 2024: a draft with 1 000 kWh of electricity."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sxsh.core import concurrency
from sxsh.facilities import services
from sxsh.facilities.models import Report

from .test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(make_facility, users):
    return make_facility(name="Cơ sở Thuận An", employees=50, revenue_bn_vnd=Decimal(20),
                         accounts=[users["doanhnghiep"]])


def _facility_post(facility, version: str, **changes) -> dict:
    return {"version": version, "tax_code": facility.tax_code, "name": facility.name,
            "admin_unit": facility.admin_unit_id, "vsic": facility.vsic_id,
            "employees": "50", "revenue_bn_vnd": "20", "capital_bn_vnd": "10",
            "opened_year": "2010", **changes}


PRODUCTION = {"production": "100", "product_unit": "tấn", "save": ""}


def _opened(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return page.context["form"]["version"].value()


def test_it_refuses_the_second_save_of_a_facility_naming_what_the_first_changed(
        facility, users):
    url = f"/facilities/{facility.pk}/edit/"
    first, second = client_for(users["diaphuong"]), client_for(users["diaphuong"])
    first_version, second_version = _opened(first, url), _opened(second, url)
    assert first_version == second_version

    saved = first.post(url, _facility_post(facility, first_version,
                                           name="Cơ sở Thuận An mới", employees="80"))
    assert saved.status_code == 302
    refused = second.post(url, _facility_post(facility, second_version,
                                              contact_phone="0234 3822 111"))

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
        "được lưu. Đã thay đổi: Tên: Cơ sở Thuận An mới; Số lao động tham gia BHXH: 80. "
        "Hãy kiểm tra dữ liệu của bạn và lưu lại để giữ nó."]
    assert refused.context["form"]["contact_phone"].value() == "0234 3822 111"
    facility.refresh_from_db()
    assert (facility.name, facility.employees, facility.contact_phone) == (
        "Cơ sở Thuận An mới", 80, "")


def test_it_accepts_the_refused_facility_form_saved_again_on_purpose(facility, users):
    url = f"/facilities/{facility.pk}/edit/"
    first, second = client_for(users["diaphuong"]), client_for(users["canbo"])
    first_version = _opened(first, url)
    second_version = _opened(second, url)
    first.post(url, _facility_post(facility, first_version, employees="80"))
    refused = second.post(url, _facility_post(facility, second_version, name="Tên sửa"))
    renewed = refused.context["form"]["version"].value()
    assert renewed != second_version

    again = second.post(url, _facility_post(facility, renewed, employees="80",
                                            name="Tên sửa"))
    assert again.status_code == 302
    facility.refresh_from_db()
    assert (facility.name, facility.employees) == ("Tên sửa", 80)


def test_it_saves_a_facility_nobody_else_changed(facility, users):
    url = f"/facilities/{facility.pk}/edit/"
    client = client_for(users["diaphuong"])
    response = client.post(url, _facility_post(facility, _opened(client, url),
                                               employees="60"))
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.employees == 60


def test_the_service_refuses_a_stale_facility_version(facility, users):
    fields = ["name", "employees"]
    opened = concurrency.version(facility, fields)
    services.facility_update(facility=facility, data={"employees": 70}, user=users["canbo"])
    with pytest.raises(ValidationError) as exc:
        services.facility_update(facility=facility, data={"name": "X", "employees": 50},
                                 user=users["canbo"], expected_version=opened)
    assert exc.value.code == "stale"
    facility.refresh_from_db()
    assert (facility.name, facility.employees) == ("Cơ sở Thuận An", 70)


def test_it_refuses_the_second_save_of_a_report_naming_what_the_first_changed(
        facility, users, make_report):
    make_report(facility, 2024, status=Report.Status.DRAFT, product_unit="tấn",
                production=Decimal(100), electricity_kwh=Decimal(1000))
    url = f"/facilities/{facility.pk}/reports/2024/"
    first, second = client_for(users["doanhnghiep"]), client_for(users["doanhnghiep"])
    first_version, second_version = _opened(first, url), _opened(second, url)

    saved = first.post(url, {"version": first_version, "electricity_kwh": "1200",
                             **PRODUCTION})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {"version": second_version, "electricity_kwh": "1000",
                                "water_m3": "50", **PRODUCTION})

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
        "được lưu. Đã thay đổi: Điện (kWh): 1.200. "
        "Hãy kiểm tra dữ liệu của bạn và lưu lại để giữ nó."]
    report = facility.reports.get(year=2024)
    assert (report.electricity_kwh, report.water_m3, report.production) == (
        Decimal(1200), None, Decimal(100))


def test_it_refuses_a_new_report_someone_else_created_meanwhile(facility, users):
    url = f"/facilities/{facility.pk}/reports/2024/"
    first, second = client_for(users["doanhnghiep"]), client_for(users["doanhnghiep"])
    first_version, second_version = _opened(first, url), _opened(second, url)
    assert first.post(url, {"version": first_version, "aware": "true",
                            "save": ""}).status_code == 302
    refused = second.post(url, {"version": second_version, "aware": "false", "save": ""})
    assert refused.status_code == 200
    assert "Nhận thức được lợi ích SXSH: Có" in refused.context["form"].non_field_errors()[0]
    assert facility.reports.get(year=2024).aware is True
