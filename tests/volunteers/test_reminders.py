import datetime

from django.utils import timezone

import pytest

from tests.factories import ApplicationFactory, TeamFactory, TeamLeadFactory
from volunteers import services
from volunteers.models import Application
from volunteers.tasks import send_lead_reminders

pytestmark = pytest.mark.django_db


def _age(application, days):
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_leads_are_reminded_once_a_day_of_old_pending_applications(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_VOLUNTEER_REMINDER_DAYS = 7
    lead = TeamLeadFactory(email="lead@example.org", preferred_language="fr")
    team = TeamFactory(name_en="Web", leads=[lead])
    quiet = TeamFactory(leads=[TeamLeadFactory(email="quiet@example.org")])
    _age(ApplicationFactory(team=team), 8)
    _age(ApplicationFactory(team=team), 9)
    _age(ApplicationFactory(team=quiet), 3)  # not old enough
    _age(ApplicationFactory(team=quiet, state="approved"), 30)  # decided

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lead_reminders_send(today=today) == 1
        assert services.lead_reminders_send(today=today) == 0
        send_lead_reminders.delay()

    assert [m.to for m in mailoutbox] == [["lead@example.org"]]
    assert mailoutbox[0].subject == "2 candidatures à Web attendent"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lead_reminders_send(today=today + datetime.timedelta(days=1)) == 1
