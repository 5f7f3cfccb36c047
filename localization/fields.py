"""Translation state of the portal's own records (django-modeltranslation)."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from localization.pages import IN_PROGRESS, MISSING, OUT_OF_DATE, UP_TO_DATE


def source_hash(text: str | None) -> str:
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


def translatable_models():
    """Every model registered with modeltranslation: new ones appear in the workspace by themselves."""
    return sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label)


def translated_fields(model) -> list[str]:
    return sorted(translator.get_options_for_model(model).fields)


def source_value(obj, field: str) -> str:
    return getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE)) or ""


def translated_value(obj, field: str, language: str) -> str:
    return getattr(obj, build_localized_fieldname(field, language)) or ""


def record_status(obj, language: str, records: dict) -> str:
    """records: {(field, language): FieldTranslation} for this object."""
    fields = [f for f in translated_fields(type(obj)) if source_value(obj, f).strip()]
    if not fields:
        return UP_TO_DATE
    done = [f for f in fields if translated_value(obj, f, language).strip()]
    if not done:
        return MISSING
    for field in done:
        record = records.get((field, language))
        if record is not None and record.source_hash != source_hash(source_value(obj, field)):
            return OUT_OF_DATE
    if len(done) < len(fields):
        return IN_PROGRESS
    return UP_TO_DATE


def records_by_object(model, object_ids) -> dict:
    from localization.models import FieldTranslation

    content_type = ContentType.objects.get_for_model(model)
    grouped: dict = {}
    for record in FieldTranslation.objects.filter(
        content_type=content_type, object_id__in=[str(i) for i in object_ids]
    ):
        grouped.setdefault(record.object_id, {})[(record.field, record.language)] = record
    return grouped
