"""What a careless or hostile user sends to the report pages is refused in words, and
nothing of it is kept (stop 19's review)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client

from sxsh.core.models import AdminUnit, Agency
from sxsh.plans.models import Plan
from sxsh.reports import services
from sxsh.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db


def test_it_refuses_a_narrative_section_longer_than_twenty_thousand_characters(year_2018):
    client = Client()
    client.force_login(year_2018.officer)
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018,
                                   user=year_2018.officer)
    url = f"/reports/{version.report_id}/v1/narrative/"
    token = services.narrative_version(version)

    refused = client.post(url, {"achievements": "x" * 20_001, "version": token})
    version.refresh_from_db()
    assert refused.status_code == 400
    assert "(hiện có 20001)" in refused.content.decode()
    assert version.narrative == {}

    saved = client.post(url, {"achievements": "x" * 20_000, "version": token})
    version.refresh_from_db()
    assert saved.status_code == 302
    assert version.narrative["achievements"] == "x" * 20_000


def test_it_refuses_to_open_a_report_on_another_province_s_plan(year_2018):
    lam_dong = AdminUnit.objects.get(code="vn-68")
    issuer = Agency.objects.create(code="ubnd-lam-dong", name="Ủy ban nhân dân tỉnh Lâm Đồng",
                                   kind=Agency.Kind.PROVINCE, province=lam_dong)
    theirs = Plan.objects.create(
        code="2645-qd-ubnd-2015-test", number="2645/QĐ-UBND", title="Thử", issuer=issuer,
        province=lam_dong, document_type=Plan.DocumentType.DECISION,
        issued_on="2015-12-10", start_year=2016, end_year=2020)
    client = Client()
    client.force_login(year_2018.officer)

    response = client.post("/reports/open/", {"plan": theirs.pk, "kind": "annual",
                                              "year": 2018})

    assert response.status_code == 400
    assert ("Kế hoạch 2645/QĐ-UBND là của tỉnh khác: tỉnh chỉ báo cáo theo kế hoạch của "
            "mình." in response.content.decode())
    assert not Report.objects.exists()
    own = client.post("/reports/open/", {"plan": year_2018.plan.pk, "kind": "annual",
                                         "year": 2018})
    assert own.status_code == 302


@pytest.fixture
def issued_with_files(year_2018, reports_dir):
    """Version 1 issued (as if by the worker), its DOCX kept on the disk as b"docx" (its
    checksum that of it)."""
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    version = services.version_issue(version=version, user=officer, document_number="15",
                                     issued_on=dt.date(2019, 1, 15))
    services.reports_dir().joinpath("docx-file").write_bytes(b"docx")
    version.files = {"docx": {"name": "docx-file", "sha256": hashlib.sha256(b"docx")
                              .hexdigest(), "size": 4}}
    version.files_status = ReportVersion.Files.READY
    version.status = ReportVersion.Status.ISSUED
    version.save()
    client = Client()
    client.force_login(officer)
    return version, client


def test_it_says_so_when_an_issued_file_was_altered_on_the_disk(issued_with_files):
    version, client = issued_with_files
    url = f"/reports/{version.report_id}/v1/docx/"
    assert client.get(url).content == b"docx"
    services.reports_dir().joinpath("docx-file").write_bytes(b"changed")

    response = client.get(url, follow=True)

    assert response.redirect_chain == [(f"/reports/{version.report_id}/v1/", 302)]
    assert "Tệp đã lưu không khớp với mã kiểm tra." in response.content.decode()


def test_it_says_so_when_an_issued_file_is_missing_from_the_disk(issued_with_files):
    version, client = issued_with_files
    services.reports_dir().joinpath("docx-file").unlink()

    response = client.get(f"/reports/{version.report_id}/v1/docx/", follow=True)

    assert response.redirect_chain == [(f"/reports/{version.report_id}/v1/", 302)]
    assert ("Tệp đã lưu bị mất: hãy đề nghị quản trị viên khôi phục tệp từ bản sao lưu."
            in response.content.decode())


@pytest.mark.parametrize("address", [
    "/reports/99999999999999999999/v1/",
    "/reports/99999999999999999999/v1/docx/",
])
def test_it_does_not_find_a_report_whose_number_no_database_id_holds(year_2018, address):
    client = Client(raise_request_exception=False)
    client.force_login(year_2018.officer)
    services.report_open(plan=year_2018.plan, kind="annual", year=2018,
                         user=year_2018.officer)

    assert client.get(address).status_code == 404
