"""Text officers write in Markdown, turned into HTML that cannot carry a script."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

#: What the rendered text may contain: the tags Markdown produces, nothing active.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> SafeString:
    """``text`` as sanitised HTML: Markdown rendered, then every tag, attribute and link
    scheme outside the lists removed (a ``<script>``, ``onerror=`` or ``javascript:`` link
    is dropped, not escaped into the page)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
