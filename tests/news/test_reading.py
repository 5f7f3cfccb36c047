import re

import pytest

from news.models import Topic
from tests.factories.news import make_update, translate

pytestmark = pytest.mark.django_db


def test_index_lists_updates_newest_first_with_pagination(client, index):
    for _ in range(12):
        make_update(index)
    first = client.get("/en/news/")
    assert first.status_code == 200
    titles = [u.title for u in first.context["updates"]]
    assert len(titles) == 10
    dates = [u.date for u in first.context["updates"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/en/news/?page=2")
    assert len(second.context["updates"]) == 2
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("query", ["?page=3", "?page=0", "?page=abc", "?page=-1"])
def test_unknown_page_number_is_a_translated_404(client, index, query):
    make_update(index)
    response = client.get(f"/es/news/{query}")
    assert response.status_code == 404
    assert "no encontrada" in response.content.decode().lower()


def test_empty_index_says_so(client, index):
    response = client.get("/en/news/")
    assert response.status_code == 200
    assert "No news has been published yet" in response.content.decode()


def test_topic_filter_and_unknown_topic(client, index):
    security = make_update(index, topics=["security"])
    make_update(index, topics=["web"])
    response = client.get("/en/news/topic/security/")
    assert [u.pk for u in response.context["updates"]] == [security.pk]
    assert response.context["topic"] == Topic.objects.get(slug="security")
    assert client.get("/en/news/topic/no-such-topic/").status_code == 404


def test_archive_by_year_and_month(client, index):
    import datetime

    october = make_update(index, date=datetime.date(2026, 10, 3))
    make_update(index, date=datetime.date(2025, 12, 1))
    assert [u.pk for u in client.get("/en/news/2026/10/").context["updates"]] == [october.pk]
    assert len(client.get("/en/news/2025/").context["updates"]) == 1
    assert (2026, 10) in client.get("/en/news/").context["archive"]


@pytest.mark.parametrize(
    "path", ["/en/news/2026/13/", "/en/news/2026/0/", "/en/news/1200/", "/en/news/9999/", "/en/news/nope/"]
)
def test_unknown_year_month_or_page_is_404(client, index, path):
    make_update(index)
    assert client.get(path).status_code == 404


def test_news_page_renders_its_blocks(client, index):
    page = make_update(
        index,
        body=[
            {"type": "heading", "value": {"text": "Infrastructure", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Mirrors on <b>three</b> continents.</p>"},
            {"type": "quote", "value": {"quote": "Thank you all", "attribution": "The board"}},
            {
                "type": "timeline",
                "value": {
                    "heading": "Road",
                    "milestones": [
                        {
                            "title": "Build system",
                            "status": "done",
                            "target_date": "2026-09-20",
                            "description": "",
                        },
                        {"title": "GA", "status": "planned", "target_date": None, "description": "Soon"},
                    ],
                },
            },
        ],
        topics=["infrastructure"],
    )
    body = client.get(page.url).content.decode()
    assert "<h2>Infrastructure</h2>" in body
    assert "<b>three</b>" in body
    assert "Thank you all" in body
    assert "Build system" in body and "Done" in body and "Planned" in body
    assert 'property="og:description" content="A short summary."' in body


def test_spanish_reader_sees_every_update_in_spanish_where_translated(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    translated = make_update(index, title="Translated")
    untranslated = make_update(index, title="Untranslated")
    translate(translated, "es", {"Translated": "Traducido"}, capture=django_capture_on_commit_callbacks)

    response = client.get("/es/news/")

    titles = [u.title for u in response.context["updates"]]
    assert titles == ["Untranslated", "Traducido"]
    body = response.content.decode()
    assert f'href="/es/news/{untranslated.slug}/"' in body


def test_untranslated_update_is_english_with_a_translated_notice_never_404(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Only in English")
    translate(page, "de", {"Only in English": "Nur auf Deutsch"}, capture=django_capture_on_commit_callbacks)

    response = client.get(f"/es/news/{page.slug}/")

    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "en"
    body = response.content.decode()
    assert "no está disponible en español" in body
    assert f'href="/de/news/{page.slug}/"' in body  # the languages that exist are linked
    assert re.search(rf'<link rel="canonical" href="https?://[^/"]+/en/news/{page.slug}/">', body)


def test_fallback_works_even_without_the_languages_tree(client, index):
    page = make_update(index, title="English only")
    response = client.get(f"/tr/news/{page.slug}/")
    assert response.status_code == 200
    assert response.context["language_fallback"]["is_fallback"] is True


def test_outdated_translation_stays_with_a_notice(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Original", summary="First summary.")
    translate(
        page,
        "es",
        {"Original": "Original ES", "First summary.": "Primer resumen."},
        capture=django_capture_on_commit_callbacks,
    )
    page.summary = "A changed summary."
    page.save_revision().publish()

    response = client.get(f"/es/news/{page.slug}/")

    assert response.context["page"].title == "Original ES"
    body = response.content.decode()
    assert "Primer resumen." in body
    assert "ha cambiado desde que se tradujo" in body


def test_up_to_date_translation_has_no_notice(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Original")
    translate(page, "es", {"Original": "Original ES"}, capture=django_capture_on_commit_callbacks)
    response = client.get(f"/es/news/{page.slug}/")
    assert response.context["outdated_notice"] is None
    assert response.context["language_fallback"]["is_fallback"] is False


def test_search_finds_updates_in_the_readers_language(client, index):
    make_update(index, title="Kernel security response", summary="How we answer reports.")
    make_update(index, title="Mirrors", summary="Download faster.")
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get("/en/news/search/", {"q": "security"})
    assert response.status_code == 200
    assert [r.title for r in response.context["results"]] == ["Kernel security response"]


@pytest.mark.parametrize("q", ["a", "x" * 201])
def test_search_refuses_bad_queries_with_a_message(client, index, q):
    response = client.get("/es/news/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["search_form"].errors["q"]


def test_spanish_search_also_finds_untranslated_english_updates(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    translated = make_update(index, title="Kernel security", summary="Security answers.")
    make_update(index, title="Mirror security", summary="Security of mirrors.")
    translate(
        translated,
        "es",
        {"Kernel security": "Seguridad del núcleo", "Security answers.": "Respuestas de security."},
        capture=django_capture_on_commit_callbacks,
    )
    call_command("update_index", verbosity=0)

    response = client.get("/es/news/search/", {"q": "security"})

    titles = [r.title for r in response.context["results"]]
    assert titles == ["Seguridad del núcleo", "Mirror security"]
    assert 'href="/es/news/update-' in response.content.decode()
