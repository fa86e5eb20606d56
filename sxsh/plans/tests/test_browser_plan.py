"""In a real Chromium: an officer opens the seed plan, reads Appendix II, checks it; an
agency types an estimate as Vietnamese writes numbers."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.plans.models import Estimate

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


def test_an_agency_types_1_500_and_its_estimate_is_one_thousand_five_hundred_million(
        live_server, users, seed_plan, page: Page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("doitac")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/plans/157-kh-ubnd-2016/estimates/2018/")
    line = seed_plan.budget_lines.get(code="1.3")
    page.get_by_label("Dòng kinh phí").select_option(str(line.pk))
    page.get_by_label("Nguồn kinh phí").select_option(
        str(seed_plan.funding_sources.get(code="local").pk))
    page.get_by_label("Kinh phí (triệu đồng)").fill("1.500")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu dự toán")
    assert Estimate.objects.get(line=line).amount_million_vnd == Decimal(1500)
