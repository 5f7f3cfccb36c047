"""The admins' own password forms are closed: allauth (with MFA) is the only way in."""

from django.contrib.auth import SESSION_KEY

import pytest

from tests.factories import ModeratorFactory, SuperuserFactory, give_totp
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_correct_password_on_old_admin_login_creates_no_session(client, url):
    user = SuperuserFactory()
    give_totp(user)

    response = client.post(url, {"username": user.email, "password": PASSWORD, "email": user.email})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert SESSION_KEY not in client.session


def test_wagtail_login_redirect_keeps_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_wagtail_login_redirect_refuses_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2F"


def test_wagtail_password_reset_redirects_to_allauth(client):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/"


def test_password_alone_does_not_sign_in_a_user_with_totp(client):
    user = ModeratorFactory()
    give_totp(user)

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_signed_in_member_refused_by_an_admin_gets_403_not_a_redirect_loop(client, url):
    from tests.factories import MemberFactory

    client.force_login(MemberFactory())
    response = client.get(url, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def test_wagtail_frontend_login_form_is_closed(client):
    user = ModeratorFactory()
    give_totp(user)
    response = client.post("/en/_util/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert SESSION_KEY not in client.session


def test_wagtail_logout_link_does_not_sign_out_on_get(client):
    user = ModeratorFactory()
    give_totp(user)
    client.force_login(user)
    response = client.get("/admin/logout/")
    assert response["Location"] == "/en/accounts/logout/"
    assert client.session[SESSION_KEY] == str(user.pk)
