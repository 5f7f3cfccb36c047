"""RSS and Atom feeds of a language's news, optionally of one topic."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from news import selectors
from news.forms import FeedQueryForm

DEFAULT_LIMIT = 20


class NewsFeed(Feed):
    def __init__(self, *, index, topic, limit, feed_type, request):
        super().__init__()
        self.index = index
        self.topic = topic
        self.limit = limit
        self.feed_type = feed_type
        self.request = request

    def title(self):
        if self.topic:
            return _("Community news: %(topic)s") % {"topic": self.topic.name}
        return _("Community news")

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return _("Updates from the community, newest first.")

    def items(self):
        return selectors.in_language(
            selectors.news_for_index(self.index, topic=self.topic)[: self.limit], self.index
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # An untranslated update is read at this language's address (English, with a notice).
        listing_url = getattr(item, "listing_url", None)
        return (
            self.request.build_absolute_uri(listing_url) if listing_url else item.get_full_url(self.request)
        )

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


def feed_response(request, index, *, kind: str, topic_slug: str | None):
    feed_types = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
    if kind not in feed_types:
        raise Http404
    topic = None
    if topic_slug is not None:
        topic = selectors.topic_or_none(topic_slug)
        if topic is None:
            raise Http404
    query = FeedQueryForm(request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest(_("The feed address has an invalid limit: use a number from 1 to 100."))
    limit = query.cleaned_data["limit"] or DEFAULT_LIMIT
    feed = NewsFeed(index=index, topic=topic, limit=limit, feed_type=feed_types[kind], request=request)
    return feed(request)
