"""The Atom feed of the public CP section: the newest public pieces of every kind."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


class LatestFeed(Feed):
    feed_type = Atom1Feed
    title = _("Cleaner Production in Industry")
    subtitle = _("News, documents and model case studies of the province's cleaner "
                 "production programme.")
    link = "/"

    def items(self):
        return selectors.feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
