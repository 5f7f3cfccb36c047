"""Keyboard users can skip the header."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/en/accounts/login/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()

    # The next Tab stop is inside main: the header's links were skipped.
    page.keyboard.press("Tab")
    assert main.evaluate("main => main.contains(document.activeElement) && main !== document.activeElement")
