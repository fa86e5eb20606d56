"""In a real Chromium: an officer opens the seed plan, reads Appendix II, checks it; an
agency types an estimate as Vietnamese writes numbers."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.core.tests.clock import stopped_at
from sxsh.plans import services
from sxsh.plans.models import Estimate, YearBudgetAmount

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


@stopped_at(2026, 6, 15)
def test_finance_appraises_a_year_in_the_budget_table(live_server, users, seed_plan,
                                                      page: Page):
    """2019 consolidated with 45,5 on 1.3 (local, 40 planned) and 20 on 4.1 (local, 5
    planned): finance opens the budget from the plan, lands on 2019, cuts 1.3 to 40 and
    4.1 to 5 in the table, and the year reads "appraised" with the amounts in the table."""
    lines = {line.code: line for line in seed_plan.budget_lines.all()}
    local = seed_plan.funding_sources.get(code="local")
    for code, amount in (("1.3", "45.5"), ("4.1", "20")):
        services.estimate_set(plan=seed_plan, year=2019, agency=users["canbo"].agency,
                              line=lines[code], source=local, amount=Decimal(amount),
                              user=users["canbo"])
    services.year_budget_consolidate(plan=seed_plan, year=2019, user=users["canbo"])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("taichinh")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/plans/157-kh-ubnd-2016/")
    page.get_by_role("link", name="Thực hiện kinh phí").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2019")
    training = page.locator('#execution tr[data-line="1.3"][data-source="local"]')
    expect(training.locator(".above-plan")).to_have_text(
        "Dự toán vượt kế hoạch 5,5: 45,5 so với 40 theo kế hoạch.")
    # on a phone the table and its boxes scroll in their frame; the page stays 390 px wide
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("window.innerWidth === 390")  # the resize laid out (a busy machine)
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.set_viewport_size({"width": 1366, "height": 900})
    box = page.get_by_label("Số thẩm định của dòng 1.3. Tổ chức tập huấn", exact=False)
    expect(box).to_have_value("45,5")
    box.fill("40")
    page.get_by_label("Số thẩm định của dòng 4.1.", exact=False).fill("5")
    page.get_by_label("Ghi chú thẩm định").fill("Theo kế hoạch được duyệt")
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi kết quả thẩm định")
    expect(page.locator("#budget-status")).to_have_text("Sở Tài chính đã thẩm định")
    expect(training.locator("td.num").nth(2)).to_have_text("40")
    expect(page.locator('#execution tr[data-line="4.1"][data-source="local"] td.num').nth(2)
           ).to_have_text("5")
    expect(page.locator("#appraisal")).to_have_count(0)
    assert sorted(YearBudgetAmount.objects.values_list("line__code", "appraised_million_vnd")
                  ) == [("1.3", Decimal(40)), ("4.1", Decimal(5))]
