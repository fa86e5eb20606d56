"""Public pages kept for anonymous visitors, until content changes.

A page's body is rendered once per address and language and kept under the *version* of
the database's content: the indicators' counter (``indicators.caching``), which triggers
bump in the writing transaction on every write to the portal's content and to the
facilities (whose consent decides which case studies are public). So publishing,
unpublishing, changing a piece or withdrawing a facility's consent drops every kept page at
once, in every process (one query a request reads the counter). Kept pages also expire
after ``TIMEOUT`` seconds, so content scheduled for a later time appears within that delay
with no write to trigger it.

A visitor with no session and no pending message (nearly every visitor) is served the whole
kept page, header included: it is kept with a placeholder where the forms carry their CSRF
token, and the visitor's own token is put in on each answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from sxsh.indicators.caching import inputs_version

TIMEOUT = 60
#: Stands for the visitor's CSRF token in a kept whole page.
CSRF_PLACEHOLDER = "sxsh-csrf-token-placeholder"


def version(request) -> int:
    """The content's version, read once a request."""
    if not hasattr(request, "_portal_version"):
        request._portal_version = inputs_version()
    return request._portal_version


def page_body(request, template: str, context: Callable[[], dict]) -> dict:
    """The rendered body of ``template`` and its head (title, description): from the kept
    copy for an anonymous visitor, else rendered from ``context()`` (called only then)."""
    anonymous = not request.user.is_authenticated
    key = f"portal:page:{_key(request)}"
    if anonymous and (kept := cache.get(key)) is not None:
        return kept
    data = context()
    page = {"body": render_to_string(template, data, request=request),
            "title": str(data.get("title", "")), "description": str(data.get("description", ""))}
    if anonymous:
        cache.set(key, page, TIMEOUT)
    return page


def _key(request) -> str:
    # The address as a digest: a key of fixed length whatever the query (memcached and
    # Redis refuse keys over 250 bytes; a search's address can be several kilobytes).
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{version(request)}:{get_language()}:{address}"


def _plain_visitor(request) -> bool:
    """No session (so not signed in) and no message waiting: the page is the same for
    every such visitor but for the CSRF token."""
    from django.contrib.messages.storage.cookie import CookieStorage

    return (settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES)


def page_response(request, template: str, context: Callable[[], dict]) -> HttpResponse:
    """A public page in the site's frame (``portal/page.html``): whole from the cache for a
    plain visitor, else around the kept (or freshly rendered) body."""
    plain = _plain_visitor(request)
    key = f"portal:html:{_key(request)}"
    if plain and (html := cache.get(key)) is not None:
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    page = page_body(request, template, context)
    frame = {"body": mark_safe(page["body"]),  # noqa: S308 - rendered by our own template
             "title": page["title"], "description": page["description"]}
    if plain:
        frame["csrf_token"] = CSRF_PLACEHOLDER
    html = render_to_string("portal/page.html", frame, request=request)
    if plain:
        cache.set(key, html, TIMEOUT)
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)
