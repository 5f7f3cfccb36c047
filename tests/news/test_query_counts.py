"""Pages run a fixed number of queries, whatever the number of updates (uncached)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories.news import make_update, translate

pytestmark = pytest.mark.django_db
BUDGET = 15
TOPICS = ["security", "web", "community"]


def _count(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def news(index, spanish_tree, django_capture_on_commit_callbacks):
    def build(count):
        pages = [make_update(index, topics=TOPICS) for _ in range(count)]
        translate(pages[0], "es", {pages[0].title: "Primera"}, capture=django_capture_on_commit_callbacks)
        return pages

    return build


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/es/",
        "/en/news/",
        "/es/news/",
        "/en/news/topic/security/",
        "/en/news/feed/atom/",
        "/es/news/feed/rss/",
    ],
)
def test_listing_queries_do_not_grow_with_updates(client, news, url):
    pages = news(1)
    one = _count(client, url)
    for _ in range(29):
        make_update(pages[0].get_parent(), topics=TOPICS)
    thirty = _count(client, url)
    assert one == thirty, f"{url}: {one} queries with 1 update, {thirty} with 30"
    assert thirty <= BUDGET, f"{url}: {thirty} queries"


def test_news_page_queries_are_fixed_and_small(client, news):
    pages = news(30)
    english = _count(client, pages[0].url)
    spanish = _count(client, f"/es/news/{pages[0].slug}/")
    fallback = _count(client, f"/es/news/{pages[1].slug}/")
    assert max(english, spanish, fallback) <= BUDGET, (english, spanish, fallback)


def test_404_is_cheap(client, news):
    news(3)
    client.get("/en/news/no-such-update/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/news/no-such-update/")
    assert response.status_code == 404
    assert len(queries) <= 5, [q["sql"][:80] for q in queries]
