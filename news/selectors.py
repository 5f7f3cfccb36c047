"""Reads of news: each owns its joins so pages run a fixed number of queries."""

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model

from news.models import NewsPage, Topic
from portal import locales

LISTING_RENDITION = "fill-640x360"


def topics():
    return list(Topic.objects.all())


def topic_or_none(slug: str):
    return Topic.objects.filter(slug=slug).first()


def page_topics(page):
    return list(page.topics.all())


def _prefetch_listing(pages: list) -> list:
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    prefetch_related_objects(pages, "topics", Prefetch("hero_image", queryset=images))
    return pages


def _source_index(index):
    """The English news index the reader's index translates (or the index itself);
    remembered on the index for the rest of the request."""
    if index.locale_id == locales.default_id():
        return index
    if not hasattr(index, "_source_index"):
        index._source_index = index.get_translation_or_none(locales.default()) or index
    return index._source_index


def _restricted_paths() -> list[str]:
    from portal.cache import restricted_paths

    return restricted_paths()


def _public(queryset, restricted):
    for path in restricted:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def news_for_index(index, *, topic=None, year=None, month=None):
    """Every published update of the index's tree, newest first, as a lazy
    queryset of the English (source) pages: slice or paginate it in the
    database, then pass the slice to `in_language`."""
    source_index = _source_index(index)
    updates = _public(NewsPage.objects.live().child_of(source_index), _restricted_paths())
    if topic is not None:
        updates = updates.filter(topics=topic)
    if year is not None:
        updates = updates.filter(date__year=year)
    if month is not None:
        updates = updates.filter(date__month=month)
    return (
        updates.select_related("locale").defer_streamfields().order_by("-date", "-first_published_at", "-pk")
    )


def in_language(updates, index) -> list:
    """The updates of one listing page, each in the index's language where a
    published translation exists and in English otherwise (a reader of any
    language sees all the news), with what listings show prefetched."""
    updates = list(updates)
    if updates and index.locale_id != updates[0].locale_id:
        translated = {
            p.translation_key: p
            for p in _public(NewsPage.objects.live(), _restricted_paths())
            .filter(locale_id=index.locale_id, translation_key__in=[u.translation_key for u in updates])
            .select_related("locale")
            .defer_streamfields()
        }
        index_url = index.url
        for update in updates:
            # An untranslated update is read at this language's address (in
            # English, with a notice), so the reader stays in their language.
            update.listing_url = f"{index_url}{update.slug}/"
        updates = [translated.get(u.translation_key, u) for u in updates]
    return _prefetch_listing(updates)


def latest_news(index, *, limit: int):
    return in_language(news_for_index(index)[:limit], index)


def archive_months(index):
    """(year, month) pairs that have updates, newest first."""
    return [
        (d.year, d.month)
        for d in _public(NewsPage.objects.live().child_of(_source_index(index)), _restricted_paths()).dates(
            "date", "month", order="DESC"
        )
    ]


def search_news(index, query: str, *, limit: int = 50) -> list:
    """Updates matching the words, in the reader's language first; then the
    English updates that have no published translation in that language (a
    reader's listing shows them too, so search finds them too)."""
    # Quotes are search syntax for some backends (SQLite's FTS); readers' words are words.
    words = query.replace('"', " ").strip()
    if not words:
        return []
    own = list(NewsPage.objects.live().public().child_of(index).search(words, operator="and")[:limit])
    source_index = _source_index(index)
    if source_index.pk == index.pk or len(own) >= limit:
        return own
    translated_keys = set(
        NewsPage.objects.live().filter(locale_id=index.locale_id).values_list("translation_key", flat=True)
    )
    english = NewsPage.objects.live().public().child_of(source_index).search(words, operator="and")[:limit]
    index_url = index.url
    extra = []
    for update in english:
        if update.translation_key not in translated_keys:
            update.listing_url = f"{index_url}{update.slug}/"
            extra.append(update)
    return own + extra[: limit - len(own)]


def news_index_for_language(language_code: str):
    """The news index of a language's tree, else the source language's."""
    from news.models import NewsIndexPage

    indexes = {i.locale.language_code: i for i in NewsIndexPage.objects.live().select_related("locale")}
    return indexes.get(language_code) or indexes.get("en") or next(iter(indexes.values()), None)


def news_index_url(language_code: str) -> str | None:
    """The news index's URL in a language (cached until content changes)."""
    from django.core.cache import cache

    from portal.cache import content_version

    key = f"news:index-url:{content_version()}:{language_code}"
    url = cache.get(key)
    if url is None:
        from django.utils import translation

        index = news_index_for_language(language_code)
        with translation.override(language_code):
            url = index.get_url() if index else ""
        cache.set(key, url, 3600)
    return url or None
