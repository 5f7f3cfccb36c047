from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigsConfig(AppConfig):
    name = "sigs"
    verbose_name = _("SIGs")

    def ready(self):
        from sigs import privacy
        from volunteers import services as volunteer_services

        volunteer_services.on_account_delete(privacy.erase)
        volunteer_services.on_data_export(privacy.export)
