from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from portal.admin_menu import PermissionMenuItem
from portal.dashboard import WaitingItem, register_waiting
from volunteers import admin_urls


@hooks.register("register_admin_urls")
def register_volunteer_urls():
    return [path("volunteers/", include(admin_urls, namespace="volunteers_admin"))]


volunteers_menu = Menu(
    register_hook_name="register_volunteers_menu_item", construct_hook_name="construct_volunteers_menu"
)


@hooks.register("register_volunteers_menu_item")
def applications_item():
    return PermissionMenuItem(
        _("Applications"), reverse("volunteers_admin:applications"), icon_name="user",
        order=100, permission="volunteers.view_application",
    )  # fmt: skip


@hooks.register("register_volunteers_menu_item")
def dashboard_item():
    return PermissionMenuItem(
        _("Interest dashboard"), reverse("volunteers_admin:dashboard"), icon_name="table",
        order=200, permission="volunteers.view_application",
    )  # fmt: skip


@hooks.register("register_volunteers_menu_item")
def teams_item():
    return PermissionMenuItem(
        _("Teams"),
        reverse("volunteers_admin:teams"),
        icon_name="group",
        order=300,
        permission="volunteers.view_team",
    )


@hooks.register("register_admin_menu_item")
def register_volunteers_menu():
    return SubmenuMenuItem(_("Volunteers"), volunteers_menu, icon_name="group", order=250)


@hooks.register("register_log_actions")
def register_volunteer_actions(actions):
    actions.register_action("volunteers.application.pending", _("Send an application"), _("Application sent"))
    actions.register_action("volunteers.application.approved", _("Approve"), _("Application approved"))
    actions.register_action("volunteers.application.declined", _("Decline"), _("Application declined"))
    actions.register_action("volunteers.application.waitlisted", _("Waitlist"), _("Application waitlisted"))
    actions.register_action("volunteers.application.withdrawn", _("Withdraw"), _("Application withdrawn"))
    actions.register_action(
        "volunteers.application.translator_groups",
        _("Add to translator groups"),
        _("Added to translator groups"),
    )
    actions.register_action("volunteers.export", _("Export volunteers"), _("Exported volunteers as CSV"))
    actions.register_action(
        "volunteers.account_deleted", _("Delete account"), _("Account deleted by its owner")
    )


@register_waiting
def applications_waiting(user):
    from volunteers.models import Application, ApplicationState

    if not user.has_perm("volunteers.change_application"):
        return []
    return [
        WaitingItem(
            label=_("Volunteer applications pending"),
            count=Application.objects.filter(state=ApplicationState.PENDING).count(),
            url=reverse("volunteers_admin:applications") + "?state=pending",
        )
    ]
