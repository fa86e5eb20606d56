"""Findings of the security and usability review: redirects, upload summary, scope oracle,
the administrator's pages and labels."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sxsh.facilities import services
from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Report

from .test_import_export import FACILITY_ROWS, _report_row, opener, write_csv
from .test_pages import client_for

pytestmark = pytest.mark.django_db

NOT_IN_SCOPE = "Không có cơ sở nào với mã số thuế này trong phạm vi của bạn."


@pytest.fixture
def submitted(make_facility, make_report):
    facility = make_facility(opened_year=2010)
    return make_report(facility, 2016, status=Report.Status.SUBMITTED,
                       product_unit="tấn", production=Decimal(1000))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "http://evil.example/facilities/review/"])
def test_the_review_never_redirects_to_another_site(submitted, users, target):
    response = client_for(users["canbo"]).post(
        f"/facilities/review/{submitted.pk}/", {"action": "accept", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/facilities/review/"


def test_the_review_returns_to_a_page_of_this_site(submitted, users):
    response = client_for(users["canbo"]).post(
        f"/facilities/review/{submitted.pk}/",
        {"action": "accept", "next": "/facilities/review/?status=accepted&page=2"})
    assert response["Location"] == "/facilities/review/?status=accepted&page=2"


@pytest.mark.parametrize("xhr", [False, True])
def test_an_upload_with_a_file_problem_shows_the_problem_not_zero_errors(users, reference, xhr):
    f = io.BytesIO(b"this is only text")
    f.name = "bao-cao.xlsx"
    headers = {"x-requested-with": "XMLHttpRequest"} if xhr else {}
    response = client_for(users["canbo"]).post("/facilities/upload/",
                                               {"kind": "reports", "file": f}, headers=headers)
    text = response.json()["message"] if xhr else response.content.decode()
    assert "Không nhập dòng nào: " in text
    assert "0 lỗi" not in text
    assert Report.objects.count() == 0


def test_a_wrong_header_comes_with_the_rows_errors_in_one_answer(users, reference):
    header = ",".join("nam" if c == "year" else c for c in REPORT_COLUMNS)
    f = io.BytesIO(f"{header}\n3300100001,2016,,1\n".encode())
    f.name = "bao-cao.csv"
    response = client_for(users["canbo"]).post(
        "/facilities/upload/", {"kind": "reports", "file": f},
        headers={"x-requested-with": "XMLHttpRequest"})
    data = response.json()
    assert response.status_code == 422
    # year missing and "nam" unknown (row 1), and row 2's unknown tax code, at once
    assert (data["problem"], data["error_count"]) == ("", 3)
    assert [e.split(": ", 1)[0] for e in data["errors"]] == [
        "bao-cao.csv, dòng 1, cột Năm báo cáo, giá trị “”",
        "bao-cao.csv, dòng 1, cột –, giá trị “nam”",
        "bao-cao.csv, dòng 2, cột Mã số thuế, giá trị “3300100001”",
    ]


@pytest.mark.parametrize("user", ["diaphuong", "doanhnghiep"])
def test_a_tax_code_outside_the_scope_reads_as_no_facility_at_all(tmp_path: Path, users,
                                                                  make_facility, user):
    make_facility(tax_code="3300100002", admin_unit_code="a-luoi", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", list(REPORT_COLUMNS),
                     [_report_row(tax="3300100002"), _report_row(tax="3300100003")])
    result = import_reports(opener(path), file_name=path.name, user=users[user],
                            as_upload=True)
    # row 2 exists outside the scope, row 3 does not exist: the same answer
    assert [(e.row, e.reason) for e in result.errors] == [(2, NOT_IN_SCOPE), (3, NOT_IN_SCOPE)]


def test_a_local_focal_point_is_not_told_where_a_facility_is_registered(tmp_path: Path,
                                                                        users, make_facility):
    make_facility(tax_code="3300100001", admin_unit_code="a-luoi")
    path = write_csv(tmp_path / "cs.csv", list(FACILITY_COLUMNS), FACILITY_ROWS[:1])
    result = import_facilities(opener(path), file_name=path.name, user=users["diaphuong"],
                               as_upload=True)
    assert [e.reason for e in result.errors] == [
        NOT_IN_SCOPE[:-1] + "; văn phòng chương trình đăng ký cơ sở này."]


def test_the_administrator_links_an_enterprise_account_and_publishes_a_facility(
        make_facility, users):
    facility = make_facility(employees=50, revenue_bn_vnd=Decimal("20"),
                             capital_bn_vnd=Decimal("10"))
    c = client_for(users["admin"])
    url = f"/admin/facilities/facility/{facility.pk}/change/"
    page = c.get(url)
    assert page.status_code == 200
    offered = {u.username for u in page.context["adminform"].form.fields["accounts"].queryset}
    assert offered == {"doanhnghiep"}   # only enterprise accounts can be linked
    response = c.post(url, {
        "tax_code": facility.tax_code, "name": facility.name, "address": "",
        "admin_unit": facility.admin_unit_id, "industrial_zone": "", "vsic": facility.vsic_id,
        "employees": "250", "revenue_bn_vnd": "20", "capital_bn_vnd": "10",
        "opened_year": "2010", "closed_year": "", "contact_name": "", "contact_phone": "",
        "contact_email": "", "accounts": [users["doanhnghiep"].pk], "published": "on",
        "size_class": "micro", "size_reason": "typed by hand",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    facility.refresh_from_db()
    assert facility.published
    assert list(facility.accounts.all()) == [users["doanhnghiep"]]
    # Decree 80: 250 employees > 200 is not small or medium in industry: large, by the
    # service, whatever was typed
    assert facility.size_class == "large"
    assert facility.size_reason != "typed by hand"
    assert client_for(users["doanhnghiep"]).get(f"/facilities/{facility.pk}/").status_code == 200


def test_the_admin_refuses_a_closing_year_after_this_year(make_facility, users):
    facility = make_facility()
    response = client_for(users["admin"]).post(
        f"/admin/facilities/facility/{facility.pk}/change/", {
            "tax_code": facility.tax_code, "name": facility.name,
            "admin_unit": facility.admin_unit_id, "vsic": facility.vsic_id,
            "opened_year": "2010", "closed_year": "2100"})
    assert response.status_code == 200
    assert "closed_year" in response.context["adminform"].form.errors
    facility.refresh_from_db()
    assert facility.closed_year is None


def test_reports_are_read_only_in_the_admin_and_only_the_administrator_enters_it(
        submitted, users):
    c = client_for(users["admin"])
    assert c.get("/admin/facilities/report/").status_code == 200
    assert c.get("/admin/facilities/report/add/").status_code == 403
    response = c.post(f"/admin/facilities/report/{submitted.pk}/change/", {"year": "2000"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.year == 2016
    assert client_for(users["canbo"]).get("/admin/facilities/facility/").status_code == 302


def test_the_vsic_label_starts_with_a_capital(make_facility, users):
    facility = make_facility()
    c = client_for(users["canbo"])
    assert "Ngành VSIC cấp 2:" in c.get(f"/facilities/{facility.pk}/").content.decode()
    listing = c.get("/facilities/").content.decode()
    assert "Ngành VSIC cấp 2" in listing and "ngành VSIC cấp 2" not in listing


def _edit_data(facility, **extra) -> dict:
    return {"tax_code": facility.tax_code, "name": facility.name,
            "admin_unit": facility.admin_unit_id, "vsic": facility.vsic_id,
            "employees": "50", "revenue_bn_vnd": "20", "capital_bn_vnd": "10",
            "opened_year": "2010", **extra}


def test_an_officer_publishes_a_facility_and_links_its_enterprise_account(make_facility,
                                                                          users):
    facility = make_facility()
    page = client_for(users["canbo"]).get(f"/facilities/{facility.pk}/edit/")
    assert page.status_code == 200
    assert {u.username for u in page.context["form"].fields["accounts"].queryset} == {
        "doanhnghiep"}
    assert "Được công bố tên" in page.content.decode()   # the label, capitalised
    response = client_for(users["canbo"]).post(
        f"/facilities/{facility.pk}/edit/",
        _edit_data(facility, published="on", accounts=[users["doanhnghiep"].pk]))
    assert response.status_code == 302, response.context["form"].errors
    facility.refresh_from_db()
    assert facility.published
    assert list(facility.accounts.all()) == [users["doanhnghiep"]]


def test_a_local_focal_point_can_neither_publish_nor_link_accounts(make_facility, users):
    facility = make_facility(admin_unit_code="phu-vang")
    c = client_for(users["diaphuong"])
    assert "published" not in c.get(f"/facilities/{facility.pk}/edit/").context["form"].fields
    c.post(f"/facilities/{facility.pk}/edit/",
           _edit_data(facility, published="on", accounts=[users["doanhnghiep"].pk]))
    facility.refresh_from_db()
    assert not facility.published
    assert not facility.accounts.exists()
    with pytest.raises(PermissionDenied):
        services.facility_update(facility=facility, data={"published": True},
                                 user=users["diaphuong"])


def test_only_enterprise_accounts_can_be_linked(make_facility, users):
    facility = make_facility()
    with pytest.raises(ValidationError) as exc:
        services.facility_update(facility=facility, data={"accounts": [users["diaphuong"]]},
                                 user=users["canbo"])
    assert list(exc.value.message_dict) == ["accounts"]
    assert not facility.accounts.exists()
