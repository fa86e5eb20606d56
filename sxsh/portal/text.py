"""Text officers write in Markdown, turned into HTML that cannot carry a script."""

from __future__ import annotations

import hashlib

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

#: What the rendered text may contain: the tags Markdown produces, nothing active.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


#: How long a rendered text stays unused before the cache drops it (it is never stale).
TIMEOUT = 24 * 3600


def render_markdown(text: str) -> SafeString:
    """``text`` as sanitised HTML (``sanitised_html``), kept in the cache under the digest
    of the text itself: a piece's new version is a new text, so a kept HTML is never
    stale, and a piece's page rendered again (for a signed-in reader, after a write) does
    not render its Markdown again."""
    key = "portal:markdown:" + hashlib.sha256((text or "").encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = sanitised_html(text)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in sanitised_html


def sanitised_html(text: str) -> str:
    """``text`` as sanitised HTML: Markdown rendered, then every tag, attribute and link
    scheme outside the lists removed (a ``<script>``, ``onerror=`` or ``javascript:`` link
    is dropped, not escaped into the page)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return clean
