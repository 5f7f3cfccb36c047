"""Steps several browser journeys share."""

import re
import time

from playwright.sync_api import Page, expect

from tests.factories.accounts import PASSWORD, totp_code

TOTP_PERIOD = 30  # allauth's MFA_TOTP_PERIOD default; the portal keeps it
SUBMIT_MARGIN = 5  # seconds of the code's time step left when it is typed in


def label(text: str) -> re.Pattern:
    """A field's label as allauth words it (padded, maybe with a colon or a
    required-field marker), and nothing longer: "Password" must not match
    "Password (again)", nor "Email" the subscribe box's "Email address"."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*\*?\s*$")


def current_totp_code(secret: str) -> str:
    """The authenticator app's code, with enough of its time step left for the
    server to check it within the same step."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < SUBMIT_MARGIN:
        time.sleep(left + 0.1)
    return totp_code(secret)


def sign_in(page: Page, user, secret: str, *, next_path: str) -> None:
    """Through the real forms: the admin sends a signed-out visitor to the
    portal's sign-in page, which asks for the password, then for a code."""
    page.goto(next_path)
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label(label("Email")).fill(user.email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/$"))
    page.get_by_label(label("Code")).fill(current_totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(next_path)}$"))
