"""Whole-response cache for anonymous readers, invalidated on every content change.

Anonymous GET requests for public pages are answered from the cache before
sessions, authentication or Wagtail routing run. Every response is stored
under a key that includes a content version; publishing, unpublishing,
moving or deleting a page, saving a translation and any moderation decision
bump the version (`content_changed()`), so a change is visible at once.
Responses that set cookies, carry messages or are not 200 are never stored.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "portal:content-version"
CACHEABLE_STATUS = {200}
HEADERS_KEPT = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Vary",
    "Link",
)


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed(**kwargs) -> None:
    """Invalidate every cached anonymous response (signal receiver or direct call)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _eligible_request(request) -> bool:
    if not getattr(settings, "PORTAL_ANONYMOUS_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    path = request.path_info
    return (
        not path.startswith(tuple(settings.PORTAL_ANONYMOUS_CACHE_EXCLUDED_PREFIXES))
        and "/accounts/" not in path
    )


def _key(request) -> str:
    return f"portal:page:{request.get_host()}:{request.get_full_path()}"


class AnonymousPageCacheMiddleware:
    """One cache round trip per request: the content version and the stored
    response are fetched together; a response stored under an older version
    is a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible_request(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _version, status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
            response["X-Portal-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
            cache.set(
                key,
                (version, response.status_code, headers, response.content),
                settings.PORTAL_ANONYMOUS_CACHE_SECONDS,
            )
            response["X-Portal-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code not in CACHEABLE_STATUS or response.streaming:
            return False
        if (
            response.cookies
            or response.has_header("Cache-Control")
            and "private" in response["Cache-Control"]
        ):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        patch_vary_headers(response, ["Cookie"])
        return True


def restricted_paths() -> list[str]:
    """Paths of pages under a view restriction (private pages), cached until
    content changes (restrictions bump the content version too)."""
    from wagtail.models import PageViewRestriction

    key = f"portal:restricted:{content_version()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, 3600)
    return paths
