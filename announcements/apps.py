from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements list")

    def ready(self):
        from announcements import privacy
        from volunteers import services as volunteer_services

        volunteer_services.on_account_delete(privacy.erase)
        volunteer_services.on_data_export(privacy.export)
