"""Where the "Hướng dẫn" link of a page leads."""

from __future__ import annotations

from django.urls import reverse

from .guides import VISITOR, guide_name_for
from .sections import SECTIONS


def guide_url(name: str) -> str:
    return reverse("help:visitor") if name == VISITOR else reverse("help:guide", args=[name])


def help_url(user, view_name: str | None) -> str:
    """``user``'s own guide, at the section for the page ``view_name`` where it has one."""
    name = guide_name_for(user)
    anchor = SECTIONS.get(name, {}).get(view_name or "")
    return guide_url(name) + (f"#{anchor}" if anchor else "")
