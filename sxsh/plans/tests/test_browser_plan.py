"""In a real Chromium: an officer opens the seed plan, reads Appendix II, checks it."""

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_the_plan_and_its_findings(live_server, users, seed_plan, page: Page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("#plan-home").get_by_role("link", name="157/KH-UBND").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Kế hoạch thực hiện Chiến lược sản xuất sạch hơn")
    total = page.locator("table.budget tr.total td.num")
    # 2016 (empty), 2017, 2018, 2019, 2020, total, central, local, enterprise
    expect(total).to_have_text(["", "315", "1.375", "1.365", "305", "3.360", "700", "1.660",
                                "1.000"])
    expect(page.locator('#targets tr[data-target="I2"] td.num').nth(1)).to_have_text("90 %")
    page.get_by_role("link", name="Kiểm tra tính nhất quán").click()
    expect(page.locator("#findings tbody tr")).to_have_count(10)
    expect(page.locator('#findings tr[data-kind="numbering"]')).to_contain_text(
        "được đánh số 3.2 ở Phụ lục I nhưng 3.1 ở Phụ lục II")
    with page.expect_download() as download:
        page.goto(live_server.url + "/plans/157-kh-ubnd-2016/")
        page.get_by_role("link", name="Phụ lục II (CSV)").click()
    assert download.value.suggested_filename == "157-kh-ubnd-2016-phu-luc-ii.csv"
