from django import template

from portal.i18n import alternates_for
from portal.navigation import main_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    request = context.get("request")
    if request is None:
        return []
    return alternates_for(request, context.get("page"))


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    return main_nav(request.path if request else "")


@register.simple_tag
def month_label(year, month):
    """ "March 2026" in the active language."""
    import datetime

    from django.utils.formats import date_format

    return date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")


@register.simple_tag
def language_name(code):
    """A language's name as the portal lists it (in that language, capitalised)."""
    from django.conf import settings

    return dict(settings.LANGUAGES).get(code, code)
