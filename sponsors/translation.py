from modeltranslation.translator import TranslationOptions, register

from sponsors.models import Sponsor, SponsorLevel


@register(SponsorLevel)
class SponsorLevelTranslationOptions(TranslationOptions):
    fields = ("name", "benefits")


@register(Sponsor)
class SponsorTranslationOptions(TranslationOptions):
    fields = ("acknowledgement",)
