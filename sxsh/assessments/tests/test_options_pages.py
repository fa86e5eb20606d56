"""The options register on the pages: the upload (all rows or none, the user's scope) and
the export links of the assessments list, their refusals and query counts."""

import csv
import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from sxsh.assessments.interchange import OPTION_EXPORT_COLUMNS, import_options
from sxsh.assessments.models import Option
from sxsh.core.models import AuditAction

from .test_options_register import HEADER, ROWS, _row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def csv_file(rows, name: str = "pa.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), "text/csv")


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def register(make_facility, make_assessment, centre, other_agency):
    """Facility 1 is served by the centre (the consultant's agency), with options O1 and
    O2; facility 2 has only another agency's assessment, with option A."""
    one = make_facility(tax_code="3300000001", name="Công ty Bia A")
    two = make_facility(tax_code="3300000002", name="Xưởng dệt B")
    make_assessment(one, reference="ĐGN-2019-01", started_on=dt.date(2019, 3, 4))
    make_assessment(two, reference="ĐGCT-2018-02", kind="detailed",
                    started_on=dt.date(2018, 5, 10), agency=other_agency)
    data = csv_file(ROWS).read()
    assert import_options(lambda: io.BytesIO(data), file_name="pa.csv", user=None,
                          as_upload=False).created == 3
    return one, two


def test_the_list_links_the_upload_and_the_exports_with_its_filters(register, users):
    body = client_for(users["tuvan"]).get("/assessments/?kind=quick").content.decode()
    assert 'href="/assessments/options/upload/"' in body
    assert "/assessments/options/export/?kind=quick&amp;format=csv" in body
    assert "/assessments/options/export/?kind=quick&amp;format=xlsx" in body
    viewer = client_for(users["lanhdao"]).get("/assessments/").content.decode()
    assert "/assessments/options/" not in viewer


def test_a_consultant_exports_the_options_of_its_assessments_only(register, users):
    response = client_for(users["tuvan"]).get("/assessments/options/export/?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="giai-phap-sxsh.csv"'
    rows = list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert list(rows[0]) == list(OPTION_EXPORT_COLUMNS)
    # O1: 100 invested, 30 a year over 5 years at 10 %: payback 3,3333; 100 MWh in 2019
    assert [(r["option_code"], r["payback_years"], r["co2e_t_yr"]) for r in rows] == [
        ("O1", "3.3333", "84.58"), ("O2", "1.7355", "")]


def test_the_officer_exports_the_whole_register_as_xlsx_filtered_like_the_list(register,
                                                                               users):
    c = client_for(users["canbo"])
    every = load_workbook(io.BytesIO(content(c.get("/assessments/options/export/?format=xlsx"))))
    assert [r[4] for r in every.active.iter_rows(min_row=2, values_only=True)] == [
        "O1", "O2", "A"]
    detailed = load_workbook(io.BytesIO(content(
        c.get("/assessments/options/export/?format=xlsx&kind=detailed"))))
    assert [r[4] for r in detailed.active.iter_rows(min_row=2, values_only=True)] == ["A"]


def test_an_exported_file_uploaded_back_on_the_page_changes_nothing(register, users):
    c = client_for(users["tuvan"])
    exported = content(c.get("/assessments/options/export/?format=csv"))
    entries, actions = LogEntry.objects.count(), AuditAction.objects.count()
    response = c.post("/assessments/options/upload/", {
        "file": SimpleUploadedFile("giai-phap-sxsh.csv", exported, "text/csv")})
    assert response.status_code == 200
    assert "2 dòng: 0 tạo mới, 0 cập nhật, 2 không đổi." in response.content.decode()
    assert (LogEntry.objects.count(), AuditAction.objects.count()) == (entries, actions)


def test_an_upload_creates_and_updates_the_consultants_options(register, users, centre):
    response = client_for(users["tuvan"]).post("/assessments/options/upload/", {"file": csv_file([
        _row(annual_saving_mvnd="40"),
        _row(assessment_ref="ĐGN-2020-07", assessment_started="2020-01-06",
             implemented_on="2020-03-01")])})
    assert response.status_code == 200
    assert "2 dòng: 1 tạo mới, 1 cập nhật, 0 không đổi." in response.content.decode()
    assert Option.objects.get(code="O1", assessment__reference="ĐGN-2019-01"
                              ).annual_saving_mvnd == 40
    new = Option.objects.get(assessment__reference="ĐGN-2020-07")
    assert new.assessment.consultant_agency == centre


def test_a_refused_file_writes_nothing_and_names_each_row_error(register, users):
    before = list(Option.objects.order_by("pk").values_list("code", "annual_saving_mvnd"))
    entries = LogEntry.objects.count()
    response = client_for(users["tuvan"]).post("/assessments/options/upload/", {"file": csv_file([
        _row(annual_saving_mvnd="40"),       # fine alone, but the file is refused
        _row(option_code="O3", category="magic"),
        ROWS[2]])})                           # another agency's facility: out of scope
    assert response.status_code == 422
    body = response.content.decode()
    assert "2 lỗi: không nhập dòng nào." in body
    assert ("pa.csv, dòng 3, cột category, giá trị “magic”: Hãy chọn một trong tám nhóm "
            "giải pháp SXSH.") in body
    assert ("pa.csv, dòng 4, cột tax_code, giá trị “3300000002”: Không có cơ sở nào với mã "
            "số thuế này trong phạm vi của bạn.") in body
    assert list(Option.objects.order_by("pk").values_list("code", "annual_saving_mvnd")) == before
    assert LogEntry.objects.count() == entries


def test_a_file_of_another_kind_is_refused_plainly(register, users):
    response = client_for(users["canbo"]).post("/assessments/options/upload/", {
        "file": SimpleUploadedFile("pa.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 422
    assert ("Không nhập dòng nào: Loại tệp không hỗ trợ: dùng tệp .csv hoặc .xlsx."
            ) in response.content.decode()
    assert Option.objects.count() == 3


def test_those_without_the_register_are_refused(register, users):
    for name in ("doanhnghiep", "lanhdao", "diaphuong", "taichinh"):
        c = client_for(users[name])
        assert c.get("/assessments/options/upload/").status_code == 403
        assert c.post("/assessments/options/upload/", {"file": csv_file([_row()])}
                      ).status_code == 403
        assert c.get("/assessments/options/export/").status_code == 403
    assert Option.objects.count() == 3
    assert Client().get("/assessments/options/export/").status_code == 302  # to log in


def test_the_export_and_the_upload_take_as_many_queries_for_many_rows_as_for_few(
        register, users, django_assert_num_queries):
    c = client_for(users["canbo"])
    # session, user; the grid factors, the options
    with django_assert_num_queries(4):
        assert len(content(c.get("/assessments/options/export/"))
                   .decode("utf-8-sig").splitlines()) == 4
    Option.objects.filter(code="O2").delete()
    many = [_row(option_code=f"N{i}", status="study", implemented_on="") for i in range(9)]
    with django_assert_num_queries(4):
        assert len(content(c.get("/assessments/options/export/"))
                   .decode("utf-8-sig").splitlines()) == 3
    Option.objects.all().delete()
    # session, user; facilities, assessments, implemented options; in the transaction
    # (savepoint, release): the options read, created, their diffs and steps logged (the
    # assessment exists already)
    with django_assert_num_queries(11):
        c.post("/assessments/options/upload/", {"file": csv_file(many[:2], "few.csv")})
    Option.objects.all().delete()
    with django_assert_num_queries(11):
        c.post("/assessments/options/upload/", {"file": csv_file(many[2:], "many.csv")})
    assert Option.objects.count() == 7
