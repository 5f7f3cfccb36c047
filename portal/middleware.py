from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class PortalLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware answers a 404 outside the language prefixes by
    redirecting to the same path under /en/ when that path resolves, and the
    page catch-all resolves everything: an admin 404 would become a redirect
    to a public 404. Paths that never carry a language are left alone."""

    def process_response(self, request, response):
        if request.path_info.startswith(tuple(settings.PORTAL_UNPREFIXED_PATHS)):
            return response
        return super().process_response(request, response)
