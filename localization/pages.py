"""Translation state of Wagtail pages (wagtail-localize)."""

from dataclasses import dataclass

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue

from portal import locales

MISSING, IN_PROGRESS, UP_TO_DATE, OUT_OF_DATE = "missing", "in_progress", "up_to_date", "out_of_date"


@dataclass
class PageTranslationState:
    status: str
    translated_page: Page | None
    translation: Translation | None
    source: TranslationSource | None
    needs_sync: bool  # the English page changed since translators last received it
    progress: tuple[int, int] | None


def _is_outdated(source_page, source, translated_page) -> tuple[bool, bool]:
    """(out of date, English changed since the last sync)."""
    if source is None:
        return False, False
    english_changed = bool(
        source_page.last_published_at and source_page.last_published_at > source.last_updated_at
    )
    stale_target = bool(
        translated_page is not None
        and translated_page.last_published_at
        and translated_page.last_published_at < source.last_updated_at
    )
    return english_changed or stale_target, english_changed


def states_for(source_pages, languages) -> dict:
    """{(source page id, language): PageTranslationState} in a fixed number of queries
    plus one progress query per translation that is not published yet."""
    keys = [p.translation_key for p in source_pages]
    default_locale = Locale.get_default()
    translated = {
        (p.translation_key, p.locale.language_code): p
        for p in Page.objects.filter(translation_key__in=keys)
        .exclude(locale=default_locale)
        .filter(alias_of__isnull=True)
        .select_related("locale")
    }
    sources = {
        s.object_id: s for s in TranslationSource.objects.filter(object_id__in=keys, locale=default_locale)
    }
    translations = {
        (t.source.object_id, t.target_locale.language_code): t
        for t in Translation.objects.filter(source__in=sources.values(), enabled=True).select_related(
            "source", "target_locale"
        )
    }
    states = {}
    for page in source_pages:
        source = sources.get(page.translation_key)
        for code in languages:
            target = translated.get((page.translation_key, code))
            translation = translations.get((page.translation_key, code))
            outdated, needs_sync = _is_outdated(page, source, target)
            progress = None
            if target is None and translation is None:
                status = MISSING
            elif target is not None and target.live and outdated:
                status = OUT_OF_DATE
            elif target is None or not target.live or target.has_unpublished_changes:
                status = IN_PROGRESS
                if translation is not None:
                    progress = translation.get_progress()
            else:
                status = UP_TO_DATE
            states[(page.pk, code)] = PageTranslationState(
                status, target, translation, source, needs_sync, progress
            )
    return states


def reader_notice(page) -> dict | None:
    """For a translated page: is a newer English version out there? Cached
    until content changes (publishing and translation syncs bump the version)."""
    from django.core.cache import cache

    from portal.cache import content_version

    default_locale = locales.default()
    if page.locale_id == default_locale.pk:
        return None
    key = f"localization:notice:{content_version()}:{page.pk}"
    source_url = cache.get(key)
    if source_url is None:
        source_url = ""
        source_page = page.get_translation_or_none(default_locale)
        if source_page is not None:
            source = TranslationSource.objects.filter(
                object_id=page.translation_key, locale=default_locale
            ).first()
            outdated, _ = _is_outdated(source_page, source, page)
            if outdated:
                source_url = source_page.url
        cache.set(key, source_url, 3600)
    return {"source_url": source_url} if source_url else None


def _strings(instance) -> list[str]:
    return [s.string.data for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def changed_strings(source_page) -> dict:
    """What changed in the English page since translators last received it."""
    default_locale = Locale.get_default()
    source = TranslationSource.objects.filter(
        object_id=source_page.translation_key, locale=default_locale
    ).first()
    if source is None:
        return {"added": [], "removed": []}
    before = _strings(source.as_instance())
    after = _strings(source_page.specific)  # the page row holds the live (published) content
    before_set, after_set = set(before), set(after)
    return {
        "added": [s for s in after if s not in before_set],
        "removed": [s for s in before if s not in after_set],
    }
