from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from announcements import admin_urls
from portal.admin_menu import PermissionMenuItem


@hooks.register("register_admin_urls")
def register_announcement_urls():
    return [path("announcements/", include(admin_urls, namespace="announcements_admin"))]


@hooks.register("register_admin_menu_item")
def announcements_menu_item():
    return PermissionMenuItem(
        _("Announcements list"),
        reverse("announcements_admin:campaigns"),
        icon_name="mail",
        order=350,
        permission="announcements.send_campaign",
    )


@hooks.register("register_page_header_buttons")
def send_to_list_button(page, user, view_name=None, next_url=None):
    """ "Send to the list" on a published news update's header in the page editor."""
    from news.models import NewsPage

    if user.has_perm("announcements.send_campaign") and page.live and page.specific_class is NewsPage:
        yield Button(
            _("Send to the list"),
            reverse("announcements_admin:campaigns") + f"?page={page.pk}#new-title",
            icon_name="mail",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_announcement_actions(actions):
    actions.register_action("announcements.campaign.created", _("Create"), _("Campaign created"))
    actions.register_action("announcements.campaign.scheduled", _("Schedule"), _("Campaign scheduled"))
    actions.register_action("announcements.campaign.draft", _("Unschedule"), _("Campaign unscheduled"))
    actions.register_action("announcements.campaign.sending", _("Send now"), _("Campaign sending"))
    actions.register_action("announcements.campaign.paused", _("Pause"), _("Campaign paused"))
    actions.register_action("announcements.campaign.sent", _("Sent"), _("Campaign sent"))
    actions.register_action(
        "announcements.campaign.cancelled", _("Cancel the campaign"), _("Campaign cancelled")
    )
