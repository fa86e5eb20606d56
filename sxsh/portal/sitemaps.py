"""sitemap.xml: the public pages and every public piece of content."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, CaseStudy, Document

PAGES = ("welcome", "portal:articles", "portal:documents", "portal:case_studies",
         "portal:solutions", "indicators:public")


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return list(PAGES)

    def location(self, item):
        return reverse(item)


class ContentSitemap(Sitemap):
    changefreq = "weekly"

    def __init__(self, model) -> None:
        self.model = model

    def items(self):
        return self.model.objects.public().order_by("-published_at", "pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PagesSitemap, "articles": ContentSitemap(Article),
            "documents": ContentSitemap(Document), "case-studies": ContentSitemap(CaseStudy)}
