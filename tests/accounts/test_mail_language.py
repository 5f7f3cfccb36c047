"""Every mail reaches its recipient in the recipient's language."""

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_password_reset_mail_is_in_the_members_language_not_the_pages(client, mailoutbox):
    user = MemberFactory(preferred_language="es")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mailoutbox) == 1
    assert "contraseña" in mailoutbox[0].subject.lower() or "contraseña" in mailoutbox[0].body.lower()


def test_signup_verification_mail_is_in_the_signup_language(client, mailoutbox):
    client.post(
        "/fr/accounts/signup/",
        {
            "email": "nouveau@example.org",
            "password1": "un mot de passe solide 42",
            "password2": "un mot de passe solide 42",
        },
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nouveau@example.org"]
    assert "/fr/accounts/confirm-email/" in message.body
    assert "adresse" in message.body.lower()
    from accounts.models import User

    assert User.objects.get(email="nouveau@example.org").preferred_language == "fr"


def test_unknown_address_gets_no_reset_mail_and_the_page_does_not_tell(client, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"
    # Enumeration prevention: the page is the same; the address itself is told it has no account.
    assert [m.to for m in mailoutbox] == [["nobody@example.org"]]
