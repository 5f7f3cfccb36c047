from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from accounts.roles import ADMINISTRATORS, has_role
from portal.dashboard import SystemStatusPanel, WaitingForYouPanel


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.append(WaitingForYouPanel())
    if request.user.is_superuser or has_role(request.user, ADMINISTRATORS):
        panels.append(SystemStatusPanel())


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    """Styles for the portal's own admin pages (sponsors, translations workspace)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/portal-admin.css"))
