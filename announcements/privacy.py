"""A member's subscription in their data export; deleting the account
removes the subscription (by account or by address) and its deliveries."""


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return found | ({user.email.strip().lower()} if user.email else set())


def erase(user) -> None:
    """Every subscription of the account or of one of its addresses, with its deliveries."""
    from django.db.models import Q

    from announcements.models import Subscriber

    Subscriber.objects.filter(Q(user=user) | Q(email__in=_addresses(user))).delete()


def export(user) -> dict:
    from announcements.services import member_subscription

    subscriber = member_subscription(user)
    if subscriber is None:
        return {"announcements_list": None}
    return {
        "announcements_list": {
            "email": subscriber.email,
            "language": subscriber.language,
            "status": subscriber.state,
            "subscribed": subscriber.created_at.isoformat(),
            "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "issues_sent": subscriber.deliveries.filter(state="sent").count(),
        }
    }
