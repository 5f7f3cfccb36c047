"""A translator's way through a news update: find it untranslated in the
translator workspace, translate it into Spanish in wagtail-localize's editor
and publish it; a reader whose browser prefers Spanish reads it in Spanish;
when the English original changes, the workspace shows the Spanish
translation as out of date."""

import re

from django.contrib.auth.models import Group, Permission

from wagtail.models import Locale

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.roles import translator_group_name
from localization.services import translator_page_permissions_sync
from news.models import NewsPage
from tests.browser.helpers import sign_in
from tests.factories.accounts import TranslatorFactory, give_totp
from tests.factories.news import make_index, make_update, translate

pytestmark = pytest.mark.browser

TITLE = ("Mirrors on three continents", "Espejos en tres continentes")
SLUG = "espejos-en-tres-continentes"
SUMMARY = (
    "The build system now has mirrors in Europe, Asia and America.",
    "El sistema de compilación ya tiene espejos en Europa, Asia y América.",
)
PARAGRAPH_1 = (
    "Volunteers set up three new mirrors this month.",
    "Los voluntarios montaron tres espejos nuevos este mes.",
)
HEADING = ("What comes next", "Lo que viene")
PARAGRAPH_2 = (
    "Next we will sign every package with the new keys.",
    "Después firmaremos cada paquete con las claves nuevas.",
)
CONTENT_STRINGS = [TITLE, SUMMARY, PARAGRAPH_1, HEADING, PARAGRAPH_2]


@pytest.fixture
def spanish_tree(home_page):
    """The English news index and the Spanish home page and news index, as
    translators of the site's languages find them (wagtail-localize publishes
    a translation on commit, at once in these transactional tests)."""
    index = make_index(home_page)
    translate(home_page, "es", {"Home": "Inicio"})
    translate(index, "es", {"News": "Noticias"})
    return index


@pytest.fixture
def translator(spanish_tree):
    """A member of "Translators – Español" with an authenticator app; returns
    (user, TOTP secret). The role groups come from a data migration, which a
    transactional test before this one may have flushed away."""
    group, _ = Group.objects.get_or_create(name=translator_group_name("es"))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    translator_page_permissions_sync()
    user = TranslatorFactory()
    return user, give_totp(user)


def workspace_cell(page: Page, row_title: str, language_name: str) -> Locator:
    """The cell of the translator workspace's matrix for one page and language."""
    matrix = page.get_by_role("table").filter(
        has=page.get_by_role("columnheader", name="Content", exact=True)
    )
    columns = [text.strip() for text in matrix.get_by_role("columnheader").all_inner_texts()]
    row = matrix.get_by_role("row").filter(has=page.get_by_role("rowheader").filter(has_text=row_title))
    # The first column is the row header (the content), not a cell.
    return row.get_by_role("cell").nth(columns.index(language_name) - 1)


def translate_segment(page: Page, tab: Locator, english: str, spanish: str) -> None:
    """Translate one string in wagtail-localize's editor, as a translator does:
    find the English text, press its "Translate", type, press "Save".

    The editor lists each field as a list item headed by the field's name
    (a level-3 heading) holding one list item per string; the string's item
    is the one with the English text and no such heading."""
    segment = (
        tab.get_by_role("listitem")
        .filter(has=page.get_by_text(english, exact=True))
        .filter(has_not=page.get_by_role("heading", level=3))
    )
    segment.get_by_role("button", name="Translate").click()
    # The editor gives its text box no label: it is the only one in the string's item.
    segment.get_by_role("textbox").fill(spanish)
    segment.get_by_role("button", name="Save").click()
    # The editor shows "Saving..." until the server answers, then who translated it when.
    expect(segment.get_by_text("Translated manually")).to_be_visible()
    expect(segment.get_by_text(spanish, exact=True)).to_be_visible()


def test_translator_translates_an_update_a_spanish_reader_reads_it_and_it_goes_out_of_date(
    new_context, site_url, spanish_tree, translator
):
    update = make_update(
        spanish_tree,
        title=TITLE[0],
        summary=SUMMARY[0],
        body=[
            {"type": "paragraph", "value": f"<p>{PARAGRAPH_1[0]}</p>"},
            {"type": "heading", "value": {"text": HEADING[0], "level": "h2"}},
            {"type": "paragraph", "value": f"<p>{PARAGRAPH_2[0]}</p>"},
        ],
    )
    spanish = Locale.objects.get(language_code="es")
    user, secret = translator
    page = new_context().new_page()

    # 1. The translator signs in and finds the update untranslated in the workspace.
    sign_in(page, user, secret, next_path="/admin/translations/")
    expect(page.get_by_role("heading", name="Translations", level=1)).to_be_visible()
    cell = workspace_cell(page, TITLE[0], "Español")
    expect(cell).to_contain_text("Missing")
    cell.get_by_role("button", name="Translate").click()

    # 2. The translation is a draft, opened in wagtail-localize's editor.
    draft = update.get_translation(spanish)
    assert not draft.live
    expect(page).to_have_url(f"{site_url}/admin/pages/{draft.pk}/edit/")
    expect(page.get_by_role("status")).to_contain_text("Translation started")
    expect(page.get_by_role("heading", name="English to Español translation").first).to_be_visible()

    content = page.get_by_role("tabpanel", name="Content")
    for english, translated in CONTENT_STRINGS:
        translate_segment(page, content, english, translated)
    # Dates, authors and topics are synchronised, not translated.
    expect(
        content.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Author", level=3))
    ).to_contain_text("Uses English version")
    page.get_by_role("tab", name="Promote").click()
    translate_segment(page, page.get_by_role("tabpanel", name="Promote"), update.slug, SLUG)

    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Publish in Español").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("published", re.IGNORECASE))
    published = NewsPage.objects.get(pk=draft.pk)
    assert published.live and not published.has_unpublished_changes
    assert (published.title, published.slug, published.summary) == (TITLE[1], SLUG, SUMMARY[1])

    page.goto("/admin/translations/")
    expect(workspace_cell(page, TITLE[0], "Español")).to_contain_text("Up to date")

    # 3. A reader whose browser prefers Spanish finds the update in Spanish.
    reader = new_context(locale="es-ES").new_page()
    reader.goto("/")
    expect(reader).to_have_url(f"{site_url}/es/")
    reader.get_by_role("banner").get_by_role("link", name="Noticias").click()
    expect(reader).to_have_url(f"{site_url}/es/news/")
    reader.get_by_role("main").get_by_role("link", name=TITLE[1]).click()

    expect(reader).to_have_url(f"{site_url}/es/news/{SLUG}/")
    expect(reader.locator("html")).to_have_attribute("lang", "es")
    article = reader.get_by_role("article")
    expect(article.get_by_role("heading", level=1)).to_have_text(TITLE[1])
    for _english, translated in CONTENT_STRINGS[1:]:
        expect(article.get_by_text(translated, exact=True)).to_be_visible()
    expect(article.get_by_text(PARAGRAPH_1[0])).to_have_count(0)
    # Neither "not available in Spanish" nor "the English original has changed".
    expect(reader.get_by_text("no está disponible")).to_have_count(0)
    expect(reader.get_by_role("note")).to_have_count(0)

    # 4. The English editor changes the original and publishes it again.
    english = NewsPage.objects.get(pk=update.pk)
    english.summary = "The build system now has mirrors on every continent but Antarctica."
    english.save_revision().publish()

    page.goto("/admin/translations/")
    cell = workspace_cell(page, TITLE[0], "Español")
    expect(cell).to_contain_text("Out of date")
    expect(cell.get_by_role("button", name="Update from English")).to_be_visible()
    expect(cell.get_by_role("link", name="What changed")).to_be_visible()
