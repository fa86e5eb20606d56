"""Issuing in the background: the request only reserves the number and date (a few queries,
whatever the number of districts the report's Annex 2 reads), the worker assembles, freezes
and prints the version step by step, a second officer issuing at once is told, and a failure
leaves an issuable draft, never a half-issued version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from sxsh.core.models import AdminUnit, AuditAction, User
from sxsh.core.tests.test_liveness import held_by_another_process, kill_9
from sxsh.reports import services
from sxsh.reports.documents import DocumentError
from sxsh.reports.models import ReportVersion

pytestmark = pytest.mark.django_db
#: session, user, the version (with report, plan, issuer), savepoint, the version again
#: under lock, (on PostgreSQL the year's register locked,) the number not yet given this
#: year, the version as it was (the audit's field diff) and its diff written, the version
#: saved, the step audited, the task queued, savepoint released.
ISSUE_QUERIES = 12 + (connection.vendor == "postgresql")
#: session, user, the version (with report, plan, issuer), the versions of the report.
ISSUING_PAGE_QUERIES = 4


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def issue_form(number: str = "15") -> dict[str, str]:
    return {"document_number": number, "issued_on": "15/01/2019", "confirm": "on"}


@pytest.fixture
def draft(year_2018) -> ReportVersion:
    return services.report_open(plan=year_2018.plan, kind="annual", year=2018,
                                user=year_2018.officer)


def test_issuing_asks_for_the_confirmation(draft, year_2018):
    client = client_for(year_2018.officer)
    response = client.post(f"/reports/{draft.report_id}/v1/issue/",
                           {"document_number": "15", "issued_on": "15/01/2019"})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert (draft.status, draft.document_number) == ("draft", "")


def test_the_request_reserves_the_number_in_a_few_queries_whatever_the_districts(
        draft, year_2018, django_assert_num_queries):
    client = client_for(year_2018.officer)
    with django_assert_num_queries(ISSUE_QUERIES):
        response = client.post(f"/reports/{draft.report_id}/v1/issue/", issue_form())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.issued_on, draft.content) == (
        "issuing", "15", dt.date(2019, 1, 15), None)
    assert DBTaskResult.objects.get().task_path == "sxsh.reports.tasks.issue_task"

    # two more district-level units for Annex 2 to read: the request reads none of them
    province = year_2018.plan.province
    for code in ("thu-nghiem-1", "thu-nghiem-2"):
        AdminUnit.objects.create(code=code, name=code, level=AdminUnit.Level.DISTRICT,
                                 parent=province)
    summary = services.report_open(plan=year_2018.plan, kind="five_year", year=2018,
                                   user=year_2018.officer)
    with django_assert_num_queries(ISSUE_QUERIES):
        response = client.post(f"/reports/{summary.report_id}/v1/issue/", issue_form("16"))
    assert response.status_code == 302


def test_the_page_follows_the_workers_steps_without_assembling(
        draft, year_2018, django_assert_num_queries):
    client = client_for(year_2018.officer)
    first = client.post(f"/reports/{draft.report_id}/v1/issue/", issue_form(), follow=True)
    body = first.content.decode()
    assert "Số 15/BC-SCT đã được dành cho báo cáo; báo cáo đang được ban hành trong nền." in body
    assert "Đang chuẩn bị…" in body
    assert "Bước 1/5: Đang tổng hợp số liệu" in body
    assert '<meta http-equiv="refresh" content="2">' in body
    assert "Ban hành báo cáo" not in body and "Lưu phần viết" not in body
    ReportVersion.objects.filter(pk=draft.pk).update(progress=2)  # the worker at the annexes

    with django_assert_num_queries(ISSUING_PAGE_QUERIES):
        body = client.get(f"/reports/{draft.report_id}/v1/").content.decode()

    assert "Bước 3/5: Đang lập các phụ lục (XLSX)" in body
    assert '<progress id="issue-progress" max="5" value="2">' in body


def test_a_second_officer_issuing_the_same_draft_at_once_is_told_it_is_taken(
        draft, year_2018, users):
    first, second = year_2018.officer, User.objects.create_user(
        "canbo2", role=year_2018.officer.role, agency=year_2018.officer.agency)
    services.version_issue(version=draft, user=first, document_number="15",
                           issued_on=dt.date(2019, 1, 15))

    response = client_for(second).post(f"/reports/{draft.report_id}/v1/issue/",
                                       issue_form("16"), follow=True)

    assert response.redirect_chain == [(f"/reports/{draft.report_id}/v1/", 302)]
    assert ("Phiên bản 1 đang được ban hành với số 15/BC-SCT ngày 15/01/2019: không thể "
            "thay đổi nữa. Hãy chờ các tệp của phiên bản." in response.content.decode())
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.issued_by) == ("issuing", "15", first)
    assert DBTaskResult.objects.count() == 1


def test_a_number_given_this_year_to_another_report_is_refused(draft, year_2018):
    officer = year_2018.officer
    services.version_issue(version=draft, user=officer, document_number="15",
                           issued_on=dt.date(2019, 1, 15))
    summary = services.report_open(plan=year_2018.plan, kind="five_year", year=2018,
                                   user=officer)

    response = client_for(officer).post(f"/reports/{summary.report_id}/v1/issue/",
                                        issue_form())

    assert response.status_code == 400
    assert ("Số 15/BC-SCT năm 2019 đã được dùng cho Báo cáo năm 2018, phiên bản 1."
            in response.content.decode())
    summary.refresh_from_db()
    assert (summary.status, summary.document_number) == ("draft", "")
    # the same number in another year is another document
    services.version_issue(version=summary, user=officer, document_number="15",
                           issued_on=dt.date(2020, 1, 10))


def test_a_failure_leaves_an_issuable_draft_with_the_reason(
        draft, year_2018, monkeypatch, reports_dir):
    officer = year_2018.officer
    client = client_for(officer)
    client.post(f"/reports/{draft.report_id}/v1/issue/", issue_form())
    monkeypatch.setenv("PATH", "")  # LibreOffice cannot be found: the PDF, the last step, fails

    with pytest.raises(DocumentError):
        services.version_issue_complete(version_id=draft.pk)

    draft.refresh_from_db()
    assert (draft.status, draft.files_status, draft.document_number, draft.issued_on,
            draft.content, draft.files, draft.progress) == (
        "draft", "failed", "", None, None, {}, 0)
    assert draft.error == "Máy chủ chưa cài LibreOffice nên không tạo được tệp PDF."
    assert sorted(p.name for p in reports_dir.iterdir()) == []  # DOCX and XLSX removed
    body = client.get(f"/reports/{draft.report_id}/v1/").content.decode()
    assert ("Ban hành không thành công: Máy chủ chưa cài LibreOffice nên không tạo được tệp "
            "PDF.") in body
    assert "Ban hành báo cáo" in body
    assert list(AuditAction.objects.filter(object_pk=str(draft.pk)).order_by("pk")
                .values_list("action_type", flat=True)) == [
        "reports.version.created", "reports.version.issuing", "reports.version.issue_failed"]
    monkeypatch.undo()
    again = services.version_issue(version=draft, user=officer, document_number="15",
                                   issued_on=dt.date(2019, 1, 15))
    assert (again.status, again.error) == ("issuing", "")


def test_a_version_being_issued_keeps_its_narrative(draft, year_2018):
    officer = year_2018.officer
    services.version_issue(version=draft, user=officer, document_number="15",
                           issued_on=dt.date(2019, 1, 15))
    with pytest.raises(ValidationError):
        services.narrative_save(version=draft, user=officer, narrative={"proposals": "X"})


def test_a_version_whose_worker_was_killed_goes_back_to_an_issuable_draft(
        draft, year_2018, reports_dir):
    officer = year_2018.officer
    client = client_for(officer)
    client.post(f"/reports/{draft.report_id}/v1/issue/", issue_form())
    url = f"/reports/{draft.report_id}/v1/"
    # the worker had printed the DOCX when it was killed
    (services.reports_dir() / f"{draft.report_id}-v1-docx.docx").write_bytes(b"PK half")
    with held_by_another_process(services.issuing_lock(draft.pk)) as worker:
        assert "Đang chuẩn bị…" in client.get(url).content.decode()  # alive
        draft.refresh_from_db()
        assert draft.status == "issuing"
        kill_9(worker)

    body = client.get(url).content.decode()

    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.issued_on, draft.content) == (
        "draft", "", None, None)
    assert ("Ban hành không thành công: tiến trình chạy nền đã dừng khi đang ban hành báo cáo "
            "(máy chủ được khởi động lại hoặc tiến trình bị dừng)") in body
    assert "Ban hành báo cáo" in body and "http-equiv" not in body
    assert sorted(p.name for p in reports_dir.iterdir()) == []  # the DOCX and the lock gone
    assert AuditAction.objects.filter(object_pk=str(draft.pk)).latest("pk").action_type == (
        "reports.version.issue_failed")
    again = services.version_issue(version=draft, user=officer, document_number="15",
                                   issued_on=dt.date(2019, 1, 15))
    assert again.status == "issuing"


@pytest.mark.parametrize(("number", "issued_on", "field", "message"), [
    ("015", "15/01/2019", "document_number",
     "Số 15/BC-SCT năm 2019 đã được dùng cho Báo cáo tổng kết 05 năm 2018, phiên bản 1."),
    ("../x", "15/01/2019", "document_number",
     "Số văn bản là số thứ tự trong sổ đăng ký văn bản đi: một số nguyên lớn hơn 0, ví dụ 15."),
    ("１５", "15/01/2019", "document_number",
     "Số văn bản là số thứ tự trong sổ đăng ký văn bản đi: một số nguyên lớn hơn 0, ví dụ 15."),
    ("0", "15/01/2019", "document_number",
     "Số văn bản là số thứ tự trong sổ đăng ký văn bản đi: một số nguyên lớn hơn 0, ví dụ 15."),
    ("16", "01/01/0001", "issued_on",
     "Báo cáo cho năm 2018 không thể ban hành trước năm 2018."),
    ("16", "31/12/2017", "issued_on",
     "Báo cáo cho năm 2018 không thể ban hành trước năm 2018."),
    ("16", "01/01/9999", "issued_on",
     "Ngày ban hành sau ngày hôm nay: văn bản phải mang ngày ký."),
])
def test_a_number_that_is_no_register_number_or_a_date_outside_the_report_is_refused(
        draft, year_2018, number, issued_on, field, message):
    officer = year_2018.officer
    taken = services.report_open(plan=year_2018.plan, kind="five_year", year=2018,
                                 user=officer)
    services.version_issue(version=taken, user=officer, document_number="15",
                           issued_on=dt.date(2019, 1, 10))
    response = client_for(officer).post(
        f"/reports/{draft.report_id}/v1/issue/",
        {"document_number": number, "issued_on": issued_on, "confirm": "on"})

    assert response.status_code == 400
    assert response.context["issue_form"].errors == {field: [message]}
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.issued_on) == ("draft", "", None)


def test_a_number_written_with_zeros_before_it_is_reserved_as_the_register_writes_it(
        draft, year_2018):
    version = services.version_issue(version=draft, user=year_2018.officer,
                                     document_number=" 007 ", issued_on=dt.date(2018, 12, 28))
    assert (version.document_number, version.issued_on) == ("7", dt.date(2018, 12, 28))


def test_a_narrative_saved_by_someone_else_after_the_page_was_opened_is_not_issued_unread(
        draft, year_2018):
    officer = year_2018.officer
    client = client_for(officer)
    opened = client.get(f"/reports/{draft.report_id}/v1/").context["issue_form"]
    other = User.objects.create_user("canbo2", role=officer.role, agency=officer.agency)
    services.narrative_save(version=draft, user=other,
                            narrative={"achievements": "Bản của người khác."})

    form = {**issue_form(), "version": opened["version"].value()}
    refused = client.post(f"/reports/{draft.report_id}/v1/issue/", form)

    assert refused.status_code == 400
    assert refused.context["issue_form"].non_field_errors() == [
        "Có người đã lưu phần nội dung sau khi bạn mở trang này: hãy đọc lại bản nháp rồi "
        "ban hành."]
    draft.refresh_from_db()
    assert (draft.status, draft.document_number) == ("draft", "")
    # Read again (the refused page carries the new token), it is issued as it now reads.
    again = {**form, "version": refused.context["issue_form"].data["version"]}
    assert client.post(f"/reports/{draft.report_id}/v1/issue/", again).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.narrative["achievements"]) == ("issuing",
                                                               "Bản của người khác.")


def test_a_new_version_asked_while_the_draft_is_being_issued_says_so(draft, year_2018):
    client = client_for(year_2018.officer)
    client.post(f"/reports/{draft.report_id}/v1/issue/", issue_form(), follow=True)

    response = client.post(f"/reports/{draft.report_id}/new-version/", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Phiên bản 1 đang được ban hành với số 15/BC-SCT ngày 15/01/2019: không thể thay đổi "
        "nữa. Hãy chờ các tệp của phiên bản."]
    assert ReportVersion.objects.filter(report=draft.report).count() == 1
