"""Page serving with a route cache.

Wagtail finds the page for a URL by walking the tree, two queries a level,
on every request. The result changes only when pages are published,
unpublished, moved or deleted, which bump the content version
(portal/cache.py). So the route (which page, and what is left of the path
for a routable page) is cached under that version, for found and not-found
paths alike, and a page view costs one query to load the page instead of a
walk. Everything else is Wagtail's own `serve` view, hooks included.
"""

from django.apps import apps
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve_chain

from portal.cache import content_version

NOT_FOUND = "-"
ROUTE_SECONDS = 3600
# Unknown paths are remembered briefly only: they are cheap to make up.
NOT_FOUND_SECONDS = 30


def _key(request, path: str) -> str:
    return f"portal:route:{content_version()}:{get_language()}:{request.get_host()}:{path}"


def _route(request, path: str):
    key = _key(request, path)
    cached = cache.get(key)
    if cached == NOT_FOUND:
        raise Http404
    if cached is not None:
        model_label, page_id, remaining = cached
        try:
            model = apps.get_model(model_label)
        except LookupError:  # a page model renamed by a deploy
            model = None
        page = model.objects.filter(pk=page_id).first() if model else None
        if page is not None:
            return page.route(request, remaining)
    result = Page.route_for_request(request, path)
    if result is None:
        cache.set(key, NOT_FOUND, NOT_FOUND_SECONDS)
        raise Http404
    page = result[0]
    site = Site.find_for_request(request)
    components = [c for c in path.split("/") if c]
    root_depth = site.root_page.depth if site else 2
    remaining = components[page.depth - root_depth :]
    cache.set(key, (page._meta.label_lower, page.pk, remaining), ROUTE_SECONDS)
    return result


def serve(request, path):
    page, args, kwargs = _route(request, path)

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    return on_serve_chain(page, request, args, kwargs)
