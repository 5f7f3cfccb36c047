from modeltranslation.translator import TranslationOptions, register

from volunteers.models import Team


@register(Team)
class TeamTranslationOptions(TranslationOptions):
    fields = ("name", "description", "how_to_join")
