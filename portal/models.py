from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.fallback import TranslationContextMixin, TranslationFallbackMixin


class HomePage(TranslationFallbackMixin, TranslationContextMixin, Page):
    """The portal's front page. Each feature adds its section to the template
    (latest news, volunteering, SIGs, sponsors, the list) as it lands."""

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), max_length=600, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from news import selectors as news_selectors
        from sponsors import selectors as sponsor_selectors

        context = super().get_context(request, *args, **kwargs)
        index = news_selectors.news_index_for_language(self.locale.language_code)
        context["news_index"] = index
        context["latest_news"] = news_selectors.latest_news(index, limit=3) if index else []
        context["sponsor_strip"] = sponsor_selectors.home_strip()
        return context


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task (a beat job).

    Lets /healthz and the admin dashboard tell a live queue from a dead one."""

    hostname = models.CharField(_("worker"), max_length=255, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
