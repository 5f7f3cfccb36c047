from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.roles import translator_languages
from localization import urls
from portal.dashboard import WaitingItem, register_waiting


@hooks.register("register_admin_urls")
def register_workspace_urls():
    return [path("translations/", include(urls, namespace="localization"))]


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(translator_languages(request.user))


@hooks.register("register_admin_menu_item")
def register_workspace_menu_item():
    return WorkspaceMenuItem(
        _("Translations"), reverse("localization:workspace"), icon_name="globe", order=150
    )


@hooks.register("register_log_actions")
def register_translation_actions(actions):
    actions.register_action("localization.translate", _("Translate"), _("Translated"))
    actions.register_action("localization.start", _("Start translation"), _("Started a translation"))
    actions.register_action(
        "localization.sync", _("Update translation source"), _("Updated a translation from English")
    )


@register_waiting
def translations_out_of_date(user):
    from localization.selectors import out_of_date_count

    if not translator_languages(user):
        return []
    return [
        WaitingItem(
            label=_("Translations out of date in your languages"),
            count=out_of_date_count(user),
            url=reverse("localization:workspace") + "?status=out_of_date",
        )
    ]
