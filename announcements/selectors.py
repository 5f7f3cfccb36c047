"""Reads for the announcements list: the web archive, a campaign's progress,
the subscriber counts."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from announcements.models import Campaign, Delivery, Edition, Subscriber

D = Delivery.State
RATE_WINDOW = datetime.timedelta(seconds=30)


def archive(language: str):
    """Sent campaigns, newest first, with the edition in `language` (title and
    web address as sent): two queries a page however many campaigns."""
    return (
        Edition.objects.filter(language=language, campaign__state=Campaign.State.SENT)
        .select_related("campaign")
        .order_by("-campaign__finished_at", "-campaign_id")
    )


def progress(campaign: Campaign) -> dict:
    """Queued, sent, failed, remaining, the rate over the last 30 seconds and
    the time left at that rate, in one query."""
    now = timezone.now()
    counts = Delivery.objects.filter(campaign=campaign).aggregate(
        total=Count("id"),
        queued=Count("id", filter=Q(state=D.QUEUED)),
        claimed=Count("id", filter=Q(state=D.CLAIMED)),
        sent=Count("id", filter=Q(state=D.SENT)),
        failed=Count("id", filter=Q(state=D.FAILED)),
        cancelled=Count("id", filter=Q(state=D.CANCELLED)),
        recent=Count("id", filter=Q(state=D.SENT, sent_at__gte=now - RATE_WINDOW)),
        retrying=Count("id", filter=Q(state=D.QUEUED, attempts__gt=0)),
    )
    remaining = counts["queued"] + counts["claimed"]
    rate = counts["recent"] / RATE_WINDOW.total_seconds()
    if campaign.state != Campaign.State.SENDING:
        rate = 0.0
    done = counts["sent"] + counts["failed"] + counts["cancelled"]
    return {
        **counts,
        "state": campaign.state,
        "state_label": str(campaign.get_state_display()),
        "remaining": remaining,
        "rate": round(rate, 1),
        "eta_seconds": round(remaining / rate) if rate else None,
        "percent": round(100 * done / counts["total"], 1) if counts["total"] else 0.0,
    }


def subscriber_counts() -> dict:
    """{state: count} and {language: confirmed count}."""
    by_state = dict(Subscriber.objects.values_list("state").annotate(n=Count("id")))
    by_language = dict(
        Subscriber.objects.filter(state=Subscriber.State.CONFIRMED)
        .values_list("language")
        .annotate(n=Count("id"))
    )
    return {"by_state": by_state, "by_language": by_language}
