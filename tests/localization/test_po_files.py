"""A page's translation goes out and comes back as a PO file (wagtail-localize)."""

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

import polib
import pytest

from tests.factories.news import make_update

pytestmark = pytest.mark.django_db


def test_po_export_and_import_round_trip(index):
    page = make_update(index, title="Release day", summary="The first image is out.")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="de")
    )

    po = translation.export_po()
    assert {"Release day", "The first image is out."} <= {e.msgid for e in po}

    for entry in po:
        entry.msgstr = {
            "Release day": "Veröffentlichungstag",
            "The first image is out.": "Das erste Abbild ist da.",
        }.get(entry.msgid, entry.msgid)
    warnings = translation.import_po(polib.pofile(str(po)))
    assert warnings == []
    translation.save_target(publish=True)

    german = page.get_translation(Locale.objects.get(language_code="de"))
    assert (german.title, german.summary) == ("Veröffentlichungstag", "Das erste Abbild ist da.")
