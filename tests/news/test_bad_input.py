"""Nothing an anonymous reader sends produces a 500."""

import pytest

from tests.factories.news import make_update

pytestmark = pytest.mark.django_db

ODD_PATHS = [
    "/en/news/%00/",
    "/en/news/" + "a" * 300 + "/",
    "/en/news/über/",
    "/en/news/topic/" + "x" * 200 + "/",
    "/en/news/topic/security/feed/atom/?limit=%00",
    "/en/news/feed/rss/?limit=99999999999999999999",
    "/en/news/feed/atom/?limit=-5",
    "/en/news/?page=99999999999999999999",
    "/en/news/?page=%00",
    "/en/news/search/?q=%00",
    "/en/news/search/?q=" + "%22" * 5,
    "/en/news/search/?q=AND OR NOT",
    "/en/news/search/?q=(((",
    "/en/news/search/?q=" + "x" * 5000,
    "/en/news/0000/",
    "/en/news/2026/00/",
    "/en/news/2026/99/",
    "/xx/news/",
    "/en/../../etc/passwd",
    "/sitemap.xml?p=abc",
    "/sitemap.xml?p=999",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_requests_never_500(client, index, path):
    make_update(index, topics=["security"])
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_posting_to_a_page_is_refused_without_500(client, index):
    page = make_update(index)
    response = client.post(page.url, {"x": "y"})
    assert response.status_code < 500
