"""The officer records a training class with its sign-in sheet and sees awareness (I1) rise."""

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

from .conftest import csv_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_a_training_with_its_sign_in_sheet_and_sees_i1_change(
        live_server, users, seed_plan, facilities, page: Page, tmp_path):
    page.goto(live_server.url + "/accounts/login/?next=/indicators/%3Fyear%3D2018")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Công ty A and B are open in 2018 and no report says they are aware: I1 = 0 of 2.
    expect(page.locator("#I1 .value")).to_have_text("0,0 %")

    page.goto(live_server.url + "/activities/")
    page.locator("#new-activity").click()
    form = page.locator("#activity-form")
    form.locator("[name=code]").fill("TH-2018-01")
    form.locator("[name=kind]").select_option("training")
    form.locator("[name=task]").select_option(str(seed_plan.tasks.get(code="1.3").pk))
    form.locator("[name=budget_line]").select_option(
        str(seed_plan.budget_lines.get(code="1.3").pk))
    form.locator("[name=date]").fill("2018-05-03")
    form.locator("[name=title]").fill("Tập huấn SXSH cho doanh nghiệp")
    form.locator("[name=cost_local_mvnd]").fill("40")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tập huấn SXSH cho doanh nghiệp")

    sheet = tmp_path / "danh-sach-ky-ten.csv"
    sheet.write_bytes(csv_file("tax_code,person_name,gender,organisation,position",
                               "3300000001,Trần Văn Nam,male,Công ty A,Quản đốc",
                               ",Hồ Thị Mai,female,UBND xã Phú Thuận,Công chức"))
    page.locator("#sheet-form input[type=file]").set_input_files(str(sheet))
    page.locator("#sheet-form").get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator("#participant-counts")).to_contain_text(
        "2 người tham dự · Nam: 1 · Nữ: 1 · Khác: 0 · cơ sở: 1")

    page.goto(live_server.url + "/indicators/?year=2018")
    # Công ty A attended on 3/5/2018: aware in 2018 → 1 of 2.
    expect(page.locator("#I1 .value")).to_have_text("50,0 %")
