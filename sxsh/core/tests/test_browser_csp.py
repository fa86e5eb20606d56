"""In a real Chromium, under the Content-Security-Policy: the pages keep their styles and
scripts, and the browser reports no violation."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD
from sxsh.plans.planfile import read_plan_file
from sxsh.plans.services import plan_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]

# Chromium fires this event for each thing the policy blocks; Playwright's init script runs
# before the page's own and is not itself subject to the policy.
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    # The login card's width comes from the stylesheet now, not a style attribute.
    assert page.evaluate("getComputedStyle(document.querySelector('.card')).maxWidth") == "420px"
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".who")).to_be_visible()


def test_the_pages_work_under_the_policy_without_a_violation(live_server, users, page: Page):
    plan = plan_load(spec=read_plan_file(ROOT / "sxsh/plans/data/157-KH-UBND-2016.yaml"),
                     user=None).plan
    page.add_init_script(WATCH)
    policy = page.goto(live_server.url + "/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    log_in(page, live_server, "canbo")
    for path in ["/", "/facilities/", "/facilities/completeness/", "/indicators/",
                 f"/plans/{plan.code}/", f"/plans/{plan.code}/budget/2018/", "/audit/",
                 "/accounts/password/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert violations(page) == [], path
    # The plan's stylesheet, once a <style> element in the page.
    page.goto(f"{live_server.url}/plans/{plan.code}/")
    assert page.evaluate(
        "getComputedStyle(document.querySelector('table.budget td:nth-child(2)')).minWidth"
    ) == "352px"  # 22rem of 16px
    assert violations(page) == []


def test_the_upload_script_runs_under_the_policy(live_server, users, page: Page, tmp_path):
    page.add_init_script(WATCH)
    log_in(page, live_server, "diaphuong")
    page.goto(live_server.url + "/facilities/upload/")
    # Set on this page: still there after the answer only if the script sent the file
    # (a blocked script would let the form post and load a new page).
    page.evaluate("window.__same_page = true")
    bad = tmp_path / "bao-cao.csv"
    bad.write_text("tax_code,year\n0000000000,2019\n", encoding="utf-8")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator("#upload-result .msg-error")).to_be_visible()
    assert page.evaluate("window.__same_page") is True
    assert violations(page) == []


def test_the_administration_works_under_the_policy(live_server, users, page: Page):
    page.add_init_script(WATCH)
    log_in(page, live_server, "admin")
    page.goto(live_server.url + "/admin/core/user/")
    page.get_by_role("link", name="canbo", exact=True).click()
    # The admin's own scripts: the groups and permissions selector is built by SelectFilter.
    expect(page.locator("#id_groups_filter")).to_be_visible()
    assert violations(page) == []
