"""A translator in "Translators – Español" translates and publishes Spanish
pages and nothing else, on the admin's side pages too."""

from django.urls import reverse

import pytest

from localization.services import translator_page_permissions_sync
from tests.factories import TranslatorFactory, give_totp
from tests.factories.news import make_update, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(index, spanish_tree, django_capture_on_commit_callbacks):
    page = make_update(index, title="Original")
    capture = django_capture_on_commit_callbacks
    spanish = translate(page, "es", {"Original": "Original ES"}, capture=capture)
    french = translate(page, "fr", {"Original": "Original FR"}, capture=capture)
    translator_page_permissions_sync()
    return {"en": page, "es": spanish, "fr": french}


@pytest.fixture
def translator(client):
    user = TranslatorFactory()
    give_totp(user)
    client.force_login(user)
    return user


def _side_pages(page):
    revision = page.latest_revision
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "preview": reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[page.pk]),
        "compare": reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk]),
        "copy": reverse("wagtailadmin_pages:copy", args=[page.pk]),
    }


@pytest.mark.parametrize("side", ["edit", "preview", "history", "compare"])
def test_spanish_translator_opens_the_side_pages_of_spanish_pages(client, pages, translator, side):
    url = _side_pages(pages["es"])[side]
    response = client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("side", ["edit", "preview", "history", "compare", "copy"])
def test_spanish_translator_is_refused_other_languages(client, pages, translator, language, side):
    url = _side_pages(pages[language])[side]
    response = client.get(url)
    assert response.status_code in (302, 403), url
    if response.status_code == 302:
        assert response["Location"] in ("/admin/", "/admin/pages/"), url


def test_spanish_translator_publishes_a_spanish_page_but_not_french(client, pages, translator):
    from wagtail.models import Page

    spanish = Page.objects.get(pk=pages["es"].pk).specific
    assert spanish.permissions_for_user(translator).can_publish()
    french = Page.objects.get(pk=pages["fr"].pk).specific
    assert not french.permissions_for_user(translator).can_publish()
    assert not french.permissions_for_user(translator).can_edit()
    english = Page.objects.get(pk=pages["en"].pk).specific
    assert not english.permissions_for_user(translator).can_edit()
