"""Reads of the public CP section: lists, the home page, search, the feed and sitemap.

Every read goes through ``for_user``: an anonymous visitor (``None``) reads what is
public — published, due, and for a case study consented to by its facility.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sxsh.core.scoping import BIGGEST_ID
from sxsh.core.search import matches

from .models import (
    PICTURE_MODELS,
    Article,
    CaseStudy,
    Content,
    Document,
    Picture,
    content_kind,
)

#: Fields searched per kind; the title's hits rank first.
SEARCHED: dict[type[Content], tuple[str, ...]] = {
    Article: ("title", "summary", "body"),
    Document: ("title", "number", "issuer", "summary"),
    CaseStudy: ("title", "summary", "what_changed", "facility__name"),
}
KIND_LABELS = {Article: _("News"), Document: pgettext_lazy("portal", "Document"),
               CaseStudy: _("Case study")}
#: At most this many hits of each kind are ranked and shown.
SEARCH_LIMIT = 50


def articles(user, *, category: str = "", tag: str = "") -> QuerySet[Article]:
    """Articles the user reads, newest first, of a category or tag (their addresses)."""
    rows = Article.objects.for_user(user).select_related("category")
    if category:
        rows = rows.filter(category__slug=category)
    if tag:
        rows = rows.filter(tags__slug=tag)
    return rows.order_by("-published_at", "-pk")


def documents(user, *, kind: str = "", vsic: str = "", in_force: bool | None = None
              ) -> QuerySet[Document]:
    """Documents the user reads, newest first, of a type, sector (VSIC division code) and
    force."""
    rows = Document.objects.for_user(user)
    if kind:
        rows = rows.filter(kind=kind)
    if vsic:
        rows = rows.filter(vsic_divisions__code=vsic)
    if in_force is not None:
        rows = rows.filter(in_force=in_force)
    return rows.prefetch_related("vsic_divisions").order_by("-published_at", "-pk")


def case_studies(user) -> QuerySet[CaseStudy]:
    """Case studies the user reads, newest first, with their facility."""
    return (CaseStudy.objects.for_user(user).select_related("facility", "facility__vsic")
            .order_by("-published_at", "-pk"))


def case_study_options(case_study: CaseStudy):
    """The options a case study shows: its facility's implemented or verified ones."""
    from sxsh.assessments.library import IMPLEMENTED

    return case_study.options.filter(status__in=IMPLEMENTED).order_by("code")


def pictures(piece: Article | CaseStudy) -> list[Picture]:
    """The gallery of a piece already read through the user's scope, in order."""
    return list(piece.pictures.all())


def gallery_picture(user, piece: Content, pk: int) -> Picture:
    """Picture ``pk`` of ``piece``'s gallery, read through the user's scope; 404 for any
    other (another piece's, or one the user does not read)."""
    model = PICTURE_MODELS[content_kind(piece)]
    return model.objects.filter(**{model.piece_field: piece}).get_for_user_or_404(user, pk=pk)


def picture_gone(kind: str, pk: int) -> bool:
    """Whether no picture ``pk`` of that kind's galleries exists any more (one removed a
    moment ago, in another tab): nothing of any piece is read. A number no id holds was
    never a picture."""
    return pk <= BIGGEST_ID and not PICTURE_MODELS[kind].objects.filter(pk=pk).exists()


def article_detail(user, slug: str) -> Article:
    """An article the user reads, else 404 (its tags are read when its page is rendered,
    which a kept page is not)."""
    return Article.objects.select_related("category").get_for_user_or_404(user, slug=slug)


def document_detail(user, slug: str) -> Document:
    """A document the user reads, else 404 (its sectors read when its page is rendered)."""
    return Document.objects.get_for_user_or_404(user, slug=slug)


def case_study_detail(user, slug: str) -> CaseStudy:
    return CaseStudy.objects.select_related("facility", "facility__vsic").get_for_user_or_404(
        user, slug=slug)


def home(user) -> dict[str, Any]:
    """The home page's lists: latest news, featured case studies (else the latest), the
    latest technical guides."""
    featured = list(case_studies(user).filter(featured=True)[:3]) or list(
        case_studies(user)[:3])
    return {
        "news": list(articles(user)[:5]),
        "featured": featured,
        "guides": list(documents(user, kind=Document.Kind.GUIDE)[:5]),
    }


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    summary: str
    url: str
    published_at: Any
    title_hit: bool


def search(user, query: str) -> list[Hit]:
    """Everything the user reads that contains ``query`` — diacritics and capitals ignored
    (``core.search.matches``) — title hits first, then the newest."""
    if not " ".join(query.split()):
        return []
    hits: list[Hit] = []
    for model, fields in SEARCHED.items():
        rows = (model.objects.for_user(user).filter(matches(query, *fields))
                .annotate(title_hit=Case(When(matches(query, "title"), then=Value(1)),
                                         default=Value(0), output_field=IntegerField()))
                .order_by("-title_hit", "-published_at", "-pk")
                .only("title", "slug", "summary", "published_at")[:SEARCH_LIMIT])
        hits += [Hit(str(KIND_LABELS[model]), row.title, row.summary,
                     row.get_absolute_url(), row.published_at, bool(row.title_hit))
                 for row in rows]
    hits.sort(key=lambda h: (not h.title_hit,
                             -(h.published_at.timestamp() if h.published_at else 0)))
    return hits


def feed_items(limit: int = 30) -> list[Content]:
    """The newest public pieces of every kind, for the Atom feed."""
    kinds = [Article.objects.public(), Document.objects.public(),
             CaseStudy.objects.public()]
    newest = itertools.chain.from_iterable(q.order_by("-published_at")[:limit] for q in kinds)
    return sorted(newest, key=lambda c: c.published_at, reverse=True)[:limit]


def key_indicators(version: int) -> tuple[int | None, list]:
    """The open indicators' headline cards for the whole province, in their default year
    (the indicators context's public reading: small counts hidden), from the indicators'
    cache: the default year and a one-year board kept under ``version`` of their inputs
    (``indicators.caching.inputs_version``)."""
    from sxsh.facilities.models import Facility
    from sxsh.indicators.cards import build_cards
    from sxsh.indicators.engine import build_scope
    from sxsh.indicators.selectors import cached_board, cached_default_year

    year = cached_default_year(version, Facility.objects.all())
    result = cached_board(version, build_scope(), year, series=False)
    return year, [c for c in build_cards(result, public=True) if c.code in ("I1", "I3", "I4")]
