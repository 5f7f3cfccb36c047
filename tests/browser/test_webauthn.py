"""A member protects the account with a security key (WebAuthn) and signs in
with the password and that key.

Chromium's virtual authenticator (DevTools protocol, WebAuthn domain) stands in
for the key: it answers navigator.credentials.create() and .get() at once, as
if touched. WebAuthn needs a secure context, which http://localhost is (the live
server's address); allauth takes the relying party's id from the request's host,
so the key is bound to "localhost"."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import BrowserContext, Page, expect

from tests.factories import MemberFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser


def label(text: str) -> re.Pattern:
    """A field's label as allauth words it (see test_account_journey.label)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*\*?\s*$")


EMAIL = label("Email")
PASSWORD_LABEL = label("Password")


def add_virtual_authenticator(context: BrowserContext, page: Page) -> tuple:
    """A USB security key with a PIN (user verification) that is always touched.

    Returns the CDP session and the authenticator's id: the session must stay
    open, or Chromium removes the authenticator."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def sign_in_with_password(page: Page, email: str) -> None:
    page.goto("/en/accounts/login/")
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def open_account_menu(page: Page) -> None:
    page.get_by_role("banner").get_by_text("Account", exact=True).click()


def test_member_adds_a_security_key_and_signs_in_with_it(new_context, home_page):
    member = MemberFactory()
    context = new_context()
    page = context.new_page()
    cdp, authenticator_id = add_virtual_authenticator(context, page)

    # Sign in with the password: no second factor yet.
    sign_in_with_password(page, member.email)
    expect(page).to_have_url(re.compile(r"/en/$"))

    # Add a security key from the two-factor overview.
    page.goto("/en/accounts/2fa/")
    expect(page.get_by_role("heading", name="Two-Factor Authentication", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Security Keys")).to_be_visible()
    page.goto("/en/accounts/2fa/webauthn/add/")
    # allauth asks for the password again before any change to the second factor.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/webauthn/add/$"))
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    page.get_by_label(label("Name")).fill("My test key")
    page.get_by_role("button", name="Add", exact=True).click()
    # The first authenticator comes with recovery codes.
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()

    keys = Authenticator.objects.filter(user=member, type=Authenticator.Type.WEBAUTHN)
    assert [key.wrap().name for key in keys] == ["My test key"]
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert len(credentials) == 1
    assert credentials[0]["rpId"] == "localhost"
    registered_count = credentials[0]["signCount"]

    page.goto("/en/accounts/2fa/")
    expect(page.get_by_text("You have added 1 security key.")).to_be_visible()

    # Sign out from the account menu.
    open_account_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    # Sign in again: the password is no longer enough, the key is asked for.
    sign_in_with_password(page, member.email)
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.get_by_role("button", name="Use a security key").click()

    expect(page).to_have_url(re.compile(r"/en/$"))
    open_account_menu(page)
    expect(page.get_by_role("banner").get_by_text(member.email)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # The key signed the challenge: its counter moved on, and allauth recorded the use.
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert credentials[0]["signCount"] > registered_count
    key = keys.get()
    assert key.last_used_at is not None
