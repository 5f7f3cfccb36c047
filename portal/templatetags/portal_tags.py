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
