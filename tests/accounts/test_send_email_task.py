import smtplib

from django.core.mail import EmailMultiAlternatives

import pytest
from celery.exceptions import Retry

from accounts.services import message_to_payload
from accounts.tasks import send_email


def _payload():
    message = EmailMultiAlternatives("Hola", "Texto", "portal@example.org", ["ana@example.org"])
    message.attach_alternative("<p>Texto</p>", "text/html")
    return message_to_payload(message)


def test_payload_round_trip_sends_both_parts(mailoutbox):
    send_email.apply(kwargs={"payload": _payload()})
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert (sent.subject, sent.to, sent.alternatives[0][1]) == ("Hola", ["ana@example.org"], "text/html")


class _FailingBackend:
    error: Exception

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise type(self).error


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}._FailingBackend"
    return _FailingBackend


def test_temporary_smtp_failure_is_retried(failing_backend):
    failing_backend.error = smtplib.SMTPResponseException(451, b"try later")
    with pytest.raises(Retry):
        send_email.apply(kwargs={"payload": _payload()}, throw=True)


def test_lost_connection_is_retried(failing_backend):
    failing_backend.error = smtplib.SMTPServerDisconnected("gone")
    with pytest.raises(Retry):
        send_email.apply(kwargs={"payload": _payload()}, throw=True)


def test_permanent_refusal_is_logged_not_retried(failing_backend, caplog):
    failing_backend.error = smtplib.SMTPResponseException(550, b"no such user")
    result = send_email.apply(kwargs={"payload": _payload()}, throw=True)
    assert result.successful()
    assert "refused permanently" in caplog.text
