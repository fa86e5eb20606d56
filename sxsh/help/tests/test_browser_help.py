"""Through a real Chromium: the officer on the review screen opens "Hướng dẫn" and lands on
the review section of the officer's guide with its screenshot loaded; the link at 390 px and
from the keyboard; axe-core on the guide pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from sxsh.core.tests.accessibility import serious_violations
from sxsh.facilities.models import Report
from sxsh.facilities.tests.test_browser_reports import log_in
from sxsh.facilities.tests.test_browser_review import open_review_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PICTURES = Path(__file__).resolve().parent.parent / "static" / "help"


def test_the_officer_on_the_review_screen_opens_the_review_section_of_the_guide(
        live_server, users, make_facility, make_report, page: Page):
    facility = make_facility(name="Công ty Dệt Phú Vang")
    make_report(facility, 2018, status=Report.Status.SUBMITTED, aware=True,
                product_unit="tấn", production=Decimal(1000), electricity_kwh=Decimal(990_000))
    open_review_screen(page, live_server, "Công ty Dệt Phú Vang", 2018)

    page.locator("header").get_by_role("link", name="Hướng dẫn").click()
    assert page.url == live_server.url + "/help/officer/#review"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hướng dẫn cho cán bộ Sở Công Thương")
    section = page.locator("h2#review")
    expect(section).to_have_text("Duyệt báo cáo năm")
    expect(section).to_be_in_viewport()
    picture = page.locator("h2#review + ol + p img")
    expect(picture).to_have_attribute("src", "/static/help/officer-review.png")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete", arg=picture.element_handle())
    with Image.open(PICTURES / "officer-review.png") as png:
        assert picture.evaluate("img => img.naturalWidth") == png.width > 0


def test_a_visitor_reaches_the_guide_from_the_keyboard_on_a_phone(live_server, reference,
                                                                  page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/indicators/public/")
    link = page.locator("header").get_by_role("link", name="Hướng dẫn")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("the guide link is not reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/help/visitor/#indicators")
    expect(page.locator("h2#indicators")).to_be_in_viewport()
    # the guide fits the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(("username", "path"), [
    (None, "/help/"), (None, "/help/visitor/"), ("canbo", "/help/officer/"),
])
def test_the_guide_pages_have_no_serious_accessibility_violation(live_server, users,
                                                                 page: Page, username, path):
    if username:
        log_in(page, live_server, username)
    page.goto(live_server.url + path)
    assert serious_violations(page) == []
