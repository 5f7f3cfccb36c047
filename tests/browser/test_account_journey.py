"""A new member's way in: sign up, verify the address, sign in, protect the
account with an authenticator app, and sign in again with a code."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from tests.factories import totp_code
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser

TOTP_PERIOD = 30  # allauth's MFA_TOTP_PERIOD default; the portal keeps it
# A code is computed only if this much of its time step is left, so the server
# checks it within the same step (allauth accepts the current step only).
SUBMIT_MARGIN = 5
CONFIRM_LINK = re.compile(r"https?://\S+/en/accounts/confirm-email/[^/\s]+/")


def label(text: str) -> re.Pattern:
    """A field's label as allauth words it. Playwright matches a pattern against
    the label's raw text, which the templates may pad with white space, a colon
    or a required-field marker: "Password" must not match "Password (again)"."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*\*?\s*$")


EMAIL = label("Email")
PASSWORD_LABEL = label("Password")
PASSWORD_AGAIN = label("Password (again)")


def fresh_totp_code(secret: str, *, after_step: int | None = None) -> tuple[int, str]:
    """The authenticator app's code: (time step, code).

    Waits for the next step when the current one is about to end, or is not
    later than `after_step`: allauth refuses a code seen within its period
    (replay protection), and a real app shows a new code by then."""
    while True:
        now = time.time()
        step = int(now) // TOTP_PERIOD
        left = TOTP_PERIOD - now % TOTP_PERIOD
        if left >= SUBMIT_MARGIN and (after_step is None or step > after_step):
            return step, totp_code(secret, offset=step - int(time.time()) // TOTP_PERIOD)
        time.sleep(left + 0.1)


def open_account_menu(page: Page) -> None:
    page.get_by_role("banner").get_by_text("Account", exact=True).click()


def test_new_member_signs_up_verifies_sets_up_totp_and_signs_in_with_a_code(
    page: Page, home_page, mailoutbox
):
    email = "ada@example.org"

    # Sign up.
    page.goto("/en/accounts/signup/")
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label(PASSWORD_AGAIN).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/en/accounts/confirm-email/$"))

    # The verification mail, in the language the member signed up in.
    assert [m.to for m in mailoutbox] == [[email]]
    assert mailoutbox[0].subject == "Please Confirm Your Email Address"
    link = CONFIRM_LINK.search(mailoutbox[0].body)
    assert link, mailoutbox[0].body

    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/$"))
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {email}")

    # Sign in with the password.
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    open_account_menu(page)
    expect(page.get_by_role("banner").get_by_text(email)).to_be_visible()

    # Set up the authenticator app from the account menu.
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication", level=1)).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Activate").click()
    # allauth asks for the password again before any change to the second factor.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/totp/activate/$"))
    secret = page.get_by_label(label("Authenticator secret")).input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    activation_step, code = fresh_totp_code(secret)
    page.get_by_label(label("Authenticator code")).fill(code)
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).count() == 1

    # Sign out from the account menu.
    open_account_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    # Sign in again: password, then a code from a later time step.
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/$"))
    _, code = fresh_totp_code(secret, after_step=activation_step)
    page.get_by_label(label("Code")).fill(code)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/en/$"))
    open_account_menu(page)
    expect(page.get_by_role("banner").get_by_text(email)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
