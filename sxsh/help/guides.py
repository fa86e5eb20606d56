"""The user guides: one Markdown file per role, and one for the public visitor, in
``guides/`` (``officer.md``, …, ``visitor.md``), written in Vietnamese for the people who use
the system. A guide's first line is its title (``# …``); each task is a heading with an anchor
(``## Duyệt báo cáo năm {#review}``) and one screenshot (``![alt text](help/officer-review.png)``,
a file of ``static/help/`` that ``tools/help-screenshots.py`` takes of the demo data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.utils.safestring import SafeString

from sxsh.core.scoping import Role
from sxsh.portal.text import render_markdown

GUIDES_DIR = Path(__file__).resolve().parent / "guides"
#: The guide of people who are not signed in: the only one open to everyone.
VISITOR = "visitor"
#: Every guide, in the order the list shows them: each role's, then the visitor's.
GUIDE_NAMES: tuple[str, ...] = (*Role.values, VISITOR)

ANCHOR = re.compile(r"^#{2,3} .*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
#: What a guide may carry beyond the portal's Markdown: anchored headings and its pictures.
GUIDE_MARKUP = {"h2": {"id"}, "h3": {"id"}, "img": {"src", "alt"}}


@dataclass(frozen=True)
class Guide:
    name: str
    title: str
    html: SafeString
    anchors: frozenset[str]
    #: The pictures it shows, as (path under the static files, alt text).
    images: tuple[tuple[str, str], ...]


def _static_src(element: str, attribute: str, value: str) -> str | None:
    """A picture's path in the guide is a static file's: served wherever static files are."""
    if element == "img" and attribute == "src":
        return static(value)
    return value


@cache
def guide(name: str) -> Guide:
    """The guide ``name`` (one of ``GUIDE_NAMES``), read and rendered once a process."""
    if name not in GUIDE_NAMES:
        raise LookupError(f"No user guide {name!r}")
    text = (GUIDES_DIR / f"{name}.md").read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    return Guide(
        name=name, title=first.removeprefix("# ").strip(),
        html=render_markdown(body, extra=GUIDE_MARKUP, attribute_filter=_static_src),
        anchors=frozenset(ANCHOR.findall(body)),
        images=tuple((src, alt) for alt, src in IMAGE.findall(body)),
    )


def guide_name_for(user) -> str:
    """The guide written for ``user``: its role's, the administrator's for a superuser,
    the visitor's for someone not signed in."""
    if user is None or not user.is_authenticated:
        return VISITOR
    if user.is_superuser:
        return Role.ADMIN
    return user.role if user.role in GUIDE_NAMES else VISITOR
