import datetime

from django.utils import timezone

import pytest

from sponsors import services
from sponsors.tasks import send_renewal_notices
from tests.factories import AdministratorFactory, PublicSponsorFactory, SponsorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def _run(capture, **kwargs):
    with capture(execute=True):
        return services.renewal_notices_send(**kwargs)


def test_renewal_mail_reaches_the_contact_in_their_language_and_each_admin_in_theirs(
    settings, today, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS = 30
    AdministratorFactory(email="ana@example.org", preferred_language="es")
    AdministratorFactory(email="otto@example.org", preferred_language="de")
    PublicSponsorFactory(
        name="Northwind",
        contact_email="pat@northwind.example",
        contact_language="fr",
        end_date=today + datetime.timedelta(days=30),
    )

    sent = _run(django_capture_on_commit_callbacks, today=today)

    assert sent == 1
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects == {
        "pat@northwind.example": "Votre parrainage (Northwind) se termine bientôt",
        "ana@example.org": f"El patrocinio de Northwind termina el {(today + datetime.timedelta(days=30)):%d/%m/%Y}",
        "otto@example.org": f"Sponsoring von Northwind endet am {(today + datetime.timedelta(days=30)):%d.%m.%Y}",
    }
    contact = next(m for m in mailoutbox if m.to == ["pat@northwind.example"])
    assert "30" in contact.body
    assert "/fr/sponsors/" in contact.body


def test_each_end_date_gets_one_notice_however_often_the_task_runs(
    settings, today, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS = 30
    sponsor = PublicSponsorFactory(end_date=today + datetime.timedelta(days=10))

    assert _run(django_capture_on_commit_callbacks, today=today) == 1
    assert _run(django_capture_on_commit_callbacks, today=today) == 0
    with django_capture_on_commit_callbacks(execute=True):
        send_renewal_notices.delay()
    assert len(mailoutbox) == 1

    # Renewed: a new end date arms a new notice for when it comes near.
    sponsor.end_date = today + datetime.timedelta(days=375)
    services.sponsor_save(sponsor=sponsor, user=None)
    assert _run(django_capture_on_commit_callbacks, today=today) == 0
    later = today + datetime.timedelta(days=350)
    assert _run(django_capture_on_commit_callbacks, today=later) == 1
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("days_left", "public", "expected"),
    [(31, True, 0), (30, True, 1), (0, True, 1), (-1, True, 0), (10, False, 0)],
)
def test_notice_window(settings, today, days_left, public, expected, django_capture_on_commit_callbacks):
    settings.PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS = 30
    factory = PublicSponsorFactory if public else SponsorFactory
    factory(
        start_date=today - datetime.timedelta(days=400), end_date=today + datetime.timedelta(days=days_left)
    )

    assert _run(django_capture_on_commit_callbacks, today=today) == expected


def test_a_sponsor_without_contact_address_still_alerts_the_admins(
    settings, today, mailoutbox, django_capture_on_commit_callbacks
):
    AdministratorFactory(email="ana@example.org")
    PublicSponsorFactory(contact_email="", end_date=today + datetime.timedelta(days=5))

    _run(django_capture_on_commit_callbacks, today=today)

    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert "It has no contact address" in mailoutbox[0].body
