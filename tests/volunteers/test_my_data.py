import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from tests.factories import ApplicationFactory, MemberFactory, TeamFactory, VolunteerFactory, give_totp
from tests.factories.accounts import PASSWORD
from volunteers.models import Application, ApplicationState, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(client):
    user = MemberFactory(
        email="zoe.unique@example.org", first_name="Zoëlle", last_name="Quartermaine", public_name="ZQ-wall"
    )
    user.thank_publicly = True
    user.save()
    volunteer = VolunteerFactory(
        user=user,
        display_name="Zoë Q.",
        country="Atlantis",
        skills=["zebra-juggling"],
        languages=["es", "en"],
    )
    team = TeamFactory(slug="infrastructure", name_en="Infrastructure")
    application = ApplicationFactory(user=user, team=team)
    from volunteers import services

    services.application_move(
        application=application, to=ApplicationState.APPROVED, actor=None, note="Welcome aboard, Zoëlle!"
    )
    client.force_login(user)
    # Deleting the account asks for the password again first (allauth).
    response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return volunteer


def test_my_participation_lists_my_teams(client, volunteer):
    page = client.get("/en/volunteers/me/").content.decode()
    assert "Infrastructure" in page and "Approved" in page


def test_download_my_data(client, volunteer):
    response = client.get("/en/volunteers/me/data.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "zoe.unique@example.org"
    assert data["account"]["public_name"] == "ZQ-wall"
    assert data["volunteer"]["display_name"] == "Zoë Q."
    assert data["volunteer"]["languages"] == ["en", "es"]
    assert data["volunteer"]["skills"] == ["zebra-juggling"]
    assert data["applications"][0]["team"] == "infrastructure"
    assert data["applications"][0]["status"] == "approved"


def test_withdraw_from_my_page(client, volunteer):
    application = Application.objects.get()
    response = client.post(f"/en/volunteers/me/applications/{application.pk}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    other = ApplicationFactory()
    assert client.post(f"/en/volunteers/me/applications/{other.pk}/withdraw/").status_code == 404


def test_deleting_my_account_asks_for_a_recent_sign_in(client):
    client.force_login(MemberFactory())
    response = client.get("/en/volunteers/me/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")


def test_deleting_my_account_needs_my_address(client, volunteer):
    response = client.post("/en/volunteers/me/delete/", {"confirm": "someone@else.org"})
    assert response.status_code == 200
    assert "This is not your email address." in response.content.decode()
    assert Volunteer.objects.exists()


def test_deleting_my_account_erases_my_personal_data_everywhere(client, volunteer):
    user = volunteer.user
    give_totp(user)
    pending = ApplicationFactory(user=user)
    values = [
        "zoe.unique@example.org",
        "Zoëlle",
        "Quartermaine",
        "ZQ-wall",
        "Zoë Q.",
        "Atlantis",
        "zebra-juggling",
    ]

    response = client.post("/en/volunteers/me/delete/", {"confirm": "ZOE.UNIQUE@example.org"})

    assert response.status_code == 302
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump, indent=0)
    text = dump.getvalue()
    json_text = json.dumps(values)  # dumpdata escapes non-ASCII: look for both spellings
    for value in values:
        assert value not in text, value
    for escaped in json.loads(json_text):
        assert json.dumps(escaped)[1:-1] not in text, escaped
    user = get_user_model().objects.get(pk=user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.startswith("former-member-")
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not Volunteer.objects.exists()
    # Applications stay, under the pseudonym; pending ones are withdrawn.
    assert set(Application.objects.filter(user=user).values_list("state", flat=True)) == {
        ApplicationState.APPROVED,
        ApplicationState.WITHDRAWN,
    }
    pending.refresh_from_db()
    assert pending.state == ApplicationState.WITHDRAWN
    # Signed out, and off the contributors wall.
    assert "_auth_user_id" not in client.session
    assert "ZQ-wall" not in client.get("/en/sponsors/contributors/").content.decode()
