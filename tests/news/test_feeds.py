import xml.etree.ElementTree as ET

import pytest

from tests.factories.news import make_update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_updates_in_the_language(client, index):
    make_update(index, title="First", topics=["security"])
    make_update(index, title="Second")
    response = client.get("/en/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Second", "First"]


def test_rss_feed_per_topic(client, index):
    make_update(index, title="Secure", topics=["security"])
    make_update(index, title="Other", topics=["web"])
    response = client.get("/es/news/topic/security/feed/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert [i.find("title").text for i in channel.findall("item")] == ["Secure"]
    assert channel.find("language").text == "es"


def test_feed_limit(client, index):
    for _ in range(5):
        make_update(index)
    feed = ET.fromstring(client.get("/en/news/feed/atom/?limit=2").content)
    assert len(feed.findall(f"{ATOM}entry")) == 2


@pytest.mark.parametrize("query", ["?limit=abc", "?limit=0", "?limit=1000", "?limit="])
def test_malformed_feed_query_is_400(client, index, query):
    response = client.get(f"/en/news/feed/atom/{query}")
    if query == "?limit=":
        assert response.status_code == 200  # empty means the default
    else:
        assert response.status_code == 400


@pytest.mark.parametrize("path", ["/en/news/feed/json/", "/en/news/topic/nope/feed/rss/"])
def test_unknown_feed_or_topic_is_404(client, index, path):
    assert client.get(path).status_code == 404


def test_sitemap_lists_every_language_with_alternates(client, index, spanish_tree):
    page = make_update(index, title="Hello")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        f"<loc>http://localhost:8000/en/news/{page.slug}/</loc>" in body
        or f"/en/news/{page.slug}/</loc>" in body
    )
    assert 'hreflang="es"' in body and 'hreflang="x-default"' in body
    assert "/es/news/</loc>" in body
