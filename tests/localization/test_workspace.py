from django.contrib.contenttypes.models import ContentType

from wagtail.models import Locale, Page

import pytest

from localization.models import FieldTranslation
from localization.services import field_translation_baseline, translator_page_permissions_sync
from news.models import Topic
from tests.factories import (
    ModeratorFactory,
    ReviewerFactory,
    TranslatorFactory,
    give_totp,
)
from tests.factories.news import make_update, translate

pytestmark = pytest.mark.django_db


def _login(client, user):
    give_totp(user)
    client.force_login(user)
    return user


def _cells(response):
    return {(row.label, cell.language): cell.status for row in response.context["rows"] for cell in row.cells}


@pytest.fixture
def translator(client, spanish_tree):
    translator_page_permissions_sync()
    return _login(client, TranslatorFactory())


def test_workspace_shows_every_state_of_a_page(
    client, index, spanish_tree, django_capture_on_commit_callbacks
):
    missing = make_update(index, title="Missing")
    done = make_update(index, title="Done")
    started = make_update(index, title="Started")
    stale = make_update(index, title="Stale", summary="Old words.")
    capture = django_capture_on_commit_callbacks
    translate(done, "es", {"Done": "Hecho"}, capture=capture)
    translate(started, "es", {"Started": "Empezado"}, publish=False, capture=capture)
    translate(stale, "es", {"Stale": "Viejo"}, capture=capture)
    stale.summary = "New words."
    stale.save_revision().publish()
    _login(client, ModeratorFactory())

    cells = _cells(client.get("/admin/translations/?language=es"))

    assert cells[("Missing", "es")] == "missing"
    assert cells[("Done", "es")] == "up_to_date"
    assert cells[("Started", "es")] == "in_progress"
    assert cells[("Stale", "es")] == "out_of_date"
    assert missing.pk  # used


def test_translator_sees_only_their_languages(client, translator):
    response = client.get("/admin/translations/")
    assert response.status_code == 200
    assert [code for code, _name in response.context["languages"]] == ["es"]


@pytest.mark.parametrize("factory", [ReviewerFactory])
def test_roles_without_languages_cannot_open_the_workspace(client, factory):
    _login(client, factory())
    response = client.get("/admin/translations/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/",
    )  # Wagtail's "no permission" redirect


def test_translator_starts_a_translation_in_their_language_only(client, index, translator):
    page = make_update(index, title="Fresh")
    response = client.post(f"/admin/translations/page/{page.pk}/es/start/")
    spanish = page.get_translation(Locale.objects.get(language_code="es"))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{spanish.pk}/edit/"
    assert not spanish.live  # readers keep the English fallback until a translator publishes

    refused = client.post(f"/admin/translations/page/{page.pk}/fr/start/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert not page.has_translation(Locale.objects.get(language_code="fr"))


def test_start_and_sync_refuse_get(client, index, translator):
    page = make_update(index)
    assert client.get(f"/admin/translations/page/{page.pk}/es/start/").status_code == 405
    assert client.get(f"/admin/translations/page/{page.pk}/es/sync/").status_code == 405


def test_what_changed_lists_new_and_removed_english_text(
    client, index, translator, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Stable", summary="Old sentence.")
    translate(page, "es", {"Stable": "Estable"}, capture=django_capture_on_commit_callbacks)
    page.summary = "New sentence."
    page.save_revision().publish()

    changes = client.get(f"/admin/translations/page/{page.pk}/es/changes/").context["changes"]

    assert "New sentence." in changes["added"]
    assert "Old sentence." in changes["removed"]


def test_sync_brings_the_new_english_text_and_keeps_the_live_translation(
    client, index, translator, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Stable", summary="Old sentence.")
    spanish = translate(
        page,
        "es",
        {"Stable": "Estable", "Old sentence.": "Frase vieja."},
        capture=django_capture_on_commit_callbacks,
    )
    page.summary = "New sentence."
    page.save_revision().publish()

    response = client.post(f"/admin/translations/page/{page.pk}/es/sync/")

    assert response["Location"] == f"/admin/pages/{spanish.pk}/edit/"
    spanish.refresh_from_db()
    assert spanish.summary == "Frase vieja."  # readers keep it until a translator publishes
    assert client.get(f"/admin/translations/page/{page.pk}/es/changes/").context["changes"] == {
        "added": [],
        "removed": [],
    }


def test_record_translation_is_tracked_and_goes_out_of_date(client, translator):
    topic = Topic.objects.get(slug="security")
    content_type = ContentType.objects.get_for_model(Topic)
    url = f"/admin/translations/record/{content_type.pk}/{topic.pk}/es/"

    response = client.post(url, {"name": "Seguridad informática"})

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name_es == "Seguridad informática"
    record = FieldTranslation.objects.get(object_id=str(topic.pk), language="es", field="name")
    assert record.source_text == "Security"
    assert _cells(client.get("/admin/translations/?kind=record"))[("Security", "es")] == "up_to_date"

    topic.name_en = "Security and compliance"
    topic.save()
    cells = _cells(client.get("/admin/translations/?kind=record"))
    assert cells[("Security and compliance", "es")] == "out_of_date"
    page = client.get(url)
    assert page.context["changed"] == [
        {"field": "Name", "before": "Security", "after": "Security and compliance"}
    ]


def test_record_translation_refuses_other_languages_and_long_text(client, translator):
    topic = Topic.objects.get(slug="web")
    content_type = ContentType.objects.get_for_model(Topic)
    refused = client.post(f"/admin/translations/record/{content_type.pk}/{topic.pk}/fr/", {"name": "Toile"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    response = client.post(f"/admin/translations/record/{content_type.pk}/{topic.pk}/es/", {"name": "x" * 81})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    topic.refresh_from_db()
    assert topic.name_es == "Web"


def test_baseline_records_existing_translations_once():
    created = field_translation_baseline()
    assert created == Topic.objects.count() * 8
    assert field_translation_baseline() == 0


def test_dashboard_counts_out_of_date_translations(
    client, index, translator, django_capture_on_commit_callbacks
):
    page = make_update(index, title="Stable", summary="Old.")
    translate(page, "es", {"Stable": "Estable"}, capture=django_capture_on_commit_callbacks)
    page.summary = "New."
    page.save_revision().publish()
    body = client.get("/admin/").content.decode()
    assert "Translations out of date in your languages" in body
    assert 'href="/admin/translations/?status=out_of_date"' in body
    assert Page.objects.count() > 0


def test_drafts_are_never_offered_for_translation(client, index, translator):
    draft = make_update(index, title="Embargoed", publish=False)
    assert all(row.label != "Embargoed" for row in client.get("/admin/translations/").context["rows"])
    assert client.post(f"/admin/translations/page/{draft.pk}/es/start/").status_code == 404
    assert not draft.has_translation(Locale.objects.get(language_code="es"))


def test_record_with_a_malformed_id_is_404(client, translator):
    content_type = ContentType.objects.get_for_model(Topic)
    assert client.get(f"/admin/translations/record/{content_type.pk}/abc/es/").status_code == 404
