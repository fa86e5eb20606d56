"""The officer's whole path in a real Chromium: the reports list → prepare 2018 → the draft
with its charts → a narrative section and the signer → issue with a number and date after
the confirmation → the worker → the issued version's four files → the DOCX opened with
python-docx. Also the draft on a 390 px phone and an automated accessibility check (axe)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.core.tests.accessibility import serious_violations
from sxsh.reports.models import ReportVersion

from .test_workflow import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/sxsh-reports-draft-390.png"
CHART_SCREENSHOT = "/tmp/sxsh-reports-chart-390.png"


def log_in(page: Page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def open_draft(page: Page, base: str, plan) -> None:
    page.goto(base + "/reports/")
    page.get_by_label("Kế hoạch").select_option(str(plan.pk))
    page.get_by_label("Loại").select_option("annual")
    page.get_by_label("Năm").fill("2018")
    page.get_by_role("button", name="Mở dự thảo").click()


def test_an_officer_prepares_issues_and_downloads_the_annual_report(
        live_server, year_2018, reports_dir, page: Page):
    log_in(page, live_server.url)
    open_draft(page, live_server.url, year_2018.plan)

    expect(page.get_by_role("heading", level=2, name="Dự thảo, từ số liệu hiện tại")
           ).to_be_visible()
    charts = page.locator("svg.ind-chart")
    expect(charts).to_have_count(7)
    i1 = page.get_by_role("img", name="I1 Nhận thức về lợi ích của SXSH")
    expect(i1).to_be_visible()
    assert i1.locator("text.point-value").all_text_contents() == ["0,0 %", "0,0 %", "50,0 %"]

    page.get_by_label("Khó khăn, vướng mắc và nguyên nhân").fill(
        "Kinh phí đối ứng của doanh nghiệp còn hạn chế.")
    page.get_by_label("Quyền hạn, chức vụ của người ký").select_option("deputy")
    page.get_by_label("Người ký", exact=True).fill("Phan Thị Hoa")
    page.get_by_role("button", name="Lưu phần nhận định").click()
    expect(page.locator(".report-document")).to_contain_text(
        "Kinh phí đối ứng của doanh nghiệp còn hạn chế.")

    page.get_by_label("Số văn bản").fill("15")
    page.get_by_label("Ngày ban hành").fill("15/01/2019")
    page.get_by_role("button", name="Ban hành báo cáo").click()
    # without the confirmation the draft stays a draft, the form says what is missing
    expect(page.get_by_role("button", name="Ban hành báo cáo")).to_be_visible()
    version = ReportVersion.objects.get()
    assert version.status == "draft"
    page.get_by_label("Tôi xác nhận").check()
    page.get_by_role("button", name="Ban hành báo cáo").click()

    expect(page.locator("#files")).to_contain_text("Đang chuẩn bị…")
    expect(page.locator("#files")).to_contain_text("Bước 1/5")
    run_worker()

    # the page's own refresh (every 2 s) brings the files
    downloads = page.locator("#files li a")
    expect(downloads).to_have_count(4, timeout=20_000)
    assert downloads.all_inner_texts() == [
        "Báo cáo (DOCX)", "Các phụ lục (XLSX)", "Các biểu gửi Bộ Công Thương (XLSX)",
        "Báo cáo (PDF)"]
    expect(page.get_by_role("img", name="I1 Nhận thức về lợi ích của SXSH")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Báo cáo (DOCX)").click()
    assert info.value.suggested_filename == "bao-cao-annual-2018-v1.docx"
    with open(info.value.path(), "rb") as downloaded:
        document = Document(io.BytesIO(downloaded.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Số: 15/BC-SCT" in cells
    assert "Kinh phí đối ứng của doanh nghiệp còn hạn chế." in text
    signer = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phan Thị Hoa"]


def test_the_draft_fits_a_phone_and_has_no_serious_accessibility_violation(
        live_server, year_2018, page: Page):
    log_in(page, live_server.url)
    open_draft(page, live_server.url, year_2018.plan)
    expect(page.locator("svg.ind-chart")).to_have_count(7)

    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart = page.get_by_role("img", name="I1 Nhận thức về lợi ích của SXSH")
    assert chart.bounding_box()["width"] <= PHONE["width"]
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.locator("figure.report-chart").first.screenshot(path=CHART_SCREENSHOT)
