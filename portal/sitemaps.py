"""sitemap.xml: every page in every language, each with its hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from wagtail.models import Locale, Page


class PagesSitemap(Sitemap):
    def __init__(self, request):
        self.request = request

    def items(self):
        return list(
            Page.objects.filter(locale=Locale.get_default(), depth__gt=1)
            .live()
            .public()
            .order_by("path")
            .specific()
        )

    def _urls(self, page, protocol, domain):
        sources = self.paginator.page(page).object_list
        translations: dict = {}
        for translated in (
            Page.objects.filter(translation_key__in=[p.translation_key for p in sources])
            .live()
            .public()
            .select_related("locale")
            .specific()
        ):
            translations.setdefault(translated.translation_key, []).append(translated)
        urls = []
        for source in sources:
            versions = sorted(translations.get(source.translation_key, [source]), key=lambda p: p.locale_id)
            alternates = [
                {"location": p.get_full_url(self.request), "lang_code": p.locale.language_code}
                for p in versions
            ]
            alternates.append({"location": source.get_full_url(self.request), "lang_code": "x-default"})
            for version in versions:
                urls.append(
                    {
                        "item": version,
                        "location": version.get_full_url(self.request),
                        "lastmod": version.last_published_at,
                        "changefreq": None,
                        "priority": None,
                        "alternates": alternates,
                    }
                )
        return urls


class ViewsSitemap(Sitemap):
    """Public pages that are views, not Wagtail pages: one URL per language."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["sponsors", "sponsor_inquiry", "contributors"]

    def location(self, item):
        return reverse(item)


def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    return django_sitemap(request, sitemaps={"pages": PagesSitemap(request), "views": ViewsSitemap()})
