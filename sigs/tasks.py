from celery import shared_task

from sigs import services


@shared_task(name="sigs.send_reminders")
def send_reminders():
    """Beat task (hourly): remind reviewers and proposers; once per proposal and day."""
    return services.reminders_send()
