"""A newcomer, reading in Spanish, fills in the participation form for two
teams, signs up on the way and finds their answers kept; the Infrastructure
lead approves one application; the volunteer sees the new status and gets the
mail in Spanish; then downloads their data and deletes their account. Labels
come from the portal's own catalogues, as a Spanish reader sees them."""

import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

import pytest
from playwright.sync_api import expect

from accounts.roles import TEAM_LEADS
from tests.browser.helpers import label
from tests.factories import TeamFactory, TeamLeadFactory
from tests.factories.accounts import PASSWORD
from tests.factories.news import translate
from volunteers.models import Application, ApplicationState

pytestmark = pytest.mark.browser
CONFIRM_LINK = re.compile(r"https?://\S+/es/accounts/confirm-email/[^/\s]+/")
EMAIL = "nueva@example.org"


def es(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def test_newcomer_volunteers_is_approved_downloads_their_data_and_leaves(new_context, home_page, mailoutbox):
    translate(home_page, "es", {"Home": "Inicio"})
    Group.objects.get_or_create(name=TEAM_LEADS)
    lead = TeamLeadFactory(email="lead@example.org", preferred_language="en")
    infra = TeamFactory(
        slug="infrastructure", name_en="Infrastructure", name_es="Infraestructura", leads=[lead]
    )
    TeamFactory(slug="web", name_en="Web", name_es="Web")

    # The participation form, before having an account.
    page = new_context(locale="es-ES").new_page()
    page.goto("/es/volunteers/")
    page.get_by_role("link", name=es("Volunteer now")).first.click()
    page.get_by_label(label(es("Display name"))).fill("Nueva Voluntaria")
    page.get_by_label(label(es("Country or region"))).fill("Uruguay")
    page.get_by_label(label(es("Time zone"))).select_option("America/Montevideo")
    page.get_by_role("group", name=es("Languages you speak")).get_by_role("checkbox", name="Español").check()
    page.get_by_role("checkbox", name="Infraestructura").check()
    page.get_by_role("checkbox", name="Web").check()
    page.get_by_label(label(es("Skills"))).fill("ansible, redes")
    page.get_by_label(label(es("Hours per week"))).fill("6")
    page.get_by_role("radio", name=es("The forum")).check()
    page.get_by_role("button", name=es("Send my registration")).click()

    # Sign up on the way.
    expect(page).to_have_url(re.compile(r"/es/accounts/signup/\?next="))
    page.get_by_label(label(es("Email"))).fill(EMAIL)
    page.get_by_label(label(es("Password"))).fill(PASSWORD)
    page.get_by_label(label(es("Password (again)"))).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign Up")).click()
    link = CONFIRM_LINK.search(mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    page.goto(link.group(0))
    page.get_by_role("button", name=es("Confirm")).click()
    page.get_by_label(label(es("Email"))).fill(EMAIL)
    page.get_by_label(label(es("Password"))).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign In")).click()

    # Back at the form, answers kept: send it.
    expect(page).to_have_url(re.compile(r"/es/volunteers/join/$"))
    expect(page.get_by_label(label(es("Display name")))).to_have_value("Nueva Voluntaria")
    expect(page.get_by_role("checkbox", name="Infraestructura")).to_be_checked()
    page.get_by_role("button", name=es("Send my registration")).click()
    expect(page).to_have_url(re.compile(r"/es/volunteers/me/$"))
    expect(page.get_by_role("row", name=re.compile("Infraestructura"))).to_contain_text(es("Pending"))
    assert Application.objects.filter(user__email=EMAIL).count() == 2

    # The Infrastructure lead approves.
    lead_page = new_context().new_page()
    lead_page.goto("/en/accounts/login/?next=/en/volunteers/teams/infrastructure/applications/")
    lead_page.get_by_label(label("Email")).fill(lead.email)
    lead_page.get_by_label(label("Password")).fill(PASSWORD)
    lead_page.get_by_role("button", name="Sign In").click()
    card = lead_page.get_by_role("listitem").filter(
        has=lead_page.get_by_role("heading", name=re.compile("Nueva"))
    )
    expect(card).not_to_contain_text(EMAIL)  # no address before approval
    card.get_by_label("Decision").select_option(label="Approve")
    card.get_by_label(label("Message to the volunteer")).fill("¡Bienvenida!")
    card.get_by_role("button", name="Save decision").click()
    expect(lead_page.get_by_text("Decision saved")).to_be_visible()
    expect(card).to_contain_text(EMAIL)

    # The volunteer sees it, and got the mail in Spanish.
    page.reload()
    expect(page.get_by_role("row", name=re.compile("Infraestructura"))).to_contain_text(es("Approved"))
    approval = [m for m in mailoutbox if m.to == [EMAIL] and "Infraestructura" in m.subject]
    assert [m.subject for m in approval] == ["Te damos la bienvenida a Infraestructura"]
    assert "¡Bienvenida!" in approval[0].body
    assert Application.objects.get(user__email=EMAIL, team=infra).state == ApplicationState.APPROVED

    # Their data, then goodbye.
    with page.expect_download() as download:
        page.get_by_role("link", name=es("Download my data")).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL
    assert data["volunteer"]["display_name"] == "Nueva Voluntaria"
    page.get_by_role("link", name=es("Delete my account")).click()
    # allauth asks for the password again before the account can go.
    page.get_by_label(label(es("Password"))).fill(PASSWORD)
    page.get_by_role("button", name=es("Confirm")).click()
    page.get_by_label(label(es("Type your email address to confirm"))).fill(EMAIL)
    page.get_by_role("button", name=es("Delete my account for good")).click()
    expect(page.get_by_role("status")).to_contain_text(
        es("Your account is deleted, and your personal data with it. Goodbye, and thank you.")
    )
    user = get_user_model().objects.get(pk=Application.objects.get(team=infra).user_id)
    assert not user.is_active and user.email != EMAIL and not user.first_name
