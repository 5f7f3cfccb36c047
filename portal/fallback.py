"""Readers never meet a 404 because a page is not translated.

Each language is its own Wagtail locale tree. When the tree of the reader's
language lacks a page (or a whole branch), routing continues in the source
language's tree, and the page is served in English with a notice in the
reader's language (see templates/components/translation_notice.html)."""

from django.http import Http404
from django.utils import translation

from portal import locales


class TranslationFallbackMixin:
    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale_id == locales.default_id():
                raise
            source = self.get_translation_or_none(locales.default())
            if source is None:
                raise
            return source.specific.route(request, path_components)


def fallback_info(page, request) -> dict:
    """What the reader asked for and what they get: for the notice and canonical URL."""
    requested = translation.get_language()
    served = locales.code_of(page.locale_id)
    return {"requested_language": requested, "served_language": served, "is_fallback": requested != served}


class CachedRestrictionsMixin:
    """Wagtail checks view restrictions on every page view (two queries).
    While no page of the site is private, the answer is known without them."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from portal.cache import restricted_paths

        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class TranslationContextMixin(CachedRestrictionsMixin):
    """Adds `language_fallback` and `outdated_notice` for
    templates/components/translation_notice.html."""

    def get_context(self, request, *args, **kwargs):
        from localization.pages import reader_notice
        from portal.i18n import alternates_for

        context = super().get_context(request, *args, **kwargs)
        info = fallback_info(self, request)
        if info["is_fallback"]:
            info["available"] = [a for a in alternates_for(request, self) if a.exists]
            context["outdated_notice"] = None
        else:
            context["outdated_notice"] = reader_notice(self)
        context["language_fallback"] = info
        return context
