from modeltranslation.translator import TranslationOptions, register

from sigs.models import Sig


@register(Sig)
class SigTranslationOptions(TranslationOptions):
    fields = ("summary", "mission")
