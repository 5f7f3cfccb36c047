"""Every interface string is translated into every configured language."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]|%[sd]|\{[a-zA-Z_0-9]*\}")


def _catalogue(code: str) -> polib.POFile:
    path = ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {code}: run `make messages`"
    return polib.pofile(str(path))


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete(code):
    catalogue = _catalogue(code)
    assert len(catalogue) > 50
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_their_placeholders(code):
    wrong = []
    for entry in _catalogue(code).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # Languages without plural forms may drop a count the English singular lacks.
            for translated in entry.msgstr_plural.values():
                if not set(PLACEHOLDER.findall(translated)) <= set(PLACEHOLDER.findall(entry.msgid_plural)):
                    wrong.append(entry.msgid)
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != expected:
            wrong.append(entry.msgid)
    assert not wrong, f"{code}: placeholders differ in {wrong[:5]}"


def _allauth_msgids():
    import allauth

    source = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(source)) if not e.obsolete]


def _translated_msgids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {e.msgid for e in polib.pofile(str(path)).translated_entries()}


@pytest.mark.parametrize("code", LANGUAGES)
def test_allauth_strings_are_translated_in_every_language(code):
    """allauth renders its own pages, forms and errors; it ships no Afrikaans,
    which locale/vendor supplements. No English msgid may show through: a
    string may stay identical only where a catalogue says so explicitly."""
    import allauth

    locale_name = to_locale(code)
    explicit = _translated_msgids(
        Path(allauth.__file__).parent / "locale" / locale_name / "LC_MESSAGES" / "django.po"
    ) | _translated_msgids(ROOT / "locale" / "vendor" / locale_name / "LC_MESSAGES" / "django.po")
    missing = []
    with translation.override(code):
        for entry in _allauth_msgids():
            if entry.msgid_plural or entry.msgctxt or entry.msgid in explicit:
                continue
            if translation.gettext(entry.msgid) == entry.msgid:
                missing.append(entry.msgid)
    assert not missing, f"{code}: {len(missing)} allauth strings in English, e.g. {missing[:8]}"
