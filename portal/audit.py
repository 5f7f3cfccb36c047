"""One audit trail for every moderation decision in the portal.

Decisions are written to Wagtail's log (the same place as page publishing and
workflow approvals), so Reports > Site history shows them all, filterable by
person, action and date. A feature registers its actions in its
wagtail_hooks.py (`register_log_actions`) and records each decision inside
the service that makes it:

    audit.record(instance=application, action="volunteers.application.approve",
                 user=lead, data={"note": note})
"""

from wagtail.log_actions import log


def record(*, instance, action: str, user, data: dict | None = None, title: str | None = None):
    return log(instance=instance, action=action, user=user, data=data or {}, title=title)
