"""Readers choose their language: the header's language menu keeps them on the
page they were reading, and a first visit follows the browser's language."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reader_switches_to_spanish_and_stays_on_the_same_page(page, site_url, home_page):
    page.goto("/en/accounts/login/")
    expect(page.get_by_role("heading", name="Sign In", level=1)).to_be_visible()

    page.get_by_label("Language: English").click()
    page.get_by_role("button", name="Español").click()

    expect(page).to_have_url(f"{site_url}/es/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    expect(page.get_by_role("button", name="Iniciar sesión")).to_be_visible()
    # The menu now names Spanish as the current language (Django calls it "español").
    page.get_by_label(re.compile(r"español\s*$", re.IGNORECASE)).click()
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("button", name="English")).not_to_have_attribute("aria-current", "true")

    # The choice is remembered: the site's root now leads to the Spanish pages.
    page.goto("/")
    expect(page).to_have_url(f"{site_url}/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")


@pytest.mark.parametrize(
    ("browser_locale", "language"),
    [("es-ES", "es"), ("fr-FR", "fr"), ("zh-CN", "zh-hans"), ("en-US", "en")],
)
def test_first_visit_follows_the_browsers_language(
    new_context, site_url, home_page, browser_locale, language
):
    page = new_context(locale=browser_locale).new_page()

    response = page.goto("/")

    expect(page).to_have_url(f"{site_url}/{language}/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
