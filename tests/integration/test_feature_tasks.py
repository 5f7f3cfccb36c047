"""The features' beat tasks on a real worker: the task runs the service in the
worker, which queues the mails after its transaction commits, and the same
worker sends them."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from accounts.roles import ADMINISTRATORS
from sponsors.tasks import send_renewal_notices
from tests.factories import AdministratorFactory, ApplicationFactory, PublicSponsorFactory, TeamLeadFactory
from tests.integration.conftest import wait_for
from tests.integration.test_celery_worker import not_eager  # noqa: F401  (fixture)
from volunteers.models import Application
from volunteers.tasks import send_lead_reminders

pytestmark = pytest.mark.integration


def _mails(mail_dir, count):
    return wait_for(lambda: files if len(files := sorted(mail_dir.glob("*.log"))) >= count else None)


def test_renewal_notices_are_sent_by_a_real_worker(celery_worker_process, not_eager):  # noqa: F811
    queue, mail_dir = celery_worker_process
    Group.objects.get_or_create(name=ADMINISTRATORS)
    AdministratorFactory(email="ana@example.org", preferred_language="es")
    PublicSponsorFactory(
        name="Northwind",
        contact_email="pat@northwind.example",
        end_date=timezone.localdate() + datetime.timedelta(days=5),
    )

    send_renewal_notices.apply_async(queue=queue)

    files = _mails(mail_dir, 2)
    assert files, "no mail arrived"
    text = "".join(f.read_text() for f in files)
    assert "To: pat@northwind.example" in text
    assert "To: ana@example.org" in text


def test_lead_reminders_are_sent_by_a_real_worker(celery_worker_process, not_eager):  # noqa: F811
    queue, mail_dir = celery_worker_process
    Group.objects.get_or_create(name="Team leads")
    application = ApplicationFactory()
    application.team.leads.add(TeamLeadFactory(email="lead@example.org"))
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    send_lead_reminders.apply_async(queue=queue)

    files = _mails(mail_dir, 1)
    assert files, "no mail arrived"
    assert "To: lead@example.org" in files[0].read_text()
