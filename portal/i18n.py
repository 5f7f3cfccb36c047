"""Language alternates of the page being shown: for the switcher and hreflang."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    exists: bool  # False: the URL serves a fallback, not a translation.


def _page_path(page) -> str:
    """A page's path below its language's home page ("news/hello/")."""
    parts = page.url_path.strip("/").split("/")[1:]
    return "/".join(parts) + "/" if parts else ""


def _page_translations(page) -> dict[str, str]:
    """{language: path} of a page's live translations, cached until content changes."""
    from portal.cache import content_version

    key = f"portal:translations:{content_version()}:{page.translation_key}"
    found = cache.get(key)
    if found is None:
        found = {
            p.locale.language_code: _page_path(p)
            for p in page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
            .only("url_path", "locale__language_code")
        }
        cache.set(key, found, 3600)
    return found


def page_alternates(request, page) -> list[Alternate]:
    """Alternates of a Wagtail page: its translations, else the same address in that language."""
    translations = _page_translations(page)
    current = f"/{get_language()}/"
    rest = request.path[len(current) :] if request.path.startswith(current) else request.path.lstrip("/")
    alternates = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            alternates.append(Alternate(code, name, f"/{code}/{translations[code]}", True))
        else:
            alternates.append(Alternate(code, name, f"/{code}/{rest}", False))
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
