"""Through a real Chromium: an officer opens a report from the review queue, reads the
answers beside the previous year and returns it with a comment; the enterprise logs in
and finds the comment on its report.

With ``SXSH_SCREENSHOT_DIR`` set, the review screen is saved there at 1 366 and 390 px
wide, for a person to look at."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sxsh.facilities.models import Report

from .test_browser_reports import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("SXSH_SCREENSHOT_DIR")
    if not folder:
        return
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def open_review_screen(page: Page, live_server, facility: str, year: int) -> None:
    """The demo officer opens ``facility``'s report from the review queue, at 1 366 px."""
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "canbo")
    page.goto(live_server.url + "/facilities/review/")
    page.get_by_role("link", name=facility).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Duyệt báo cáo năm {year} – {facility}")


def test_an_officer_returns_a_report_from_the_review_screen_and_the_enterprise_reads_why(
        live_server, users, make_facility, make_report, page: Page):
    facility = make_facility(name="Công ty Dệt Phú Vang", accounts=[users["doanhnghiep"]])
    make_report(facility, 2017, aware=True, cp_staff=False, cp_applied=False,
                product_unit="tấn", production=Decimal(800), electricity_kwh=Decimal(900_000),
                water_m3=Decimal(12_000))
    make_report(facility, 2018, status=Report.Status.SUBMITTED, aware=True, cp_staff=True,
                cp_applied=True, cp_measures="Thu hồi nước ngưng\nBiến tần cho bơm",
                product_unit="tấn", production=Decimal(1000),
                electricity_kwh=Decimal(990_000), water_m3=Decimal(30_000),
                quality_comment="Thêm công đoạn nhuộm",
                quality_warnings=[{"code": "sec_change", "category": "water", "year": 2017,
                                   "change": "1.000"}])
    open_review_screen(page, live_server, "Công ty Dệt Phú Vang", 2018)
    sheet = page.locator("table.report-sheet")
    expect(sheet.locator("thead")).to_contain_text("Báo cáo năm 2017")
    expect(sheet.locator("tr", has_text="Có cán bộ chuyên trách SXSH")).to_contain_text("CóKhông")
    expect(sheet.locator("tr", has_text="Đang áp dụng SXSH")).to_contain_text("CóKhông")
    # 990 000 against 900 000 kWh: +10,0 %; water 30 000 against 12 000 m³: +150,0 %
    expect(sheet.locator("tr.sheet-electricity_kwh")).to_have_text(
        "Điện (kWh)990.000900.000+10,0 %")
    expect(sheet.locator("tr.sheet-water_m3")).to_have_text("Nước (m³)30.00012.000+150,0 %")
    expect(page.locator(".quality")).to_contain_text("Thêm công đoạn nhuộm")
    screenshot(page, "review-screen")

    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".decision .errorlist")).to_have_text("Hãy ghi rõ cơ sở cần sửa gì.")
    page.get_by_label("Ý kiến hoặc lý do").fill("Lượng nước tăng gấp 2,5 lần: gửi hoá đơn nước")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".messages")).to_contain_text(
        "Công ty Dệt Phú Vang, năm 2018: báo cáo đã được trả lại cho cơ sở kèm nhận xét của bạn.")
    assert Report.objects.get(facility=facility, year=2018).status == Report.Status.RETURNED

    page.context.clear_cookies()
    log_in(page, live_server, "doanhnghiep")
    expect(page.locator("#work-queue")).to_contain_text("1 báo cáo bị trả lại để sửa")
    page.locator("#work-queue").get_by_role("link", name="1 báo cáo bị trả lại để sửa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo năm 2018 – Công ty Dệt Phú Vang")
    expect(page.locator(".review-comment")).to_contain_text(
        "Lượng nước tăng gấp 2,5 lần: gửi hoá đơn nước")
    expect(page.get_by_role("button", name="Gửi duyệt")).to_be_visible()
