"""Text officers write in Markdown, turned into HTML that cannot carry a script."""

from __future__ import annotations

from collections.abc import Callable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

#: What the rendered text may contain: the tags Markdown produces, nothing active.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str, *, extra: dict[str, set[str]] | None = None,
                    attribute_filter: Callable[[str, str, str], str | None] | None = None,
                    ) -> SafeString:
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
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
