from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from portal.admin_menu import PermissionMenuItem
from portal.dashboard import WaitingItem, register_waiting
from sponsors import admin_urls


@hooks.register("register_admin_urls")
def register_sponsor_urls():
    return [path("sponsors/", include(admin_urls, namespace="sponsors_admin"))]


sponsors_menu = Menu(
    register_hook_name="register_sponsors_menu_item",
    construct_hook_name="construct_sponsors_menu",
)


@hooks.register("register_sponsors_menu_item")
def sponsors_item():
    return PermissionMenuItem(
        _("Sponsors"),
        reverse("sponsors_admin:sponsors"),
        icon_name="pick",
        order=100,
        permission="sponsors.view_sponsor",
    )


@hooks.register("register_sponsors_menu_item")
def inquiries_item():
    return PermissionMenuItem(
        _("Sponsorship inquiries"),
        reverse("sponsors_admin:inquiries"),
        icon_name="mail",
        order=200,
        permission="sponsors.view_sponsorshipinquiry",
    )


@hooks.register("register_sponsors_menu_item")
def levels_item():
    return PermissionMenuItem(
        _("Sponsor levels"),
        reverse("sponsors_admin:levels"),
        icon_name="list-ol",
        order=300,
        permission="sponsors.view_sponsorlevel",
    )


@hooks.register("register_admin_menu_item")
def register_sponsors_menu():
    return SubmenuMenuItem(_("Sponsors"), sponsors_menu, icon_name="pick", order=300)


@hooks.register("register_log_actions")
def register_sponsor_actions(actions):
    actions.register_action("sponsors.publish", _("Show on public pages"), _("Shown on public pages"))
    actions.register_action("sponsors.unpublish", _("Hide from public pages"), _("Hidden from public pages"))
    actions.register_action("sponsors.renewal_notice", _("Renewal notice"), _("Renewal notice sent"))
    actions.register_action("sponsors.inquiry.contacted", _("Mark contacted"), _("Inquiry marked contacted"))
    actions.register_action("sponsors.inquiry.agreed", _("Mark agreed"), _("Inquiry marked agreed"))
    actions.register_action("sponsors.inquiry.declined", _("Decline"), _("Inquiry declined"))


@register_waiting
def sponsors_waiting(user):
    from sponsors.models import InquiryState, Sponsor, SponsorshipInquiry

    items = []
    if user.has_perm("sponsors.view_sponsorshipinquiry"):
        items.append(
            WaitingItem(
                label=_("New sponsorship inquiries"),
                count=SponsorshipInquiry.objects.filter(state=InquiryState.NEW).count(),
                url=reverse("sponsors_admin:inquiries") + "?state=new",
            )
        )
    if user.has_perm("sponsors.publish_sponsor"):
        items.append(
            WaitingItem(
                label=_("Sponsors awaiting review"),
                count=Sponsor.objects.filter(is_public=False).count(),
                url=reverse("sponsors_admin:sponsors") + "?status=review",
            )
        )
    return items
