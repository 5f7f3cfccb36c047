import logging
import smtplib

from celery import shared_task

from accounts import services

logger = logging.getLogger(__name__)

# Worth another try later: the server or the network was unavailable.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


@shared_task(name="accounts.send_email", bind=True, max_retries=8)
def send_email(self, *, payload):
    """Send one already-rendered account mail (verification, password reset...).

    Transient failures (connection, timeout, 4xx) are retried with backoff;
    a permanent refusal (5xx) is logged and not retried."""
    try:
        services.payload_to_message(payload).send()
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        logger.error("Mail to %s refused permanently: %s %s", payload["to"], exc.smtp_code, exc.smtp_error)
    except smtplib.SMTPRecipientsRefused as exc:
        logger.error("Mail to %s refused permanently: %s", payload["to"], exc.recipients)
    except TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 15 * 60)
