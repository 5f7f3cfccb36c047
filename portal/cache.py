"""Whole-response cache for anonymous readers, invalidated on every content change.

Anonymous GET requests for public pages are answered from the cache before
sessions, authentication or Wagtail routing run. Every response is stored
under a key that includes a content version; publishing, unpublishing,
moving or deleting a page, saving a translation and any moderation decision
bump the version (`content_changed()`), so a change is visible at once.
Responses that set cookies, carry messages or are not 200 are never stored.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
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


def content_version() -> str:
    """A random token, replaced on every content change. (A counter that
    restarted at 1 after an eviction could revive old entries; a token cannot.)"""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY) or secrets.token_hex(8)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def content_changed(**kwargs) -> None:
    """Invalidate every cached response and route (signal receiver or direct call).

    The version changes at once and again when the transaction commits: a
    request served between the two may have read the old rows and stored them
    under the intermediate version, which the second change retires."""
    _new_version()
    transaction.on_commit(_new_version)


# Query parameters that select content; any other parameter is not cached, so
# made-up query strings cannot fill the cache.
CACHEABLE_PARAMETERS = {"page", "q", "limit"}
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def _eligible_request(request) -> bool:
    if not getattr(settings, "PORTAL_ANONYMOUS_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        # A visitor with a session, or with a message waiting (e.g. "You have signed out").
        return False
    if not set(request.GET) <= CACHEABLE_PARAMETERS or any(
        len(values) > 1 for _name, values in request.GET.lists()
    ):
        return False
    path = request.path_info
    return (
        not path.startswith(tuple(settings.PORTAL_ANONYMOUS_CACHE_EXCLUDED_PREFIXES))
        and "/accounts/" not in path
    )


def _key(request) -> str:
    query = "&".join(f"{k}={request.GET[k]}" for k in sorted(request.GET))
    return f"portal:page:{request.get_host()}:{request.path}?{query}"


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
