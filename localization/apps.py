from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalizationConfig(AppConfig):
    """The translator workspace: one place that shows, for every translatable
    page and record, which languages are missing, in progress, up to date or
    out of date."""

    name = "localization"
    verbose_name = _("Translation workspace")
