"""An officer clicks from a dashboard figure to the facilities behind it."""

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_clicks_a_figure_and_sees_its_facilities(live_server, users, facilities,
                                                            plan, page: Page):
    page.goto(live_server.url + "/accounts/login/?next=/indicators/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Các chỉ số của kế hoạch")
    page.get_by_label("Năm", exact=True).select_option("2018")
    page.get_by_role("button", name="Xem").click()
    card = page.locator("#I2")
    # I2 2018: 2 of 5 medium or large facilities have dedicated CP staff (test_engine.py).
    expect(card.locator(".value")).to_have_text("40,0 %")
    expect(card.locator("svg circle")).to_have_count(5)
    card.locator(".value").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("tử số (2018)")
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Cơ sở A")
    expect(rows.nth(1)).to_contain_text("Cơ sở B")
    page.get_by_role("link", name="Xem mẫu số").click()
    expect(page.locator("table.data tbody tr")).to_have_count(5)
    page.screenshot(path=str(live_server_screenshot()), full_page=True)


def live_server_screenshot():
    import tempfile
    from pathlib import Path

    return Path(tempfile.gettempdir()) / "indicators-drilldown.png"
