from django.conf import settings

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("es-ES,es;q=0.9", "/es/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("af", "/af/"),
        ("ja", "/en/"),
        ("", "/en/"),
    ],
)
def test_first_visit_follows_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_signed_in_members_preferred_language_beats_the_browser(client):
    client.force_login(MemberFactory(preferred_language="tr"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/tr/"


def test_language_in_the_url_wins_over_preference(client):
    client.force_login(MemberFactory(preferred_language="tr"))
    response = client.get("/fr/accounts/profile/")
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "fr"


def test_switching_language_stays_on_the_same_page_and_remembers_it(client):
    response = client.post("/language/", {"language": "el", "next": "/en/accounts/login/?next=/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/el/accounts/login/?next=/en/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "el"
    assert client.get("/")["Location"] == "/el/"


def test_switching_language_updates_the_members_preference(client):
    user = MemberFactory()
    client.force_login(user)
    client.post("/language/", {"language": "it", "next": "/en/accounts/profile/"})
    user.refresh_from_db()
    assert user.preferred_language == "it"


def test_switcher_refuses_an_unknown_language_with_400(client):
    response = client.post("/language/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 400


def test_switcher_never_redirects_off_site(client):
    response = client.post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switcher_is_post_only(client):
    assert client.get("/language/").status_code == 405


def test_every_page_lists_hreflang_alternates_and_the_switcher(client):
    body = client.get("/en/accounts/login/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'hreflang="{code}" href="http://testserver/{code}/accounts/login/"' in body
        assert f'name="language" value="{code}"' in body


def test_home_page_in_every_language(client):
    from portal.demo import ensure_home_page

    ensure_home_page()
    for code, _name in settings.LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert f'<html lang="{code}"' in response.content.decode()


def test_interface_is_translated(client):
    body = client.get("/es/accounts/login/").content.decode()
    assert "Iniciar sesión" in body


def test_profile_sets_preferred_language(client):
    user = MemberFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/", {"first_name": "Ana", "last_name": "Ruiz", "preferred_language": "es"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/profile/"
    user.refresh_from_db()
    assert (user.first_name, user.preferred_language) == ("Ana", "es")


def test_profile_rejects_unknown_language_with_a_message(client):
    client.force_login(MemberFactory())
    response = client.post(
        "/en/accounts/profile/", {"first_name": "A", "last_name": "B", "preferred_language": "xx"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["preferred_language"]


def test_language_choice_reaches_wagtails_profile_for_admin_mails(client):
    from wagtail.users.models import UserProfile

    user = MemberFactory()
    client.force_login(user)
    client.post("/language/", {"language": "el", "next": "/en/"})
    assert UserProfile.get_for_user(user).preferred_language == "el"
