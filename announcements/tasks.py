"""Thin Celery tasks: the work is in announcements.sending and .services.

Every task here is safe to run twice: batches claim rows before sending,
and each row is the truth about one recipient."""

from celery import shared_task


@shared_task(name="announcements.send_batch", acks_late=True, reject_on_worker_lost=True)
def send_batch(campaign_id: int, generation: int | None = None) -> dict:
    from announcements import sending

    return sending.send_batch(campaign_id, generation)


@shared_task(name="announcements.start_due_campaigns")
def start_due_campaigns() -> int:
    from announcements import services

    return services.start_due_campaigns()


@shared_task(name="announcements.requeue_stuck")
def requeue_stuck() -> int:
    from announcements import services

    return services.requeue_stuck()
