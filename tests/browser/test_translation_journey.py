import re
import time

from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection

import pytest

from accounts.roles import translator_group_name
from localization.services import translator_page_permissions_sync
from tests.factories.accounts import PASSWORD, TranslatorFactory, give_totp, totp_code
from tests.factories.news import make_index, make_update, translate

pytestmark = pytest.mark.browser


def test_explore(new_context, home_page):
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    group, _ = Group.objects.get_or_create(name=translator_group_name("es"))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    index = make_index(home_page)
    translate(home_page, "es", {"Home": "Inicio"})
    translate(index, "es", {"News": "Noticias"})
    update = make_update(
        index,
        title="Mirrors on three continents",
        summary="The build system has new mirrors.",
        body=[
            {"type": "paragraph", "value": "<p>We added mirrors in Europe.</p>"},
            {"type": "heading", "value": {"text": "Next steps", "level": "h2"}},
        ],
    )
    translator_page_permissions_sync()
    user = TranslatorFactory()
    secret = give_totp(user)
    page = new_context().new_page()
    page.goto("/admin/translations/")
    print("URL1", page.url)
    page.get_by_label(re.compile(r"^\s*Email")).fill(user.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    print("URL2", page.url)
    page.get_by_label(re.compile(r"^\s*Code")).fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    print("URL3", page.url)
    open("/tmp/tj/workspace.html", "w").write(page.content())
    page.screenshot(path="/tmp/tj/workspace.png", full_page=True)
    page.goto("/admin/translations/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Mirrors on three continents"))
    row.get_by_role("button", name="Translate").click()
    page.wait_for_load_state("networkidle")
    print("URL4", page.url)
    time.sleep(2)
    open("/tmp/tj/editor.html", "w").write(page.content())
    page.screenshot(path="/tmp/tj/editor.png", full_page=True)
    print(page.accessibility.snapshot() if hasattr(page, "accessibility") else "")
    print(page.locator("body").aria_snapshot())
