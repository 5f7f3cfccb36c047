"""Language alternates of the page being shown: for the switcher and hreflang."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    exists: bool  # False: the URL serves a fallback, not a translation.


def page_alternates(request, page) -> list[Alternate]:
    """Alternates of a Wagtail page: its translations, else the same path in that language."""
    translations = {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    alternates = []
    for code, name in settings.LANGUAGES:
        translated = translations.get(code)
        if translated is not None:
            url = translated.get_url(request)
            alternates.append(Alternate(code, name, url, True))
        else:
            url = translate_url(request.path, code)
            alternates.append(Alternate(code, name, url, False))
    return alternates


def path_alternates(request) -> list[Alternate]:
    path = request.get_full_path()
    return [Alternate(code, name, translate_url(path, code), True) for code, name in settings.LANGUAGES]


def alternates_for(request, page=None) -> list[Alternate]:
    """Memoised on the request: the switcher, hreflang links and notices share one lookup."""
    key = (
        ("page", page.pk)
        if page is not None and getattr(page, "pk", None)
        else ("path", request.get_full_path())
    )
    memo = request.__dict__.setdefault("_portal_alternates", {})
    if key not in memo:
        memo[key] = page_alternates(request, page) if key[0] == "page" else path_alternates(request)
    return memo[key]
