"""Text officers write in Markdown, turned into HTML that cannot carry a script."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

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

AttributeFilter = Callable[[str, str, str], str | None]


def render_markdown(text: str, *, extra: dict[str, set[str]] | None = None,
                    attribute_filter: AttributeFilter | None = None) -> SafeString:
    """``text`` as sanitised HTML (``sanitised_html``). People's text is kept in the cache
    under the digest of the text itself: a piece's new version is a new text, so a kept HTML
    is never stale, and a piece's page rendered again (for a signed-in reader, after a
    write) does not render its Markdown again. Text from the code base (``extra`` or
    ``attribute_filter`` given: the user guides, read once per process) is not kept."""
    if extra or attribute_filter:
        html = sanitised_html(text, extra=extra, attribute_filter=attribute_filter)
        return mark_safe(html)  # noqa: S308 - sanitised by nh3 in sanitised_html
    key = "portal:markdown:" + hashlib.sha256((text or "").encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = sanitised_html(text)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in sanitised_html


def sanitised_html(text: str, *, extra: dict[str, set[str]] | None = None,
                   attribute_filter: AttributeFilter | None = None) -> str:
    """``text`` as sanitised HTML: Markdown rendered, then every tag, attribute and link
    scheme outside the lists removed (a ``<script>``, ``onerror=`` or ``javascript:`` link
    is dropped, not escaped into the page).

    ``extra`` allows more tags with their attributes, written with Markdown's attribute
    lists (``## Title {#anchor}``) — for text from the code base, such as the user guides
    (``sxsh.help``), never for text people type; ``attribute_filter`` rewrites an
    attribute's value (nh3's)."""
    extra = extra or {}
    extensions = ["tables", "sane_lists", *(["attr_list"] if extra else [])]
    html = markdown.markdown(text or "", extensions=extensions)
    attributes = {**ALLOWED_ATTRIBUTES, **extra}
    clean = nh3.clean(html, tags=ALLOWED_TAGS | set(extra), attributes=attributes,
                      attribute_filter=attribute_filter,
                      url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return clean
