"""The announcements list in a browser: a Spanish reader subscribes from the
home page's box, confirms through the link in the mail (in Spanish) and
unsubscribes from the preferences page; a moderator creates a campaign for a
news update, sends it, and watches the progress bar move while deliveries
are recorded."""

import re
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation

import pytest
from playwright.sync_api import expect

from accounts.roles import MODERATORS
from announcements.models import Campaign, Delivery, Subscriber
from tests.browser.helpers import label, sign_in
from tests.factories import ModeratorFactory, give_totp
from tests.factories.announcements import SubscriberFactory
from tests.factories.news import make_index, make_update, translate

pytestmark = pytest.mark.browser
CONFIRM_LINK = re.compile(r"https?://\S+/es/announcements/confirm/\S+/")


def es(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def test_a_reader_subscribes_confirms_and_unsubscribes(new_context, home_page, mailoutbox):
    translate(home_page, "es", {"Home": "Inicio"})
    page = new_context(locale="es-ES").new_page()
    page.goto("/es/")
    box = page.get_by_role("region", name=es("Get the announcements by mail")).first
    box.get_by_label(es("Your email address for the announcements")).fill("lectora@example.org")
    expect(box.get_by_label(label(es("Language of the mails")))).to_have_value("es")
    box.get_by_role("button", name=es("Subscribe")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Check your mail"))
    assert Subscriber.objects.get().state == "pending"

    link = CONFIRM_LINK.search(mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    page.goto(
        urlsplit(link.group(0)).path
    )  # the mail's link names SITE_URL; the test server has its own port
    page.get_by_role("button", name=es("Confirm my subscription")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(es("You are subscribed"))
    assert Subscriber.objects.get().state == "confirmed"

    page.get_by_role("link", name=es("Your preferences")).click()
    page.get_by_role("button", name=es("Unsubscribe")).click()
    expect(page.get_by_role("status")).to_contain_text(
        es("You are unsubscribed. No more announcements will reach you.")
    )
    assert Subscriber.objects.get().state == "unsubscribed"


def test_a_moderator_sends_a_campaign_and_watches_its_progress(new_context, home_page, settings):
    settings.PORTAL_LIST_CONCURRENCY = 0  # the test records the deliveries itself, step by step
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="announcements", codename="send_campaign"),
    )
    make_update(make_index(home_page), title="Mirrors everywhere")
    for _ in range(4):
        SubscriberFactory()
    moderator = ModeratorFactory()
    page = new_context().new_page()
    sign_in(page, moderator, give_totp(moderator), next_path="/admin/announcements/")

    choice = page.get_by_label("Published news update").locator("option", has_text="Mirrors everywhere")
    page.get_by_label("Published news update").select_option(choice.get_attribute("value"))
    page.get_by_role("button", name="Create the campaign").click()
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    expect(page.frame_locator("iframe[name=campaign-preview]").get_by_role("heading", level=1)).to_have_text(
        "Mirrors everywhere"
    )
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("Done.")
    campaign = Campaign.objects.get()
    assert campaign.state == Campaign.State.SENDING and campaign.recipients == 4
    bar = page.locator("#campaign-bar")
    expect(bar).to_have_attribute("value", "0.0")

    # A worker records two deliveries: the bar follows without a reload.
    ids = list(Delivery.objects.values_list("id", flat=True)[:2])
    Delivery.objects.filter(id__in=ids).update(state="sent", sent_at=timezone.now())
    expect(bar).to_have_js_property("value", 50)
    expect(page.locator('[data-field="sent"]')).to_have_text("2")
    Delivery.objects.update(state="sent", sent_at=timezone.now())
    from announcements import services

    services.finish_if_done(campaign.pk)
    expect(bar).to_have_js_property("value", 100)
    expect(page.locator('[data-field="state_label"]')).to_have_text("Sent")
