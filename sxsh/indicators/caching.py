"""The indicator pages' cache: figures kept under the version of their inputs.

Every write to a table the indicators read bumps one counter in the database (triggers of
migration 0001_inputs_version), in the writing transaction. A page reads that counter
first (one query) and looks its figures up under it, so it never serves a figure older
than the last committed write: after an accepted report the next request misses the cache
and computes again. The counter is read before the figures are computed, so figures
computed while a write commits are stored under the older number, never the newer. A
guide published at a time set for later changes I7 then, with no write: what is computed
before that moment is kept until it only (``timeout``).

The cache is Django's (``CACHES``; per process by default, so each gunicorn worker keeps
its own copies, all keyed by the same database counter).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import dated

T = TypeVar("T")

#: How long an entry may stay unused before the cache drops it (it is never stale),
#: unless a guide comes out sooner (``timeout``).
TIMEOUT = 24 * 3600

#: The version, and the first moment still to come at which a guide is published (I7
#: counts a guide from its ``published_at``, which may be set for later: that moment
#: changes I7 with no write to bump the version).
VERSION_SQL = ("SELECT version, (SELECT MIN(published_at) FROM portal_document "
               "WHERE kind = %s AND status = %s AND published_at > %s) "
               "FROM indicators_inputs_version WHERE id = 1")
#: That moment, as the last ``inputs_version()`` of this request read it: what is kept
#: under its version is kept until then only (``timeout``).
_next_guide: ContextVar[dt.datetime | None] = ContextVar("indicators_next_guide",
                                                         default=None)
#: The version and the writes noted by first year (``dated``), read together: one
#: snapshot, so that no year's key is taken from a version older than its noted writes.
DATED_SQL = (f"SELECT -1, version FROM indicators_inputs_version WHERE id = 1 "
             f"UNION ALL SELECT from_year, changes FROM {dated.TABLE}")


def inputs_version() -> int:
    """The number of writes so far to the indicators' inputs (one query, which also reads
    when the next guide scheduled for later comes out: see ``timeout``)."""
    from sxsh.portal.models import Document, Status

    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [Document.Kind.GUIDE, Status.PUBLISHED,
                                     connection.ops.adapt_datetimefield_value(timezone.now())])
        version, next_guide = cursor.fetchone()
    if isinstance(next_guide, str):  # SQLite: the stored text, in UTC
        next_guide = dt.datetime.fromisoformat(next_guide).replace(tzinfo=dt.UTC)
    _next_guide.set(next_guide)
    return version


def timeout() -> int:
    """How long what is computed now may be kept: ``TIMEOUT``, or until the next guide
    scheduled for later comes out (0, not kept, once it has)."""
    next_guide = _next_guide.get()
    if next_guide is None:
        return TIMEOUT
    return max(0, min(TIMEOUT, math.floor((next_guide - timezone.now()).total_seconds())))


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
        cache.set(key, value, timeout())
    return value


def cached_html(version: int, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A part of a page rendered by ``render()`` (our own templates' output, so safe), or
    what it gave before for the same ``parts`` and input version."""
    return mark_safe(cached(version, parts, render))  # noqa: S308


class YearKeeper:
    """Each year's indicators (``compute_years``) kept under the key of what that year
    reads (``dated``): after a write dated in 2020, 2016–2019 are taken as kept and only
    2020 on are computed again."""

    def __init__(self, version: int, noted: list[tuple[int, int]]) -> None:
        self.version = version
        self.noted = noted

    @classmethod
    def at(cls, version: int) -> YearKeeper:
        """The keys as of ``version`` (the page's): the writes noted by year are read
        once per version (one query, then kept with the figures)."""
        key = cache_key(version, "dated")
        noted = cache.get(key)
        if noted is None:
            with connection.cursor() as cursor:
                cursor.execute(DATED_SQL)
                rows = cursor.fetchall()
            read = next(count for year, count in rows if year == -1)
            noted = [(year, count) for year, count in rows if year != -1]
            if read != version:  # written meanwhile: these keys are newer than the page's
                return cls(read, noted)
            cache.set(key, noted, TIMEOUT)
        return cls(version, noted)

    def year_key(self, year: int) -> int:
        """The version less the writes noted from a year after ``year``."""
        return self.version - sum(count for first, count in self.noted if first > year)

    def _keys(self, what: tuple, years: list[int]) -> dict[int, str]:
        return {y: cache_key(self.year_key(y), "year", *what, y) for y in years}

    def through(self, what: tuple, years: list[int],
                compute: Callable[[list[int]], dict[int, T]]) -> dict[int, T]:
        """``what`` (parts of its key) for each of ``years``: as kept, else ``compute`` of
        the years missing (one call), which are then kept."""
        keys = self._keys(what, years)
        found = cache.get_many(list(keys.values()))
        values = {y: found[key] for y, key in keys.items() if key in found}
        missing = [y for y in years if y not in values]
        if missing:
            computed = compute(missing)
            cache.set_many({keys[y]: value for y, value in computed.items()}, timeout())
            values.update(computed)
        return {y: values[y] for y in years}

    def years(self, scope, years: list[int], parts: tuple,
              compute: Callable[[list[int]], dict]) -> dict:
        """``compute_years``'s results for ``scope`` and ``parts`` (its arguments)."""
        what = (query_key(scope.facilities()), scope.provisional, *map(repr, parts))
        return self.through(what, years, compute)


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
              timeout())
