"""A sponsorship from first contact to the public pages: a visitor sends an
inquiry; an administrator moves it to agreed and creates the sponsor with a
logo; a moderator approves it; readers see it on the sponsors page and the
home page's strip, in English and in Spanish."""

import io

from django.contrib.auth.models import Group, Permission

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from accounts.roles import ADMINISTRATORS, MODERATORS
from sponsors.models import Sponsor, SponsorshipInquiry
from tests.browser.helpers import label, sign_in
from tests.factories import AdministratorFactory, ModeratorFactory, SponsorLevelFactory, give_totp
from tests.factories.news import translate

pytestmark = pytest.mark.browser

ADMIN_PERMISSIONS = [
    "view_sponsor", "add_sponsor", "change_sponsor", "publish_sponsor", "view_sponsorlevel",
    "view_sponsorshipinquiry", "change_sponsorshipinquiry",
]  # fmt: skip
MODERATOR_PERMISSIONS = ["view_sponsor", "publish_sponsor", "view_sponsorlevel"]


def role(name, codenames):
    """The role's group as its migration makes it (transactional tests flush migration data)."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="sponsors", codename__in=codenames),
    )


def logo_png(path):
    image = PILImage.new("RGB", (480, 200), (32, 96, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_inquiry_becomes_a_public_sponsor_in_english_and_spanish(
    new_context, home_page, mailoutbox, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    translate(home_page, "es", {"Home": "Inicio"})
    role(ADMINISTRATORS, ADMIN_PERMISSIONS)
    role(MODERATORS, MODERATOR_PERMISSIONS)
    SponsorLevelFactory(name_en="Principal sponsors", name_es="Patrocinadores principales", logo_size="large")
    admin = AdministratorFactory(email="admin@example.org", preferred_language="en")
    moderator = ModeratorFactory(email="mod@example.org")
    admin_secret, moderator_secret = give_totp(admin), give_totp(moderator)

    # A visitor asks to sponsor.
    visitor = new_context().new_page()
    visitor.goto("/en/sponsors/")
    visitor.get_by_role("link", name="Become a sponsor").first.click()
    visitor.get_by_label("Organisation").fill("Adventure Works")
    visitor.get_by_label("Your name").fill("Sam Rivera")
    visitor.get_by_label(label("Your email address")).fill("sam@adventure.example")
    visitor.get_by_role("checkbox", name="Hardware").check()
    visitor.get_by_label("Message").fill("Two build servers for the test lab.")
    visitor.get_by_role("button", name="Send the inquiry").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Thank you for your inquiry")
    assert SponsorshipInquiry.objects.get().organisation == "Adventure Works"
    assert [m.to for m in mailoutbox] == [["admin@example.org"]]

    # The administrator contacts them, records the agreement and creates the sponsor.
    page = new_context().new_page()
    sign_in(page, admin, admin_secret, next_path="/admin/sponsors/inquiries/")
    page.get_by_role("link", name="Adventure Works").click()
    page.get_by_label("New state").select_option(label="Contacted")
    page.get_by_label("Note").fill("Called Sam.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The inquiry is now “Contacted”.")).to_be_visible()
    page.get_by_label("New state").select_option(label="Agreed")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Create the sponsor").click()
    expect(page.get_by_label(label("Name"))).to_have_value("Adventure Works")
    page.get_by_label(label("Acknowledgement (English)")).fill("Gave the test lab two build servers.")
    page.get_by_label(label("Logo")).set_input_files(str(logo_png(tmp_path / "adventure-works.png")))
    page.get_by_role("button", name="Create the sponsor").click()
    expect(page.get_by_text("A moderator reviews it before it shows on public pages.")).to_be_visible()
    sponsor = Sponsor.objects.get()
    assert sponsor.logo is not None and not sponsor.is_public

    # Not public yet.
    visitor.goto("/en/sponsors/")
    expect(visitor.get_by_text("Adventure Works")).to_have_count(0)

    # A moderator reviews and approves it.
    review = new_context().new_page()
    sign_in(review, moderator, moderator_secret, next_path=f"/admin/sponsors/{sponsor.pk}/")
    review.get_by_role("button", name="Approve and show on public pages").click()
    expect(review.get_by_role("button", name="Hide from public pages")).to_be_visible()

    # Readers see it, in English and in Spanish.
    for language, level_name in (("en", "Principal sponsors"), ("es", "Patrocinadores principales")):
        visitor.goto(f"/{language}/sponsors/")
        section = visitor.get_by_role("region", name=level_name)
        expect(section.get_by_role("heading", name="Adventure Works")).to_be_visible()
        # The logo is decorative beside the sponsor's name (alt="").
        expect(section.locator("img")).to_be_visible()
        visitor.goto(f"/{language}/")
        strip = visitor.locator(".sponsor-strip")
        expect(strip.get_by_role("img", name="Adventure Works")).to_be_visible()
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
