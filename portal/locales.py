"""Wagtail locales, cached in the process: they change only when an
administrator adds a language, and every page view needs them."""

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def _all():
    from wagtail.models import Locale

    return {locale.language_code: locale for locale in Locale.objects.all()}


def clear(**kwargs):
    _all.cache_clear()


def default():
    return _all()[settings.LANGUAGE_CODE]


def default_id() -> int:
    return default().pk


def code_of(locale_id: int) -> str | None:
    for code, locale in _all().items():
        if locale.pk == locale_id:
            return code
    return None
