from celery import shared_task

from sponsors import services


@shared_task(name="sponsors.send_renewal_notices")
def send_renewal_notices():
    """Beat task (hourly): renewal mails for sponsorships ending soon; each is sent once."""
    return services.renewal_notices_send()
