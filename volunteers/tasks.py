from celery import shared_task

from volunteers import services


@shared_task(name="volunteers.send_lead_reminders")
def send_lead_reminders():
    """Beat task (hourly): remind leads of applications waiting too long; once per team and day."""
    return services.lead_reminders_send()
