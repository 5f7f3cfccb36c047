from django.contrib.auth import SESSION_KEY

import pytest

from tests.factories import (
    AdministratorFactory,
    MemberFactory,
    ModeratorFactory,
    ReviewerFactory,
    SuperuserFactory,
    TeamLeadFactory,
    TranslatorFactory,
    give_totp,
    totp_code,
)
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

MFA_SETUP = "/en/accounts/2fa/totp/activate/"


@pytest.mark.parametrize(
    "factory",
    [ModeratorFactory, AdministratorFactory, ReviewerFactory, TranslatorFactory, SuperuserFactory],
)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_privileged_user_without_authenticator_is_sent_to_mfa_setup(client, factory, path):
    client.force_login(factory())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP


def test_mfa_setup_redirect_uses_the_users_language(client):
    client.force_login(ModeratorFactory(preferred_language="de"))
    response = client.get("/admin/")
    assert response["Location"] == "/de/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("factory", [ModeratorFactory, TranslatorFactory])
def test_privileged_user_with_totp_opens_the_admin(client, factory):
    user = factory()
    give_totp(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_team_lead_and_member_are_not_asked_for_mfa_and_have_no_admin(client):
    for user in (TeamLeadFactory(), MemberFactory()):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] != MFA_SETUP


def test_privileged_user_without_mfa_still_reads_public_pages(client):
    client.force_login(ModeratorFactory())
    assert client.get("/en/accounts/profile/").status_code == 200


def _login_with_code(client, user, code):
    client.logout()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    return client.post("/en/accounts/2fa/authenticate/", {"code": code})


def test_totp_code_signs_in_once_and_cannot_be_replayed(client):
    user = ModeratorFactory()
    secret = give_totp(user)
    code = totp_code(secret)

    _login_with_code(client, user, code)
    assert client.session[SESSION_KEY] == str(user.pk)

    response = _login_with_code(client, user, code)
    assert SESSION_KEY not in client.session
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_wrong_totp_code_is_refused(client):
    user = ModeratorFactory()
    secret = give_totp(user)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = _login_with_code(client, user, wrong)
    assert SESSION_KEY not in client.session
    assert response.context["form"].errors["code"]


def test_any_group_with_admin_access_needs_mfa(client):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Photo desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = MemberFactory()
    user.groups.add(group)
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"] == MFA_SETUP
