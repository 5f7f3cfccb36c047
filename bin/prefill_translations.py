#!/usr/bin/env python
"""Fill empty entries of our catalogues from the catalogues that Django,
Wagtail, wagtail-localize and django-allauth already ship.

Only exact matches (same msgid, context and plural) are copied; everything
else is left for a translator. Run after `make messages`.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["django", "wagtail", "wagtail_localize", "allauth"]


def site_packages() -> Path:
    import django

    return Path(django.__file__).resolve().parent.parent


def known_translations(language_dir: str) -> dict:
    known = {}
    base = site_packages()
    for package in PACKAGES:
        for po_path in sorted((base / package).rglob(f"locale/{language_dir}/LC_MESSAGES/*.po")):
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete or "fuzzy" in entry.flags:
                    continue
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                if entry.msgid_plural:
                    if all(entry.msgstr_plural.values()):
                        known.setdefault(key, dict(entry.msgstr_plural))
                elif entry.msgstr:
                    known.setdefault(key, entry.msgstr)
    return known


def prefill(po_path: Path) -> int:
    language_dir = po_path.parent.parent.name
    known = known_translations(language_dir)
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    filled = 0
    for entry in catalogue:
        if entry.obsolete or entry.translated():
            continue
        value = known.get((entry.msgctxt, entry.msgid, entry.msgid_plural))
        if value is None:
            continue
        if entry.msgid_plural:
            if len(value) < len(entry.msgstr_plural or {0: ""}):
                continue
            entry.msgstr_plural = value
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save(str(po_path))
    return filled


def main() -> int:
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
        print(f"{po_path.relative_to(ROOT)}: {prefill(po_path)} filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
