"""Reads of news: each owns its joins so pages run a fixed number of queries."""

from django.db.models import Prefetch

from wagtail.images import get_image_model

from news.models import NewsPage, Topic

LISTING_RENDITION = "fill-640x360"


def topics():
    return list(Topic.objects.all())


def topic_or_none(slug: str):
    return Topic.objects.filter(slug=slug).first()


def page_topics(page):
    return list(page.topics.all())


def _with_listing_relations(queryset):
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    return queryset.select_related("locale").prefetch_related(
        "topics", Prefetch("hero_image", queryset=images)
    )


def news_for_index(index, *, topic=None, year=None, month=None):
    queryset = NewsPage.objects.live().public().child_of(index)
    if topic is not None:
        queryset = queryset.filter(topics=topic)
    if year is not None:
        queryset = queryset.filter(date__year=year)
    if month is not None:
        queryset = queryset.filter(date__month=month)
    return _with_listing_relations(queryset.order_by("-date", "-first_published_at", "-pk"))


def latest_news(index, *, limit: int):
    return list(_with_listing_relations(news_for_index(index))[:limit])


def archive_months(index):
    """(year, month) pairs that have updates, newest first."""
    return [
        (d.year, d.month)
        for d in NewsPage.objects.live().public().child_of(index).dates("date", "month", order="DESC")
    ]


def search_news(index, query: str):
    queryset = NewsPage.objects.live().public().child_of(index)
    return queryset.search(query, operator="and")[:50]


def news_index_for_language(language_code: str):
    """The news index of a language's tree, else the source language's."""
    from news.models import NewsIndexPage

    indexes = {i.locale.language_code: i for i in NewsIndexPage.objects.live().select_related("locale")}
    return indexes.get(language_code) or indexes.get("en") or next(iter(indexes.values()), None)
