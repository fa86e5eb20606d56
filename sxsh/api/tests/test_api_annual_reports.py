"""``/api/v1/annual-reports/``: the annual reports read as the report pages read them, an
issued version's frozen content and files, a draft's narrative written with If-Match, and a
draft issued through the reports' service.

The data (``reports``): on the seed plan 157/KH-UBND, the annual report of 2018 issued by
the officer as no. 15 on 15/1/2019 (version 1, its four files generated as the worker does)
with a second version open as a draft after it, and the five-year summary of 2020 a draft
(version 1) — the page matrix's reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from rest_framework.test import APIClient

from sxsh.api.tests.conftest import client_with
from sxsh.api.tokens import token_create
from sxsh.core.models import User
from sxsh.core.services import demo_users_ensure
from sxsh.core.tests import snapshots
from sxsh.plans.tests.conftest import SEED_FILE, _loaded
from sxsh.reports import services
from sxsh.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db

LIST = "/api/v1/annual-reports/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    """Built once for the module (printing the four files takes seconds); each test runs in
    a savepoint rolled back after it."""
    with django_db_blocker.unblock(), translation.override("vi"), \
            override_settings(REPORTS_DIR=tmp_path_factory.mktemp("reports")), \
            transaction.atomic():
        snapshots.restore("users", lambda: demo_users_ensure(password="Test-pass-2016"))
        plan = _loaded("seed_plan", SEED_FILE)
        officer = User.objects.get(username="canbo")
        first = services.report_open(plan=plan, kind="annual", year=2018, user=officer)
        first = services.version_issue(version=first, user=officer, document_number="15",
                                       issued_on=dt.date(2019, 1, 15))
        services.version_issue_complete(version_id=first.pk)
        services.version_new(report=first.report, user=officer)
        summary = services.report_open(plan=plan, kind="five_year", year=2020, user=officer)
        yield {"annual": first.report, "summary": summary.report}
        transaction.set_rollback(True)


@pytest.fixture
def api(reports):
    """``api("canbo")``: a client bearing a new token of that demo user."""

    def make(username: str) -> APIClient:
        _token, key = token_create(user=User.objects.get(username=username), name="Hệ thống")
        return client_with(key)

    return make


def version_url(report: Report, number: int, rest: str = "") -> str:
    return f"{LIST}{report.pk}/versions/{number}/{rest}"


def test_the_officer_reads_every_report_and_leadership_and_the_ministry_the_issued(api,
                                                                                  reports):
    annual, summary = reports["annual"], reports["summary"]
    officer = api("canbo").get(LIST).json()["results"]
    # Newest year first: the summary of 2020, then the report of 2018.
    assert [(r["id"], r["plan"], r["kind"], r["year"]) for r in officer] == [
        (summary.pk, "157-kh-ubnd-2016", "five_year", 2020),
        (annual.pk, "157-kh-ubnd-2016", "annual", 2018)]
    assert officer[1]["versions"] == [
        {"number": 1, "status": "issued", "document_number": "15", "issued_on": "2019-01-15"},
        {"number": 2, "status": "draft", "document_number": "", "issued_on": None}]
    for reader in ("lanhdao", "bocongthuong"):
        [shown] = api(reader).get(LIST).json()["results"]
        assert (shown["id"], [v["number"] for v in shown["versions"]]) == (annual.pk, [1])
        assert api(reader).get(f"{LIST}{summary.pk}/").status_code == 404
        assert api(reader).get(version_url(annual, 2)).status_code == 404


@pytest.mark.parametrize("username", ["doanhnghiep", "diaphuong", "tuvan", "taichinh",
                                      "doitac"])
def test_roles_without_the_reports_capability_are_refused(api, reports, username):
    client = api(username)
    assert client.get(LIST).status_code == 403
    assert client.get(version_url(reports["annual"], 1)).status_code == 403
    assert client.get(version_url(reports["annual"], 1, "files/pdf/")).status_code == 403


def test_a_visitor_without_a_token_is_refused(reports):
    assert APIClient().get(LIST).status_code == 401


def test_it_filters_the_reports_by_kind_and_year(api, reports):
    client = api("canbo")
    assert [r["id"] for r in client.get(LIST, {"kind": "annual"}).json()["results"]] == [
        reports["annual"].pk]
    assert [r["id"] for r in client.get(LIST, {"year": 2020}).json()["results"]] == [
        reports["summary"].pk]
    assert client.get(LIST, {"plan": "khong-co"}).json()["results"] == []


def test_the_issued_version_carries_its_frozen_content_and_its_files(api, reports):
    annual = reports["annual"]
    answer = api("lanhdao").get(version_url(annual, 1))
    assert answer.status_code == 200
    data = answer.json()
    assert (data["status"], data["document_number"], data["issued_on"]) == (
        "issued", "15", "2019-01-15")
    stored = ReportVersion.objects.get(report=annual, number=1)
    assert data["content"] == stored.content
    assert data["content"]["number"] == "Số: 15/BC-SCT"
    assert (data["content"]["year"], data["content"]["draft"]) == (2018, False)
    assert data["files_status"] == "ready"
    assert sorted(data["files"]) == ["docx", "ministry", "pdf", "xlsx"]
    assert data["files"]["pdf"] == {
        "url": version_url(annual, 1, "files/pdf/"),
        "size": stored.files["pdf"]["size"], "sha256": stored.files["pdf"]["sha256"]}


@pytest.mark.parametrize("kind,content_type,magic", [
    ("docx", DOCX, b"PK"), ("xlsx", XLSX, b"PK"), ("ministry", XLSX, b"PK"),
    ("pdf", "application/pdf", b"%PDF")])
def test_each_file_downloads_as_issued_with_its_content_type(api, reports, kind,
                                                             content_type, magic):
    annual = reports["annual"]
    answer = api("bocongthuong").get(version_url(annual, 1, f"files/{kind}/"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == content_type
    assert answer.content.startswith(magic)
    stored = ReportVersion.objects.get(report=annual, number=1).files[kind]
    assert hashlib.sha256(answer.content).hexdigest() == stored["sha256"]
    assert len(answer.content) == stored["size"]
    # the name the page downloads it under too
    name = {"docx": "bao-cao-annual-2018-v1.docx", "xlsx": "bao-cao-annual-2018-v1.xlsx",
            "ministry": "bao-cao-annual-2018-v1-bo-cong-thuong.xlsx",
            "pdf": "bao-cao-annual-2018-v1.pdf"}[kind]
    assert answer["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_file_altered_on_the_disk_is_said_not_served(api, reports):
    version = ReportVersion.objects.get(report=reports["annual"], number=1)
    services.stored_path(version, "xlsx").write_bytes(b"altered")
    answer = api("canbo").get(version_url(reports["annual"], 1, "files/xlsx/"))
    assert answer.status_code == 409
    assert answer.json() == {"detail": "Tệp đã lưu không khớp với mã kiểm tra."}


def test_a_draft_has_no_frozen_content_and_no_files(api, reports):
    client = api("canbo")
    data = client.get(version_url(reports["annual"], 2)).json()
    assert (data["status"], data["content"], data["files"]) == ("draft", None, {})
    assert client.get(version_url(reports["annual"], 2, "files/pdf/")).status_code == 404
    assert client.get(version_url(reports["annual"], 1, "files/odt/")).status_code == 404


def test_a_narrative_update_needs_if_match_and_writes_the_sections_sent(api, reports):
    client = api("canbo")
    url = version_url(reports["annual"], 2)
    tag = client.get(url)["ETag"]
    body = {"narrative": {"achievements": "Đã hỗ trợ 12 cơ sở.", "signer": "Nguyễn Văn A"}}
    assert client.patch(url, body, format="json").status_code == 428
    assert client.patch(url, body, format="json", HTTP_IF_MATCH='"0"').status_code == 412
    answer = client.patch(url, body, format="json", HTTP_IF_MATCH=tag)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["narrative"] == {
        "achievements": "Đã hỗ trợ 12 cơ sở.", "difficulties": "", "proposals": "",
        "next_tasks": "", "signer_capacity": "director", "signer": "Nguyễn Văn A"}
    assert answer["ETag"] != tag
    # PATCH keeps the sections not sent; PUT empties them.
    again = client.patch(url, {"narrative": {"proposals": "Tăng kinh phí."}}, format="json",
                         HTTP_IF_MATCH=answer["ETag"])
    assert again.json()["narrative"]["achievements"] == "Đã hỗ trợ 12 cơ sở."
    assert again.json()["narrative"]["proposals"] == "Tăng kinh phí."
    replaced = client.put(url, {"narrative": {"difficulties": "Thiếu cán bộ.",
                                              "signer_capacity": "deputy"}}, format="json",
                          HTTP_IF_MATCH=again["ETag"])
    assert replaced.status_code == 200
    assert ReportVersion.objects.get(report=reports["annual"], number=2).narrative == {
        "achievements": "", "difficulties": "Thiếu cán bộ.", "proposals": "",
        "next_tasks": "", "signer_capacity": "deputy", "signer": ""}
    unknown = client.patch(url, {"narrative": {"signer_capacity": "king"}}, format="json",
                           HTTP_IF_MATCH=replaced["ETag"])
    assert unknown.status_code == 400


def test_a_narrative_someone_saved_since_it_was_read_is_refused_and_kept(api, reports):
    client = api("canbo")
    url = version_url(reports["annual"], 2)
    tag = client.get(url)["ETag"]
    draft = ReportVersion.objects.get(report=reports["annual"], number=2)
    services.narrative_save(version=draft, user=User.objects.get(username="canbo"),
                            narrative={"achievements": "Bản của người khác."})
    answer = client.patch(url, {"narrative": {"achievements": "Bản của tôi."}}, format="json",
                          HTTP_IF_MATCH=tag)
    assert answer.status_code == 412
    draft.refresh_from_db()
    assert draft.narrative["achievements"] == "Bản của người khác."


def test_an_issued_version_never_changes(api, reports):
    client = api("canbo")
    url = version_url(reports["annual"], 1)
    answer = client.patch(url, {"narrative": {"achievements": "Sửa."}}, format="json",
                          HTTP_IF_MATCH=client.get(url)["ETag"])
    assert answer.status_code == 400
    assert answer.json() == {"non_field_errors": [
        "Phiên bản 1 đã ban hành và không bao giờ thay đổi. Hãy tạo phiên bản mới để đính "
        "chính."]}


def test_leadership_reads_a_version_but_may_not_write_its_narrative(api, reports):
    url = version_url(reports["annual"], 1)
    client = api("lanhdao")
    tag = client.get(url)["ETag"]
    answer = client.patch(url, {"narrative": {"achievements": "Sửa."}}, format="json",
                          HTTP_IF_MATCH=tag)
    assert answer.status_code == 403


def test_the_officer_issues_a_draft_through_the_service(api, reports, settings, tmp_path):
    settings.REPORTS_DIR = str(tmp_path)
    client = api("canbo")
    url = version_url(reports["summary"], 1, "issue/")
    refused = client.post(url, {}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"document_number": ["Trường này là bắt buộc."],
                              "issued_on": ["Trường này là bắt buộc."]}
    body = {"document_number": "16", "issued_on": "2021-01-20"}
    # issuing freezes the narrative: the client must say which one it read
    assert client.post(url, body, format="json").status_code == 428
    assert client.post(url, body, format="json", HTTP_IF_MATCH='"0"').status_code == 412
    tag = client.get(version_url(reports["summary"], 1))["ETag"]
    answer = client.post(url, body, format="json", HTTP_IF_MATCH=tag)
    assert answer.status_code == 200, answer.json()
    data = answer.json()
    # the number and date reserved; the worker assembles, prints and freezes
    assert (data["status"], data["document_number"], data["issued_on"], data["content"],
            data["progress"], data["files_status"]) == (
        "issuing", "16", "2021-01-20", None, 0, "pending")
    version = ReportVersion.objects.get(report=reports["summary"], number=1)
    services.version_issue_complete(version_id=version.pk)
    data = client.get(version_url(reports["summary"], 1)).json()
    assert (data["status"], data["progress"], data["files_status"], data["error"]) == (
        "issued", 5, "ready", "")
    assert data["content"]["number"] == "Số: 16/BC-SCT"
    again = client.post(url, {"document_number": "17", "issued_on": "2021-01-21"},
                        format="json",
                        HTTP_IF_MATCH=client.get(version_url(reports["summary"], 1))["ETag"])
    assert again.status_code == 400


def test_leadership_may_not_issue(api, reports):
    answer = api("lanhdao").post(version_url(reports["annual"], 2, "issue/"),
                                 {"document_number": "16", "issued_on": "2021-01-20"},
                                 format="json")
    assert answer.status_code == 403
    assert ReportVersion.objects.get(report=reports["annual"], number=2).status == "draft"


def test_the_list_takes_the_same_number_of_queries_for_one_report_or_two(
        api, reports, django_assert_num_queries):
    client = api("canbo")
    client.get(LIST)  # the token's first use writes its time; then once a minute at most
    # The token with its user, the count, the page of reports, their versions.
    with django_assert_num_queries(4):
        assert len(client.get(LIST, {"kind": "annual"}).json()["results"]) == 1
    with django_assert_num_queries(4):
        assert len(client.get(LIST).json()["results"]) == 2


def test_an_issue_dated_before_the_report_s_year_or_numbered_with_text_is_refused(api,
                                                                                 reports):
    url = version_url(reports["annual"], 2, "issue/")
    client = api("canbo")
    tag = client.get(version_url(reports["annual"], 2))["ETag"]
    dated = client.post(url, {"document_number": "16", "issued_on": "0001-01-01"},
                        format="json", HTTP_IF_MATCH=tag)
    named = client.post(url, {"document_number": "../x", "issued_on": "2019-01-20"},
                        format="json", HTTP_IF_MATCH=tag)
    assert (dated.status_code, named.status_code) == (400, 400)
    assert dated.json() == {"issued_on": [
        "Báo cáo cho năm 2018 không thể ban hành trước năm 2018."]}
    assert named.json() == {"document_number": [
        "Số văn bản là số thứ tự trong sổ đăng ký văn bản đi: một số nguyên lớn hơn 0, ví "
        "dụ 15."]}
    assert ReportVersion.objects.get(report=reports["annual"], number=2).status == "draft"
