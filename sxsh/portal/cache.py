"""Public pages kept for anonymous visitors, until content changes.

A page's body (everything below the site's header, which carries the visitor's own form
tokens) is rendered once per address and language and kept under the content *version*;
publishing or changing content bumps the version, so every kept page is dropped at once.
Kept pages also expire after ``TIMEOUT`` seconds, so content scheduled for a later time
appears within that delay with no write to trigger it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import get_language

TIMEOUT = 60
_VERSION_KEY = "portal:version"


def version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, timeout=None)


def invalidate() -> None:
    """Drop every kept page once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def page_body(request, template: str, context: Callable[[], dict]) -> dict:
    """The rendered body of ``template`` and its head (title, description): from the kept
    copy for an anonymous visitor, else rendered from ``context()`` (called only then)."""
    anonymous = not request.user.is_authenticated
    key = f"portal:page:{version()}:{get_language()}:{request.get_full_path()}"
    if anonymous and (kept := cache.get(key)) is not None:
        return kept
    data = context()
    page = {"body": render_to_string(template, data, request=request),
            "title": str(data.get("title", "")), "description": str(data.get("description", ""))}
    if anonymous:
        cache.set(key, page, TIMEOUT)
    return page
