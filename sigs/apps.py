from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigsConfig(AppConfig):
    name = "sigs"
    verbose_name = _("SIGs")
