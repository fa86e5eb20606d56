"""Through a real Chromium: an officer uploads a large file, lands on the job's page, which
refreshes by itself (no inline script) until the worker has run it and shows the counts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.facilities.models import Report

from .test_background_imports import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_upload_is_followed_on_its_page_to_the_result(
        live_server, users, register, reports_file, background, page: Page, tmp_path):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/facilities/upload/")
    path = tmp_path / "bao-cao-lon.csv"
    path.write_bytes(reports_file)
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và nhập").click()

    expect(page.locator("#job-status")).to_contain_text(
        "Đang chờ tiến trình chạy nền bắt đầu nhập…")
    assert "/jobs/" in page.url and not Report.objects.exists()

    run_worker()

    # the page's own refresh (every 2 s) brings the result
    expect(page.locator(".messages")).to_contain_text(
        "1250 dòng: 1250 tạo mới, 0 cập nhật, 0 không đổi.", timeout=20_000)
    expect(page.locator("#job-status")).to_contain_text("Việc nhập đã xong.")
    assert Report.objects.count() == 1250


