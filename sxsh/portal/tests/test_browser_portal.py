"""The CP section in a real Chromium: a visitor finds a guide without typing diacritics
and downloads it; an officer writes an article and publishes it; the home page on a
phone; and an automated accessibility check (axe-core) of the home and an article."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from conftest import TEST_PASSWORD
from sxsh.core.tests.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/sxsh-portal-home-390.png"
GALLERY_SCREENSHOT = "/tmp/sxsh-portal-gallery-390.png"


@pytest.fixture
def portal(make_article, make_document, make_case_study, make_facility):
    make_article("Hội thảo sản xuất sạch hơn 2024", "hoi-thao-2024",
                 body="## Chương trình\n\nGiới thiệu **sản xuất sạch hơn** cho doanh nghiệp.")
    make_document("Hướng dẫn sản xuất sạch hơn ngành bia", "huong-dan-bia", vsic=["11"])
    make_case_study("Nhà máy bia Phú Bài tiết kiệm 12 % điện", "bia-phu-bai",
                    make_facility(name="Nhà máy bia Phú Bài", published=True), featured=True)


def test_a_visitor_searches_without_diacritics_and_downloads_a_guide(live_server, portal,
                                                                     page: Page):
    page.goto(live_server.url + "/")
    page.get_by_label("Tìm trong chuyên mục SXSH").fill("huong dan san xuat sach hon")
    page.get_by_label("Tìm trong chuyên mục SXSH").press("Enter")
    page.get_by_role("link", name="Hướng dẫn sản xuất sạch hơn ngành bia").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "Hướng dẫn sản xuất sạch hơn ngành bia")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về (PDF)").click()
    assert info.value.suggested_filename == "huong-dan-bia.pdf"
    with open(info.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"


def test_an_officer_writes_an_article_publishes_it_and_sees_it_public(live_server, users,
                                                                       page: Page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/portal/edit/article/new/")
    page.get_by_label("Tiêu đề").fill("Tập huấn kiểm toán năng lượng")
    page.get_by_label("Địa chỉ trang").fill("tap-huan-kiem-toan")
    page.get_by_label("Tóm tắt").fill("Lớp tập huấn cho doanh nghiệp.")
    page.get_by_label("Nội dung").fill("Đăng ký **trước 15/6**.")
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator(".portal-preview strong").inner_text() == "trước 15/6"
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Đăng", exact=True).click()
    page.get_by_role("link", name="Xem trang công khai").click()
    assert page.url.endswith("/news/tap-huan-kiem-toan/")
    page.context.clear_cookies()
    page.goto(live_server.url + "/news/")
    assert page.get_by_role("link", name="Tập huấn kiểm toán năng lượng").is_visible()


def test_the_home_page_fits_a_phone(live_server, portal, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SCREENSHOT, full_page=True)
    # The search box is reachable from the keyboard and labelled.
    page.keyboard.press("Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "portal-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "portal-q"


@pytest.mark.parametrize("path", ["/", "/news/hoi-thao-2024/", "/library/",
                                  "/case-studies/bia-phu-bai/", "/search/?q=bia"])
def test_the_public_pages_have_no_serious_accessibility_violation(live_server, portal,
                                                                  page: Page, path):
    page.goto(live_server.url + path)
    assert serious_violations(page) == []


def test_the_second_of_two_tabs_saving_the_same_article_is_told_and_changes_nothing(
        live_server, users, portal, page: Page):
    from sxsh.portal.models import Article

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    address = live_server.url + f"/portal/edit/article/{Article.objects.get().pk}/"
    other = page.context.new_page()
    page.goto(address)
    other.goto(address)
    other.get_by_label("Tiêu đề").fill("Hội thảo SXSH 2024 (sửa lần 1)")
    other.get_by_role("button", name="Lưu").click()
    page.get_by_label("Tiêu đề").fill("Hội thảo SXSH 2024 (sửa lần 2)")
    page.get_by_role("button", name="Lưu").click()
    assert "Người khác đã lưu bản ghi này" in page.locator("main").inner_text()
    assert page.get_by_label("Tiêu đề").input_value() == "Hội thảo SXSH 2024 (sửa lần 2)"
    assert Article.objects.get().title == "Hội thảo SXSH 2024 (sửa lần 1)"


def test_an_officer_adds_three_pictures_moves_one_removes_one_and_a_visitor_sees_them(
        live_server, users, portal, page: Page):
    from .conftest import picture_bytes

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/portal/edit/?kind=article")
    page.get_by_role("link", name="Hội thảo sản xuất sạch hơn 2024").click()
    for alt, colour in [("Hội trường", "red"), ("Đại biểu", "green"), ("Nhà máy", "blue")]:
        page.get_by_label("Ảnh mới", exact=True).set_input_files(
            {"name": "anh.png", "mimeType": "image/png", "buffer": picture_bytes(colour=colour)})
        page.get_by_label("Mô tả ảnh mới").fill(alt)
        page.get_by_label("Chú thích ảnh mới").fill(f"Chú thích: {alt}")
        page.get_by_role("button", name="Thêm ảnh").click()
        assert "Đã thêm ảnh." in page.locator("main").inner_text()
    page.get_by_role("button", name="Đưa ảnh “Nhà máy” lên trước").click()
    page.get_by_role("button", name="Bỏ ảnh “Hội trường”").click()
    gallery = page.locator(".portal-gallery-edit li strong")
    assert gallery.all_inner_texts() == ["Nhà máy", "Đại biểu"]

    page.context.clear_cookies()
    page.goto(live_server.url + "/news/hoi-thao-2024/")
    pictures = page.locator(".portal-gallery img")
    assert [pictures.nth(i).get_attribute("alt") for i in range(pictures.count())] == [
        "Nhà máy", "Đại biểu"]
    assert page.locator(".portal-gallery figcaption").all_inner_texts() == [
        "Chú thích: Nhà máy", "Chú thích: Đại biểu"]
    # each picture really loads (a visitor's request through the piece's scope)
    pictures.first.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.portal-gallery img')].every(i => i.naturalWidth > 0)")
    assert serious_violations(page) == []
    # On a phone the gallery fits the screen's width; printed, every picture is on paper.
    page.set_viewport_size(PHONE)
    page.wait_for_function(f"window.innerWidth === {PHONE['width']}")  # the resize laid out
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=GALLERY_SCREENSHOT, full_page=True)
    page.emulate_media(media="print")
    assert pictures.evaluate_all("l => l.map(i => getComputedStyle(i).display)") == [
        "block", "block"]
