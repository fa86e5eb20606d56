"""The dashboard as people see it in Chromium: readable chart text at 1 366 px and on a
390 px phone, and a print-out that keeps the filters (issue 12, findings 10 and 11)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The size each text of the charts is drawn at: its font size times the drawing's scale.
DRAWN_SIZES = """() => Array.from(document.querySelectorAll('svg.ind-chart text')).map(t =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


def screenshot(name: str) -> str:
    return str(Path(tempfile.gettempdir()) / name)


def log_in(page: Page, live_server, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_the_charts_text_is_drawn_at_eleven_pixels_or_more(live_server, users, facilities,
                                                            plan, page: Page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "canbo", "/indicators/%3Fyear%3D2018")
    expect(page.locator("#I3 .point-value").nth(2)).to_have_text("71,4 %")
    # Measured once the stylesheets apply (before, an SVG is drawn 300 px wide).
    page.wait_for_load_state("load")
    sizes = page.evaluate(DRAWN_SIZES)
    # Four charts, each with 3 axis values, 5 years and a target label, and its points.
    assert len(sizes) > 4 * 9
    assert min(sizes) >= 11, sizes
    # The page is no wider than the screen.
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('main *')).filter(
        e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(
        e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)
        ).slice(0, 8)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
    page.screenshot(path=screenshot(f"indicators-dashboard-{width}.png"), full_page=True)


def test_a_printed_dashboard_keeps_its_filters(live_server, users, facilities, plan,
                                               page: Page):
    log_in(page, live_server, "canbo", "/indicators/%3Fyear%3D2018%26size%3Dmedium")
    summary = page.locator(".filter-summary")
    page.emulate_media(media="print")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(summary).to_be_visible()
    expect(summary.locator("dt")).to_have_text(["Năm", "Đơn vị hành chính", "ngành VSIC cấp 2",
                                                "Quy mô", "Báo cáo được tính"])
    expect(summary.locator("dd")).to_have_text(["2018", "Toàn tỉnh", "Tất cả ngành", "Vừa",
                                                "đã chấp nhận"])
    page.pdf(path=screenshot("indicators-dashboard-print.pdf"))


def test_the_public_page_hides_a_small_group_in_chromium(live_server, facilities, plan,
                                                        page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/indicators/public/?year=2018")
    page.get_by_label("Đơn vị hành chính").select_option(label="Thị xã Hương Thủy (đến 30/06/2025)")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#I1 .value")).to_have_text("< 5 cơ sở — không công bố")
    expect(page.locator("#I1 svg circle")).to_have_count(0)
    page.screenshot(path=screenshot("indicators-public-small-group.png"), full_page=True)
