"""Through a real Chromium: the consultant walks a quick assessment from its opening to a
verified option; the officer then sees I3 and I6 move on the dashboard and downloads the
report."""

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.assessments import services
from sxsh.assessments.models import Option
from sxsh.plans.planfile import read_plan_file
from sxsh.plans.services import plan_load
from sxsh.plans.tests.conftest import SEED_FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _dashboard(page: Page, live_server) -> tuple[str, str]:
    page.goto(live_server.url + "/indicators/?year=2019")
    return (page.locator("#I3 .value").inner_text(), page.locator("#I6 .value").inner_text())


def test_a_quick_assessment_from_opening_to_a_verified_option(live_server, users, centre,
                                                              make_facility, make_report,
                                                              page: Page):
    plan_load(spec=read_plan_file(SEED_FILE), user=None)
    facility = make_facility(name="Nhà máy Bia Phú Vang")
    # Its 2019 report says it does not apply CP: I3 2019 is 0 of 1.
    make_report(facility, 2019, cp_applied=False, aware=True)
    services.assignment_create(facility=facility, agency=centre, user=users["canbo"],
                               since=dt.date(2019, 1, 2))
    log_in(page, live_server, "canbo")
    # I6 2019: no support given of the 8 planned through 2019 (lines 2.2–2.4).
    assert _dashboard(page, live_server) == ("0,0 %", "0,0 %")

    log_in(page, live_server, "tuvan")
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đánh giá").click()
    page.get_by_role("link", name="Mở đợt đánh giá").click()
    page.get_by_label("Cơ sở").select_option(label=str(facility))
    page.get_by_label("Loại").select_option(label="Đánh giá nhanh")
    page.get_by_label("Số hiệu").fill("ĐGN-2019-01")
    page.get_by_label("Ngày bắt đầu").fill("2019-03-04")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã mở đợt đánh giá.")

    page.get_by_text("Thêm giải pháp SXSH").click()
    page.locator("#id_option-code").fill("PA-01")
    page.locator("#id_option-category").select_option(label="Cải tiến thiết bị")
    page.locator("#id_option-description").fill("Thay động cơ bơm hiệu suất cao")
    page.locator("#id_option-investment_mvnd").fill("100")
    page.locator("#id_option-annual_saving_mvnd").fill("40")
    page.locator("#id_option-life_years").fill("5")
    page.locator("#id_option-discount_rate").fill("0,10")
    page.locator("#id_option-electricity_kwh_saved_yr").fill("100.000")
    page.get_by_role("button", name="Thêm").last.click()
    row = page.locator("#option-PA-01")
    expect(row.locator(".payback")).to_have_text("2,50")        # 100 ÷ 40
    expect(row.locator(".npv")).to_have_text("51,631")          # −100 + 40 × 3,790787
    expect(row.locator(".irr")).to_have_text("28,65 %")         # 40 × annuity(r, 5) = 100

    row.get_by_role("button", name="Thực hiện ngay").click()
    expect(row.locator(".status")).to_have_text("Thực hiện ngay")
    row.get_by_label("Ngày thực hiện").fill("2019-07-01")
    row.get_by_role("button", name="Ghi nhận đã thực hiện").click()
    expect(row.locator(".status")).to_have_text("Đã thực hiện")
    expect(row.locator(".co2e")).to_contain_text("84,58")       # 100 MWh × 0,8458 (2019)
    row.get_by_role("link", name="Kiểm chứng tiết kiệm").click()
    page.get_by_label("Ngày đo").fill("2020-05-01")
    page.get_by_label("Sản lượng trước").fill("1000")
    page.get_by_label("Tiêu thụ trước").fill("500.000")
    page.get_by_label("Sản lượng sau").fill("1000")
    page.get_by_label("Tiêu thụ sau").fill("400.000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã kiểm chứng PA-01: tiết kiệm 100.000 mỗi năm (hạng B).")
    assert Option.objects.get().status == Option.Status.VERIFIED

    log_in(page, live_server, "canbo")
    # I3: the option implemented in 2019 counts as applying CP, whatever the report says;
    # I6: one quick assessment of 8 planned supports = 12,5 %.
    assert _dashboard(page, live_server) == ("100,0 %", "12,5 %")
    page.goto(live_server.url + "/assessments/")
    page.get_by_role("link", name="ĐGN-2019-01").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo (DOCX)").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "BÁO CÁO ĐÁNH GIÁ NHANH" in [p.text for p in document.paragraphs]
