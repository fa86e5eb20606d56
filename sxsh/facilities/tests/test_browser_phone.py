"""On a phone (390 px wide, Chromium): the pages fit the screen, the header stays short and
figure boxes bring up the number keyboard (issue 12, finding 13)."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_register_a_facility_and_its_report_fit_a_phone(live_server, users, make_facility,
                                                              make_report, page: Page):
    facility = make_facility(name="Công ty TNHH Chế biến Thủy sản Phú Vang")
    for year in (2016, 2017, 2018):
        make_report(facility, year, production=Decimal(1000 + year), product_unit="tấn",
                    electricity_kwh=Decimal(1_000_000), raw_material_t=Decimal(1200),
                    water_m3=Decimal(5000))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    for path in ["/", "/facilities/", f"/facilities/{facility.pk}/",
                 f"/facilities/{facility.pk}/reports/2019/", "/indicators/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
        header = page.evaluate("document.querySelector('header.topbar').offsetHeight")
        assert header <= 130, (path, header)
    # The report table scrolls inside itself: wider than the screen, within the page.
    page.goto(f"{live_server.url}/facilities/{facility.pk}/")
    table = page.locator("table.data").last
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
    page.goto(f"{live_server.url}/facilities/{facility.pk}/reports/2019/")
    assert page.locator("#id_production").get_attribute("inputmode") == "decimal"
    assert page.locator("#id_electricity_kwh").get_attribute("inputmode") == "decimal"
