"""The automated accessibility check (axe-core) the browser tests share."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def serious_violations(page: Page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical violations on ``page``: (rule, impact, targets)."""
    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
