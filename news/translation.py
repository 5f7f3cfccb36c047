from modeltranslation.translator import TranslationOptions, register

from news.models import Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
