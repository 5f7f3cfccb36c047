from wagtail import hooks

from accounts.roles import ADMINISTRATORS, has_role
from portal.dashboard import SystemStatusPanel, WaitingForYouPanel


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.append(WaitingForYouPanel())
    if request.user.is_superuser or has_role(request.user, ADMINISTRATORS):
        panels.append(SystemStatusPanel())
