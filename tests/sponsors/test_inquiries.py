import itertools

from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

import pytest

from sponsors import services
from sponsors.models import InquiryEvent, InquiryState, SponsorshipInquiry
from tests.factories import AdministratorFactory, InquiryFactory, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

VALID = {
    "organisation": "Adventure Works",
    "contact_name": "Sam Rivera",
    "contact_email": "sam@adventure.example",
    "kinds": ["hardware", "money"],
    "message": "Two build servers.",
}


def test_inquiry_is_stored_and_mails_each_administrator_in_their_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    AdministratorFactory(email="ana@example.org", preferred_language="es")
    AdministratorFactory(email="bob@example.org", preferred_language="en")
    ModeratorFactory(email="mod@example.org")  # moderators do not handle inquiries

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/sponsors/become-a-sponsor/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/fr/sponsors/become-a-sponsor/thanks/"
    inquiry = SponsorshipInquiry.objects.get()
    assert (inquiry.organisation, inquiry.kinds, inquiry.language, inquiry.state) == (
        "Adventure Works",
        ["hardware", "money"],
        "fr",
        InquiryState.NEW,
    )
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects == {
        "ana@example.org": "Consulta de patrocinio de Adventure Works",
        "bob@example.org": "Sponsorship inquiry from Adventure Works",
    }
    english = next(m for m in mailoutbox if m.to == ["bob@example.org"])
    assert f"/admin/sponsors/inquiries/{inquiry.pk}/" in english.body
    assert "sam@adventure.example" in english.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation", "   ", "Name your organisation."),
        ("contact_email", "not-an-address", "Enter a valid email address."),
        ("kinds", [], "Choose at least one kind of help."),
        ("kinds", ["gold-bars"], "Select a valid choice."),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters"),
    ],
)
def test_invalid_inquiry_shows_a_clear_error_and_stores_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, field, value, message
):
    AdministratorFactory()
    data = {**VALID, field: value}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/sponsors/become-a-sponsor/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SponsorshipInquiry.objects.exists()
    assert mailoutbox == []


def test_inquiry_errors_are_translated(client):
    response = client.post("/es/sponsors/become-a-sponsor/", {**VALID, "kinds": []})
    assert "Elige al menos un tipo de ayuda." in response.content.decode()


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    AdministratorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/sponsors/become-a-sponsor/", {**VALID, "homepage": "http://spam.example"})

    assert response.status_code == 302
    assert not SponsorshipInquiry.objects.exists()
    assert mailoutbox == []


def test_inquiries_are_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {"sponsor_inquiry": "2/h"}
    for _ in range(2):
        assert client.post("/en/sponsors/become-a-sponsor/", VALID).status_code == 302

    response = client.post("/en/sponsors/become-a-sponsor/", VALID)

    assert response.status_code == 429
    assert "Too many inquiries from your address" in response.content.decode()
    assert SponsorshipInquiry.objects.count() == 2
    other = client.post("/en/sponsors/become-a-sponsor/", VALID, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


ALLOWED = {
    ("new", "contacted"),
    ("new", "declined"),
    ("contacted", "agreed"),
    ("contacted", "declined"),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(InquiryState.values, repeat=2)))
def test_inquiry_transition_map(old, new):
    inquiry = InquiryFactory(state=old)
    admin = AdministratorFactory()

    if (old, new) in ALLOWED:
        event = services.inquiry_move(inquiry=inquiry, to=new, user=admin, note="Called them.")
        inquiry.refresh_from_db()
        assert inquiry.state == new
        assert (event.old_state, event.new_state, event.actor, event.note) == (
            old,
            new,
            admin,
            "Called them.",
        )
        entry = ModelLogEntry.objects.get(object_id=str(inquiry.pk), action=f"sponsors.inquiry.{new}")
        assert entry.user == admin
        assert entry.data == {"from": old, "to": new, "note": "Called them."}
    else:
        with pytest.raises(ValidationError):
            services.inquiry_move(inquiry=inquiry, to=new, user=admin)
        inquiry.refresh_from_db()
        assert inquiry.state == old
        assert not InquiryEvent.objects.exists()


def test_admin_moves_an_inquiry_and_sees_its_history(admin_client):
    inquiry = InquiryFactory()

    response = admin_client.post(
        f"/admin/sponsors/inquiries/{inquiry.pk}/", {"to": "contacted", "note": "Phoned Sam."}
    )

    assert response.status_code == 302
    page = admin_client.get(f"/admin/sponsors/inquiries/{inquiry.pk}/").content.decode()
    assert "Phoned Sam." in page
    assert "New → Contacted" in page


def test_an_invalid_move_from_the_form_is_refused_with_a_message(admin_client):
    inquiry = InquiryFactory(state=InquiryState.NEW)

    response = admin_client.post(f"/admin/sponsors/inquiries/{inquiry.pk}/", {"to": "agreed"}, follow=True)

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.NEW


def test_a_final_inquiry_offers_no_moves(admin_client):
    inquiry = InquiryFactory(state=InquiryState.DECLINED)

    page = admin_client.get(f"/admin/sponsors/inquiries/{inquiry.pk}/").content.decode()
    response = admin_client.post(f"/admin/sponsors/inquiries/{inquiry.pk}/", {"to": "contacted"})

    assert "Move the inquiry" not in page
    assert response.status_code == 302  # refused: Wagtail sends the user back to the dashboard
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.DECLINED


def test_members_and_moderators_cannot_see_inquiries(client):
    inquiry = InquiryFactory()
    from tests.sponsors.conftest import login

    login(client, ModeratorFactory())
    assert client.get(f"/admin/sponsors/inquiries/{inquiry.pk}/").status_code == 302
    client.force_login(MemberFactory())
    assert client.get("/admin/sponsors/inquiries/").status_code in (302, 403)
