"""Writes of the translator workspace."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from modeltranslation.utils import build_localized_fieldname

from accounts.roles import translator_languages
from localization.fields import (
    source_hash,
    source_value,
    translatable_models,
    translated_fields,
    translated_value,
)
from localization.models import FieldTranslation
from portal import audit
from portal.cache import content_changed


def _check_language(user, language):
    if language not in translator_languages(user):
        raise PermissionDenied


def field_translation_save(*, obj, language: str, values: dict, user) -> None:
    """Save a record's translations into one language and remember which English text they translate."""
    _check_language(user, language)
    fields = translated_fields(type(obj))
    content_type = ContentType.objects.get_for_model(obj)
    now = timezone.now()
    with transaction.atomic():
        update_fields = []
        for field in fields:
            if field not in values:
                continue
            setattr(obj, build_localized_fieldname(field, language), values[field].strip() or None)
            update_fields.append(build_localized_fieldname(field, language))
        obj.save(update_fields=update_fields)
        for field in fields:
            if field not in values:
                continue
            english = source_value(obj, field)
            FieldTranslation.objects.update_or_create(
                content_type=content_type,
                object_id=str(obj.pk),
                field=field,
                language=language,
                defaults={
                    "source_hash": source_hash(english),
                    "source_text": english,
                    "translated_at": now,
                    "translated_by": user,
                },
            )
        audit.record(instance=obj, action="localization.translate", user=user, data={"language": language})
        transaction.on_commit(content_changed)


def field_translation_baseline() -> int:
    """Take existing translated values as translations of the current English
    text (records imported by migrations or entered before tracking began)."""
    created = 0
    now = timezone.now()
    for model in translatable_models():
        content_type = ContentType.objects.get_for_model(model)
        fields = translated_fields(model)
        existing = set(
            FieldTranslation.objects.filter(content_type=content_type).values_list(
                "object_id", "field", "language"
            )
        )
        new = []
        for obj in model.objects.all():
            for field in fields:
                english = source_value(obj, field)
                for code, _name in settings.LANGUAGES:
                    if code == settings.LANGUAGE_CODE or (str(obj.pk), field, code) in existing:
                        continue
                    if translated_value(obj, field, code).strip():
                        new.append(
                            FieldTranslation(
                                content_type=content_type,
                                object_id=str(obj.pk),
                                field=field,
                                language=code,
                                source_hash=source_hash(english),
                                source_text=english,
                                translated_at=now,
                            )
                        )
        FieldTranslation.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    return created


def page_translation_start(*, source_page, language: str, user):
    """Create the translation of an English page into one language (and of
    its parents where missing); returns the translated page."""
    _check_language(user, language)
    locale = Locale.objects.get(language_code=language)
    with transaction.atomic():
        creator = TranslationCreator(user, [locale])
        creator.create_translations(source_page)
        translated = source_page.get_translation(locale)
        audit.record(
            instance=source_page, action="localization.start", user=user, data={"language": language}
        )
    return translated


def page_translation_sync(*, source_page, language: str, user) -> None:
    """Give translators the English page's current text (wagtail-localize's
    "update translations" for one source), keeping the live translations."""
    _check_language(user, language)
    with transaction.atomic():
        TranslationSource.update_or_create_from_instance(source_page.specific)
        audit.record(instance=source_page, action="localization.sync", user=user, data={"language": language})
        transaction.on_commit(content_changed)


TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def translator_page_permissions_sync() -> int:
    """Give each "Translators – <language>" group the page permissions on its
    language's tree (from that language's home page down) and nowhere else.
    Run after a language's home page is created (load_demo and the
    `sync_translator_permissions` command do)."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    from accounts.roles import translation_languages, translator_group_name
    from portal.models import HomePage

    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=TRANSLATOR_PAGE_PERMISSIONS
        )
    }
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    created = 0
    for code in translation_languages():
        group = Group.objects.filter(name=translator_group_name(code)).first()
        home = homes.get(code)
        if group is None or home is None:
            continue
        for codename in TRANSLATOR_PAGE_PERMISSIONS:
            _, was_created = GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=permissions[codename]
            )
            created += was_created
    return created
