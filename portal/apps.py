from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_delete

        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from portal.cache import content_changed

        # Publishing happens inside Wagtail (editor, workflow, scheduler,
        # wagtail-localize): its signals are the one place to see it all.
        page_published.connect(content_changed, dispatch_uid="portal-cache-published")
        page_unpublished.connect(content_changed, dispatch_uid="portal-cache-unpublished")
        post_page_move.connect(content_changed, dispatch_uid="portal-cache-moved")
        post_delete.connect(self._page_deleted, dispatch_uid="portal-cache-deleted")

        from django.db.models.signals import post_save

        from wagtail.models import Locale

        from portal import locales

        post_save.connect(locales.clear, sender=Locale, dispatch_uid="portal-locales-saved")

        from wagtail.models import PageViewRestriction

        post_save.connect(
            content_changed, sender=PageViewRestriction, dispatch_uid="portal-cache-restriction-saved"
        )
        post_delete.connect(
            content_changed, sender=PageViewRestriction, dispatch_uid="portal-cache-restriction-deleted"
        )
        post_delete.connect(locales.clear, sender=Locale, dispatch_uid="portal-locales-deleted")
        self._page_model = Page

    def _page_saved(self, sender, instance, **kwargs):
        from portal.cache import content_changed

        if isinstance(instance, self._page_model) and instance.alias_of_id and instance.live:
            content_changed()

    def _page_deleted(self, sender, instance, **kwargs):
        from portal.cache import content_changed

        if isinstance(instance, self._page_model):
            content_changed()
