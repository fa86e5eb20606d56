import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_logs_in_and_sees_the_vietnamese_home_page(live_server, users, page: Page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chương trình Sản xuất sạch hơn trong công nghiệp"
    )
    expect(page.locator(".who")).to_contain_text("Cán bộ chương trình")
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký thay đổi")
    # The house stylesheet is served by the app itself.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"
