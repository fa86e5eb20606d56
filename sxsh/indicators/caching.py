"""The indicator pages' cache: figures kept under the version of their inputs.

Every write to a table the indicators read bumps one counter in the database (triggers of
migration 0001_inputs_version), in the writing transaction. A page reads that counter
first (one query) and looks its figures up under it, so it never serves a figure older
than the last committed write: after an accepted report the next request misses the cache
and computes again. The counter is read before the figures are computed, so figures
computed while a write commits are stored under the older number, never the newer.

The cache is Django's (``CACHES``; per process by default, so each gunicorn worker keeps
its own copies, all keyed by the same database counter).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

#: How long an entry may stay unused before the cache drops it (it is never stale).
TIMEOUT = 24 * 3600

VERSION_SQL = "SELECT version FROM indicators_inputs_version WHERE id = 1"


def inputs_version() -> int:
    """The number of writes so far to the indicators' inputs (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return cursor.fetchone()[0]


def query_key(queryset: QuerySet) -> str:
    """What identifies a queryset's rows in a cache key: its SQL and parameters."""
    sql, params = queryset.query.sql_with_params()
    return f"{sql}|{params!r}"


def cache_key(version: int, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"indicators:{version}:{get_language()}:{digest}"


def cached(version: int, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave before for the same ``parts`` and input version."""
    key = cache_key(version, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_html(version: int, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A part of a page rendered by ``render()`` (our own templates' output, so safe), or
    what it gave before for the same ``parts`` and input version."""
    return mark_safe(cached(version, parts, render))  # noqa: S308


# --- Whole pages for anonymous visitors -------------------------------------------------

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_MARK = b"\x00csrf\x00"


def page_key(version: int, request) -> str:
    return cache_key(version, "page", request.get_full_path())


def cached_page(request, version: int):
    """The bytes of a page kept by ``keep_page`` for this address and version, with this
    visitor's own CSRF token in its forms (the language switch posts one); None if none."""
    content = cache.get(page_key(version, request))
    if content is None:
        return None
    return content.replace(CSRF_MARK, get_token(request).encode())


def keep_page(request, version: int, content: bytes) -> None:
    """Keep a page rendered for an anonymous visitor, without its CSRF token."""
    cache.set(page_key(version, request), CSRF_FIELD.sub(rb"\1" + CSRF_MARK + rb"\2", content),
              TIMEOUT)
