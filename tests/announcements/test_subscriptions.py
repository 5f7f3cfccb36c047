"""Subscribing with double opt-in, confirming, the preferences page, one-click
unsubscribe, a member's own subscription, and the member's data."""

import datetime
import re
import time
from unittest import mock

from django.test import Client
from django.utils import timezone

import pytest

from announcements import privacy, services, tokens
from announcements.models import Subscriber
from tests.factories import MemberFactory
from tests.factories.announcements import SubscriberFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/confirm/\S+/")


def _subscribe(client, email="new@example.org", language="es", **extra):
    return client.post("/en/announcements/subscribe/", {"email": email, "language": language, **extra})


def test_double_opt_in_in_the_chosen_language(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, email="New@Example.org")
    assert response.status_code == 302 and response["Location"] == "/en/announcements/subscribe/thanks/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.state) == ("new@example.org", "es", "pending")
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert mailoutbox[0].subject.startswith("Confirma")
    link = LINK.search(mailoutbox[0].body).group(0)
    assert "/es/announcements/confirm/" in link

    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "pending"  # a GET (a link scanner) confirms nothing
    confirmed = client.post(f"/{path}")
    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "confirmed" and subscriber.confirmed_at
    again = client.post(f"/{path}").content.decode()
    assert "Ya confirmada" in again or "confirm" in again.lower()


def test_confirming_twice_expired_and_tampered_links_get_clear_pages(client):
    subscriber = SubscriberFactory(state="pending")
    token = tokens.confirm_token(subscriber)
    client.post(f"/en/announcements/confirm/{token}/")
    assert "Already confirmed" in client.get(f"/en/announcements/confirm/{token}/").content.decode()

    with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * 86400):
        old = tokens.confirm_token(SubscriberFactory(state="pending"))
    expired = client.get(f"/en/announcements/confirm/{old}/")
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()

    tampered = client.get(f"/en/announcements/confirm/{token[:-2]}xx/")
    assert tampered.status_code == 404 and "This link does not work" in tampered.content.decode()
    # A manage token is not a confirmation token.
    wrong_kind = client.get(f"/en/announcements/confirm/{tokens.manage_token(subscriber)}/")
    assert wrong_kind.status_code == 404


def test_the_answer_never_reveals_a_subscribed_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        known = _subscribe(client, email="known@example.org")
        unknown = _subscribe(client, email="unknown@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert Subscriber.objects.get(email="known@example.org").state == "confirmed"
    # The subscriber hears, in their own language, that nothing changed.
    note = next(m for m in mailoutbox if m.to == ["known@example.org"])
    assert "/fr/announcements/manage/" in note.body


def test_bad_input_bots_and_floods(client, settings):
    response = _subscribe(client, email="not an address")
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()
    response = _subscribe(client, language="xx")
    assert response.status_code == 400
    assert _subscribe(client, homepage="http://spam.example").status_code == 302
    assert not Subscriber.objects.exists()

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "list_subscribe": "2/h"}
    assert _subscribe(client, email="a@example.org").status_code == 302
    assert _subscribe(client, email="b@example.org").status_code == 302
    flood = _subscribe(client, email="c@example.org")
    assert flood.status_code == 429 and "Too many requests" in flood.content.decode()
    assert not Subscriber.objects.filter(email="c@example.org").exists()


def test_one_click_unsubscribe_needs_no_cookie_or_csrf_and_get_never_unsubscribes():
    subscriber = SubscriberFactory()
    url = f"/en/announcements/unsubscribe/{tokens.manage_token(subscriber)}/"
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "confirmed"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed"
    assert (
        client.post(f"/en/announcements/unsubscribe/{tokens.manage_token(subscriber)}x/").status_code == 404
    )


def test_preferences_without_signing_in(client):
    subscriber = SubscriberFactory(language="en")
    url = f"/en/announcements/manage/{tokens.manage_token(subscriber)}/"
    assert subscriber.email in client.get(url).content.decode()
    client.post(url, {"action": "language", "language": "de"})
    subscriber.refresh_from_db()
    assert subscriber.language == "de"
    assert client.post(url, {"action": "language", "language": "xx"}).status_code == 400
    client.post(url, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed"
    client.post(url, {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.state == "confirmed"
    # A new key voids every earlier link.
    subscriber.key = "rotated"
    subscriber.save()
    assert client.get(url).status_code == 404


def test_a_member_subscribes_from_their_account(client):
    member = MemberFactory(email="Member@Example.org")
    client.force_login(member)
    assert "Not subscribed" in client.get("/en/announcements/me/").content.decode()
    client.post("/en/announcements/me/", {"action": "subscribe", "language": "it"})
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.state, subscriber.user) == (
        "member@example.org",
        "it",
        "confirmed",
        member,
    )
    client.post("/en/announcements/me/", {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed"
    assert client.post("/en/announcements/me/", {"action": "subscribe", "language": "xx"}).status_code == 400


def test_the_participation_form_box_subscribes_the_member():
    from volunteers.services import volunteer_register

    member = MemberFactory()
    data = {
        "display_name": "Ana",
        "country": "UY",
        "timezone": "UTC",
        "hours_per_week": 2,
        "heard_from": "forum",
        "languages": ["es"],
        "wants_announcements": True,
    }
    volunteer_register(user=member, data=data)
    assert Subscriber.objects.get(user=member).state == "confirmed"


def test_export_and_erase():
    member = MemberFactory(email="me@example.org")
    services.member_subscribe(user=member, language="fr")
    assert privacy.export(member)["announcements_list"]["language"] == "fr"
    privacy.erase(member)
    assert not Subscriber.objects.exists()
    assert privacy.export(member) == {"announcements_list": None}


def test_mail_to_the_unsubscribe_address_unsubscribes(monkeypatch, capsys):
    import io
    import sys

    from django.core.management import call_command

    subscriber = SubscriberFactory()
    token = tokens.manage_token(subscriber)
    raw = f"From: {subscriber.email}\r\nTo: unsubscribe@example.org\r\nSubject: unsubscribe {token}\r\n\r\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("unsubscribe_by_mail")
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed"

    other = SubscriberFactory()
    bad = b"Subject: unsubscribe 1.forged:abc\r\n\r\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    call_command("unsubscribe_by_mail")
    other.refresh_from_db()
    assert other.state == "confirmed"
    assert "not valid" in capsys.readouterr().err


def test_one_confirmation_mail_an_hour_per_address(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert _subscribe(client, email="target@example.org").status_code == 302
    assert len(mailoutbox) == 1
    Subscriber.objects.update(notified_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, email="target@example.org")
    assert len(mailoutbox) == 2


def test_a_member_who_changed_address_keeps_one_subscription():
    member = MemberFactory(email="old@example.org")
    services.member_subscribe(user=member, language="en")
    SubscriberFactory(email="new@example.org")  # the new address was on the list already
    member.email = "new@example.org"
    member.save()
    services.member_subscribe(user=member, language="de")
    subscriber = Subscriber.objects.get(user=member)
    assert (subscriber.email, subscriber.language) == ("new@example.org", "de")
    assert not Subscriber.objects.filter(email="old@example.org").exists()
    other = MemberFactory(email="solo@example.org")
    services.member_subscribe(user=other)
    other.email = "moved@example.org"
    other.save()
    services.member_subscribe(user=other)
    assert list(Subscriber.objects.filter(user=other).values_list("email", flat=True)) == [
        "moved@example.org"
    ]


def test_the_participation_form_does_not_resubscribe_someone_who_left():
    from volunteers.services import volunteer_register

    member = MemberFactory()
    data = {
        "display_name": "Ana",
        "country": "UY",
        "timezone": "UTC",
        "hours_per_week": 2,
        "heard_from": "forum",
        "languages": ["es"],
        "wants_announcements": True,
    }
    volunteer_register(user=member, data=data)
    services.unsubscribe(subscriber=Subscriber.objects.get(user=member))
    volunteer_register(user=member, data=data)  # saved again, box still ticked
    assert Subscriber.objects.get(user=member).state == "unsubscribed"
