"""The documentation page in Chromium: Swagger UI starts from our own static files under
the Content-Security-Policy (no inline script) and lists the API's operations. (Its few
icons drawn as ``data:`` images are refused by ``default-src 'self'``: cosmetic, left so.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_shows_the_operations_without_a_csp_violation(live_server, page: Page):
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", name="Tài liệu API")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/indicators/public/")
           ).to_be_visible(timeout=20_000)
    schema = page.request.get(f"{live_server.url}/api/schema/?format=json").json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert page.locator(".opblock").count() == operations
    assert [text for text in refused if "script" in text] == []
