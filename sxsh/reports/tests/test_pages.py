"""The pages under /reports/: the list, the draft with its narrative form and the issue
step, the issued version with its files, the comparison; who is refused; query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.reports import services

pytestmark = pytest.mark.django_db
DRAFT_QUERIES = 149


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def issued(year_2018):
    """Version 1 issued as No. 15 of 15/1/2019 (by the worker's part too), version 2 a
    draft."""
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    version = services.version_issue(version=version, user=officer, document_number="15",
                                     issued_on=dt.date(2019, 1, 15))
    services.version_issue_complete(version_id=version.pk)
    version.refresh_from_db()
    draft = services.version_new(report=version.report, user=officer)
    return version, draft


def test_the_list_says_so_when_no_report_is_prepared(users):
    body = client_for(users["canbo"]).get("/reports/").content.decode()
    assert "Chưa có báo cáo nào được chuẩn bị." in body
    assert "Chuẩn bị báo cáo" in body


def test_an_officer_opens_a_draft_and_saves_its_narrative(year_2018):
    client = client_for(year_2018.officer)

    response = client.post("/reports/open/", {"plan": year_2018.plan.pk, "kind": "annual",
                                              "year": 2018})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Dự thảo, từ số liệu hiện tại" in page
    assert "2 hoạt động với 3 người tham dự, kinh phí 55 triệu đồng." in page
    assert "Ban hành báo cáo" in page
    version = year_2018.plan.reports.get().versions.get()
    saved = client.post(f"/reports/{version.report_id}/v1/narrative/", {
        "difficulties": "Thiếu kinh phí.", "version": services.narrative_version(version)})
    assert saved.status_code == 302
    assert "Thiếu kinh phí." in client.get(saved["Location"]).content.decode()


def test_a_year_outside_the_plan_is_refused_on_the_form(year_2018):
    response = client_for(year_2018.officer).post(
        "/reports/open/", {"plan": year_2018.plan.pk, "kind": "annual", "year": 2022})
    assert response.status_code == 400
    assert "Năm 2022 không thuộc kế hoạch 157/KH-UBND (2016–2020)." in response.content.decode()


def test_the_leadership_reads_the_issued_version_and_downloads_its_files(issued, users):
    version, draft = issued
    client = client_for(users["lanhdao"])
    report = version.report_id

    page = client.get(f"/reports/{report}/v1/").content.decode()

    assert "Số 15/BC-SCT ngày 15/01/2019" in page
    assert "Báo cáo (DOCX)" in page and "Các biểu gửi Bộ Công Thương (XLSX)" in page
    assert "Tạo phiên bản mới" not in page
    for kind, content_type in [
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("ministry", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("pdf", "application/pdf")]:
        answer = client.get(f"/reports/{report}/v1/{kind}/")
        assert (answer.status_code, answer["Content-Type"]) == (200, content_type), kind
        assert b"".join(answer) == services.stored_file(version, kind)
    assert client.get(f"/reports/{report}/v2/").status_code == 404  # a draft: not theirs
    listed = client.get("/reports/").content.decode()
    assert "phiên bản 1" in listed and "phiên bản 2" not in listed


@pytest.mark.parametrize("name", ["tuvan", "taichinh", "doitac", "diaphuong", "doanhnghiep"])
def test_roles_without_reports_are_refused(issued, users, name):
    client = client_for(users[name])
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/{issued[0].report_id}/v1/").status_code == 403


def test_the_comparison_shows_the_figures_and_texts_that_differ(issued, year_2018):
    version, draft = issued
    client = client_for(year_2018.officer)
    services.narrative_save(version=draft, user=year_2018.officer,
                            narrative={"proposals": "Tăng kinh phí."})

    page = client.get(f"/reports/{version.report_id}/compare/").content.decode()

    assert "Phiên bản 1 so với phiên bản 2." in page
    assert "Đề xuất, kiến nghị" in page and "Tăng kinh phí." in page


def test_the_pages_take_a_fixed_number_of_queries(issued, users, django_assert_num_queries):
    version, _draft = issued
    client = client_for(users["lanhdao"])
    # session, user, count, page of reports (with plan), their versions
    with django_assert_num_queries(5):
        assert client.get("/reports/").status_code == 200
    # session, user, the version (with report, plan, issuer), the versions of the report
    with django_assert_num_queries(4):
        assert client.get(f"/reports/{version.report_id}/v1/").status_code == 200


def test_the_draft_takes_a_fixed_number_of_queries_whatever_the_rows(
        year_2018, django_assert_num_queries):
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    client = client_for(officer)
    url = f"/reports/{version.report_id}/v1/"
    client.get(url)  # the indicators' reference data read once, as on any page
    # The assembly reads each context once (tasks, activities, assessments, the budget's
    # year, the indicators of the province) and the indicators of each of the province's
    # nine district-level units (Annex 2): 149 queries, whatever the number of rows.
    with django_assert_num_queries(DRAFT_QUERIES):
        assert client.get(url).status_code == 200
    tasks = {t.code: t for t in year_2018.plan.tasks.all()}
    lines = {line.code: line for line in year_2018.plan.budget_lines.all()}
    for n in range(3):  # more activities, attendees, facilities and assessments
        activity = Activity.objects.create(
            code=f"HT-2018-{n}", kind=Activity.Kind.WORKSHOP, task=tasks["2.1"],
            budget_line=lines["2.1"], date=dt.date(2018, 7, n + 1), title="Hội thảo",
            cost_central_mvnd=Decimal("5"))
        Attendance.objects.create(activity=activity, person_name="Phan Văn Dũng",
                                  gender="male")
        Assessment.objects.create(facility=FacilityFactory(admin_unit_code="huong-thuy"),
                                  kind=Assessment.Kind.DETAILED, reference=f"ĐGCT-{n}",
                                  started_on=dt.date(2018, 8, 1), budget_line=lines["2.4"])

    with django_assert_num_queries(DRAFT_QUERIES):
        page = client.get(url).content.decode()
    assert "Hỗ trợ kỹ thuật: 1 đánh giá nhanh, 3 đánh giá chi tiết;" in page


def test_a_backup_keeps_the_files_of_an_issued_report(year_2018, settings, tmp_path):
    import tarfile

    from sxsh.core.backup import backup_write

    settings.REPORTS_DIR = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    services.version_issue(version=version, user=officer, document_number="15",
                           issued_on=dt.date(2019, 1, 15))
    services.version_issue_complete(version_id=version.pk)
    version.refresh_from_db()
    archive = tmp_path / "backup.tar.gz"
    backup_write(output=archive)
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    for kind in ("docx", "xlsx", "ministry", "pdf"):
        assert f"media/reports/{version.files[kind]['name']}" in names, kind
