#!/usr/bin/env python3
"""Takes the user guides' screenshots (sxsh/help/static/help/*.png) of the demo data.

Start a server on the demo data first (``make run``, or ``make setup`` then ``sxsh serve``),
then run ``.venv/bin/python tools/help-screenshots.py [--base-url URL] [--password FILE]``.
Each picture is a real page as its demo user sees it, 1 280 px wide, cropped to the part
that matters, reduced to 256 colours with Pillow and refused over 150 KB. The guides
(sxsh/help/guides/*.md) name the files; ``sxsh/help/tests/test_guides.py`` checks that
every file a guide names exists and every file here is named by a guide.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sxsh" / "help" / "static" / "help"
WIDTH = 1280
MAX_HEIGHT = 760
MAX_BYTES = 150_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PLAN = "/plans/157-kh-ubnd-2016"


@dataclass(frozen=True)
class Shot:
    name: str  # the file, without .png: "<guide>-<section>"
    user: str | None  # the demo login; None for a visitor
    path: str
    crop: str = "main"  # the part of the page kept (a CSS selector)
    click: str | None = None  # a link followed first (to reach a record of the demo data)


SHOTS = [
    Shot("visitor-portal", None, "/"),
    Shot("visitor-indicators", None, "/indicators/public/"),
    Shot("visitor-library", None, "/library/"),
    Shot("visitor-plan", None, f"{PLAN}/"),
    Shot("officer-work", "canbo", "/work/"),
    Shot("officer-review", "canbo", "/facilities/review/",
         click="table a[href^='/facilities/review/']"),
    Shot("officer-facilities", "canbo", "/facilities/"),
    Shot("officer-reminders", "canbo", "/facilities/completeness/"),
    Shot("officer-budget", "canbo", f"{PLAN}/budget/"),
    Shot("officer-indicators", "canbo", "/indicators/"),
    Shot("officer-portal", "canbo", "/portal/edit/"),
    Shot("consultant-work", "tuvan", "/work/"),
    Shot("consultant-assessments", "tuvan", "/assessments/",
         click="table a[href^='/assessments/']"),
    Shot("consultant-options", "tuvan", "/assessments/options/upload/"),
    Shot("consultant-progress", "tuvan", f"{PLAN}/progress/"),
    Shot("consultant-estimates", "tuvan", f"{PLAN}/estimates/2017/"),
    Shot("finance-work", "taichinh", "/work/"),
    Shot("finance-appraise", "taichinh", f"{PLAN}/budget/"),
    Shot("finance-check", "taichinh", f"{PLAN}/check/"),
    Shot("partner-work", "doitac", "/work/"),
    Shot("partner-progress", "doitac", f"{PLAN}/progress/"),
    Shot("partner-estimates", "doitac", f"{PLAN}/estimates/2017/"),
    Shot("local-work", "diaphuong", "/work/"),
    Shot("local-facilities", "diaphuong", "/facilities/"),
    Shot("local-report", "diaphuong", "/facilities/upload/"),
    Shot("local-reminders", "diaphuong", "/facilities/reminders/"),
    Shot("local-local-report", "diaphuong", "/work/",
         click="a[href^='/activities/network/']"),
    Shot("enterprise-work", "doanhnghiep", "/work/"),
    Shot("enterprise-facility", "doanhnghiep", "/facilities/",
         click="table a[href^='/facilities/']"),
    Shot("enterprise-report", "doanhnghiep", "/work/",
         click="a[href*='/reports/']"),
    Shot("enterprise-upload", "doanhnghiep", "/facilities/upload/"),
    Shot("viewer-work", "lanhdao", "/work/"),
    Shot("viewer-indicators", "lanhdao", "/indicators/"),
    Shot("viewer-budget", "lanhdao", f"{PLAN}/budget/"),
    Shot("viewer-completeness", "lanhdao", "/facilities/completeness/"),
    Shot("ministry-work", "bocongthuong", "/work/"),
    Shot("ministry-provinces", "bocongthuong", "/indicators/provinces/"),
    Shot("ministry-province", "bocongthuong", "/indicators/provinces/hue/?year=2020"),
    Shot("ministry-packages", "bocongthuong", "/national/"),
    Shot("admin-work", "admin", "/work/"),
    Shot("admin-users", "admin", "/admin/core/user/", crop="#content"),
    Shot("admin-audit", "admin", "/audit/"),
]


def log_in(page: Page, base: str, user: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        sys.exit(f"Could not log in as {user}: is the password right?")


def optimise(png: bytes) -> bytes:
    """256 colours, PNG's best compression: a page of text and tables stays sharp."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantised = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantised.save(out, format="PNG", optimize=True)
    return out.getvalue()


def take(page: Page, base: str, shot: Shot) -> bytes:
    page.goto(base + shot.path)
    if shot.click:
        page.locator(shot.click).first.click()
        page.wait_for_load_state()
    box = page.locator(shot.crop).first.bounding_box()
    if box is None:
        sys.exit(f"{shot.name}: nothing matches {shot.crop!r} on {page.url}")
    clip = {"x": box["x"], "y": box["y"], "width": box["width"],
            "height": min(box["height"], MAX_HEIGHT)}
    return optimise(page.screenshot(clip=clip, full_page=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=str(ROOT / "data" / "demo-password"),
                        help="the file holding the demo users' password")
    parser.add_argument("--only", nargs="*", help="take only these pictures (names)")
    options = parser.parse_args()
    password = Path(options.password).read_text(encoding="utf-8").strip()
    base = options.base_url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900}, locale="vi-VN",
                                timezone_id="Asia/Ho_Chi_Minh")
        signed_in: str | None = None
        for shot in SHOTS:
            if options.only and shot.name not in options.only:
                continue
            if shot.user != signed_in:
                if shot.user is None:
                    page.context.clear_cookies()
                else:
                    log_in(page, base, shot.user, password)
                signed_in = shot.user
            data = take(page, base, shot)
            if len(data) > MAX_BYTES:
                sys.exit(f"{shot.name}: {len(data):,} bytes, over {MAX_BYTES:,}: crop it smaller")
            (OUT / f"{shot.name}.png").write_bytes(data)
            print(f"{shot.name}.png  {len(data) // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
