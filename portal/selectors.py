from datetime import timedelta

from django.utils import timezone

from portal.models import WorkerHeartbeat

# Beat sends a heartbeat every minute; three missed ones mean trouble.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


def worker_status() -> dict:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if latest is None:
        return {"state": "unknown", "last_seen": None}
    fresh = timezone.now() - latest <= HEARTBEAT_STALE_AFTER
    return {"state": "ok" if fresh else "stale", "last_seen": latest}
