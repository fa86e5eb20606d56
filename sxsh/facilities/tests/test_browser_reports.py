"""Through a real Chromium: an enterprise files its report and sees its savings; a local
focal point uploads a file with an error, fixes it and uploads again; the officer accepts."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.facilities.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ("tax_code,year,baseline_year,aware,cp_staff,cp_applied,product_unit,production,"
          "electricity_kwh,coal_t,coal_grade,do_t,fo_t,lpg_t,natural_gas_1000m3,biomass_t,"
          "raw_material_t,aux_material_t,water_m3\n")


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_an_enterprise_files_its_report_and_sees_its_savings(live_server, users, make_facility,
                                                             make_report, page: Page):
    own = make_facility(name="Công ty Chế biến Phú Vang", accounts=[users["doanhnghiep"]])
    make_report(own, 2016, production=Decimal(1000), electricity_kwh=Decimal(1_000_000),
                raw_material_t=Decimal(1200))
    log_in(page, live_server, "doanhnghiep")
    page.goto(live_server.url + "/facilities/")
    page.get_by_role("link", name="Công ty Chế biến Phú Vang").click()
    page.get_by_label("Năm").fill("2018")
    page.get_by_role("button", name="Lập hoặc mở báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo năm 2018 – Công ty Chế biến Phú Vang")
    page.get_by_label("Nhận thức được lợi ích của SXSH").select_option(label="Có")
    page.get_by_label("Đang áp dụng SXSH").select_option(label="Có")
    page.get_by_label("Đơn vị sản phẩm").fill("tấn")
    page.get_by_label("Sản lượng").fill("1250")
    page.get_by_label("Điện (kWh)").fill("1100000")
    page.get_by_label("Nguyên liệu (tấn)").fill("1440")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo chờ duyệt.")
    # energy: 0,1543 → 169,73 / 1250 = 0,135784 TOE/t: saving 1 − 0,88 = 12,0 %
    row = page.locator("tr", has=page.get_by_role("link", name="2018"))
    expect(row.locator(".saving-energy")).to_have_text("12,0 %")
    expect(row).to_contain_text("Đã gửi")
    assert Report.objects.get(facility=own, year=2018).status == Report.Status.SUBMITTED


def test_a_local_focal_point_fixes_an_upload_and_the_officer_accepts(
        live_server, users, make_facility, page: Page, tmp_path):
    own = make_facility(name="Xưởng gạch Phú Vang", admin_unit_code="phu-vang")
    log_in(page, live_server, "diaphuong")
    page.goto(live_server.url + "/facilities/upload/")
    bad = tmp_path / "bao-cao-2019.csv"
    bad.write_text(HEADER + f"{own.tax_code},2019,,1,0,1,1000 viên,500,20000,-3,coal_2,,,,,,,,"
                   "\n", encoding="utf-8")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator(".import-errors")).to_contain_text(
        "bao-cao-2019.csv, dòng 2, cột Than (tấn), giá trị “-3”: Số lượng không được âm.")
    expect(page.locator(".messages")).to_contain_text("1 dòng có lỗi.")
    marked = page.get_by_role("link", name="Tải tệp của bạn với các lỗi được đánh dấu (XLSX)")
    with page.expect_download() as download:
        marked.click()
    assert download.value.suggested_filename == "bao-cao-2019-loi.xlsx"
    assert not Report.objects.exists()
    bad.write_text(HEADER + f"{own.tax_code},2019,,1,0,1,1000 viên,500,20000,3,coal_2,,,,,,,,"
                   "\n", encoding="utf-8")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator(".messages")).to_contain_text(
        "1 dòng: 1 tạo mới, 0 cập nhật, 0 không đổi.")
    assert Report.objects.get().status == Report.Status.SUBMITTED

    page.context.clear_cookies()
    log_in(page, live_server, "canbo")
    page.goto(live_server.url + "/facilities/review/")
    row = page.locator("tr", has=page.get_by_role("link", name="Xưởng gạch Phú Vang"))
    row.get_by_role("link", name="Duyệt").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.locator(".messages")).to_contain_text(
        "Xưởng gạch Phú Vang, năm 2019: báo cáo đã được chấp nhận.")
    expect(page.locator(".empty")).to_have_text("Không có báo cáo nào ở trạng thái này.")
    assert Report.objects.get().status == Report.Status.ACCEPTED
