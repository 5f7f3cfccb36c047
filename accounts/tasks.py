from celery import shared_task

from accounts import services


@shared_task(
    name="accounts.send_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    max_retries=8,
)
def send_email(*, payload):
    """Send one already-rendered account mail (verification, password reset...)."""
    services.payload_to_message(payload).send()
