""" "Waiting for you": the moderators' home on the Wagtail dashboard.

Each feature registers a provider: a function taking the signed-in user and
returning the items that wait for that person (a label, a count and a link).
One panel shows them all, with counts; features never build their own panel.

    from portal.dashboard import WaitingItem, register_waiting

    @register_waiting
    def pending_applications(user):
        if not ...: return []
        return [WaitingItem(label=_("Applications to decide"), count=n, url=...)]
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from portal.selectors import worker_status


@dataclass(frozen=True)
class WaitingItem:
    label: str
    count: int
    url: str


Provider = Callable[[object], list[WaitingItem]]
_providers: list[Provider] = []


def register_waiting(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def waiting_for(user) -> list[WaitingItem]:
    items = []
    for provider in _providers:
        items.extend(item for item in provider(user) if item.count)
    return items


@register_waiting
def pages_awaiting_moderation(user):
    count = TaskState.objects.reviewable_by(user).count()
    return [
        WaitingItem(label=_("Pages awaiting your moderation"), count=count, url=reverse("wagtailadmin_home"))
    ]


class WaitingForYouPanel(Component):
    name = "waiting_for_you"
    template_name = "portal/admin/waiting_for_you.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["items"] = waiting_for(user)
        return context


class SystemStatusPanel(Component):
    """For administrators: is the background queue alive?"""

    name = "system_status"
    template_name = "portal/admin/system_status.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["worker"] = worker_status()
        return context
