from django.core.mail import EmailMultiAlternatives

import pytest

from accounts.services import message_to_payload
from accounts.tasks import send_email
from portal.celery import app
from portal.models import WorkerHeartbeat
from portal.tasks import worker_heartbeat
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def not_eager():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def test_a_real_worker_runs_a_task_whose_effect_lands_in_the_database(celery_worker_process, not_eager):
    queue, _mail_dir = celery_worker_process

    worker_heartbeat.apply_async(queue=queue)

    heartbeat = wait_for(lambda: WorkerHeartbeat.objects.filter(hostname=f"{queue}@localhost").first())
    assert heartbeat is not None, "the worker did not record its heartbeat"


def test_a_real_worker_sends_a_queued_account_mail(celery_worker_process, not_eager):
    queue, mail_dir = celery_worker_process
    message = EmailMultiAlternatives("Bienvenue", "Texte", "portal@example.org", ["ana@example.org"])
    message.attach_alternative("<p>Texte</p>", "text/html")

    send_email.apply_async(kwargs={"payload": message_to_payload(message)}, queue=queue)

    files = wait_for(lambda: list(mail_dir.glob("*.log")) if mail_dir.exists() else [])
    assert len(files) == 1
    content = files[0].read_text()
    assert "Subject: Bienvenue" in content
    assert "To: ana@example.org" in content
    assert "text/html" in content
