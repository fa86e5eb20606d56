"""Reminders: the facilities of the user's scope that sent no report of a year, with the
contacts a mail merge needs, on a page and as CSV or XLSX."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sxsh.facilities.models import Report

from .test_pages import client_for

pytestmark = pytest.mark.django_db

HEADERS = ["Tên", "Mã số thuế", "Địa chỉ", "Người liên hệ", "Thư điện tử liên hệ",
           "Điện thoại liên hệ", "Huyện/thị xã/thành phố", "Năm báo cáo gần nhất"]


@pytest.fixture
def late(make_facility, make_report):
    """In Phú Vang: one that reported 2016 and 2017 (draft in 2018), one that never did,
    one that reported 2018. In A Lưới: one that never did."""
    a = make_facility(name="Công ty Gạch Phú Vang", tax_code="3301000001",
                      address="Thôn 2, Phú Vang", contact_name="Nguyễn Văn An",
                      contact_email="an@gach.vn", contact_phone="0234 3861 234")
    make_report(a, 2016, production=Decimal(1))
    make_report(a, 2017, status=Report.Status.SUBMITTED, production=Decimal(1))
    make_report(a, 2018, status=Report.Status.DRAFT, production=Decimal(1))
    make_facility(name="Xưởng Mộc Phú Vang", tax_code="3301000002")
    done = make_facility(name="Nhà máy Bia Phú Vang", tax_code="3301000003")
    make_report(done, 2018, status=Report.Status.RETURNED, production=Decimal(1))
    make_facility(name="Cơ sở A Lưới", tax_code="3301000004", admin_unit_code="a-luoi")


def test_the_page_lists_those_without_a_report_in_the_users_scope(late, users):
    officer = client_for(users["canbo"]).get("/facilities/reminders/?year=2018")
    body = officer.content.decode()
    assert [f.name for f in officer.context["page"].object_list] == [
        "Cơ sở A Lưới", "Công ty Gạch Phú Vang", "Xưởng Mộc Phú Vang"]
    assert "Nhà máy Bia Phú Vang" not in body
    assert 'href="mailto:an@gach.vn"' in body
    local = client_for(users["diaphuong"]).get("/facilities/reminders/?year=2018")
    assert [f.name for f in local.context["page"].object_list] == [
        "Công ty Gạch Phú Vang", "Xưởng Mộc Phú Vang"]


def test_the_export_has_vietnamese_headers_and_the_contacts(late, users):
    response = client_for(users["diaphuong"]).get("/facilities/reminders/?year=2018&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="nhac-bao-cao-2018.csv"'
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines == [
        ",".join(HEADERS),
        "Công ty Gạch Phú Vang,3301000001,\"Thôn 2, Phú Vang\",Nguyễn Văn An,an@gach.vn,"
        "0234 3861 234,Huyện Phú Vang,2017",
        "Xưởng Mộc Phú Vang,3301000002,,,,,Huyện Phú Vang,",
    ]


def test_the_xlsx_holds_the_same_rows(late, users):
    response = client_for(users["canbo"]).get("/facilities/reminders/?year=2018&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert rows[1] == ["Cơ sở A Lưới", "3301000004", None, None, None, None, "Huyện A Lưới",
                       None]
    assert rows[2][7] == 2017


@pytest.mark.parametrize("name", ["doanhnghiep", "taichinh", "doitac", "tuvan"])
def test_roles_without_completeness_are_refused(late, users, name):
    assert client_for(users[name]).get("/facilities/reminders/").status_code == 403


def test_the_page_and_the_export_pin_their_queries(late, users, make_facility,
                                                   django_assert_num_queries):
    for _ in range(5):
        make_facility()
    c = client_for(users["diaphuong"])
    # session, user, the user's unit and its area (units, successions), count, page of
    # facilities with unit, parent and last year reported; the export: no count, no page
    with django_assert_num_queries(7):
        assert c.get("/facilities/reminders/?year=2018").status_code == 200
    c = client_for(users["diaphuong"])
    with django_assert_num_queries(6):
        response = c.get("/facilities/reminders/?year=2018&format=csv")
        assert len(response.getvalue().decode("utf-8-sig").splitlines()) == 8
