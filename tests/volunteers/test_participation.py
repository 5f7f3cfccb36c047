from django.contrib.auth import get_user_model

import pytest

from tests.factories import MemberFactory, TeamLeadFactory
from tests.volunteers.conftest import form_data
from volunteers.models import Application, ApplicationEvent, ApplicationState, Volunteer

pytestmark = pytest.mark.django_db
JOIN = "/en/volunteers/join/"


def test_member_registers_for_two_teams(client, teams, django_capture_on_commit_callbacks):
    member = MemberFactory()
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, form_data([teams["infra"], teams["web"]]))

    assert response.status_code == 302
    assert response["Location"] == "/en/volunteers/me/"
    volunteer = Volunteer.objects.get(user=member)
    assert (volunteer.display_name, volunteer.country, volunteer.timezone, volunteer.hours_per_week) == (
        "Ada",
        "Spain",
        "Europe/Madrid",
        6,
    )
    assert volunteer.skills == ["packaging", "ansible"]
    assert sorted(lang.code for lang in volunteer.languages.all()) == ["en", "es"]
    assert sorted(a.team.slug for a in Application.objects.filter(user=member)) == ["infrastructure", "web"]
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.PENDING}
    member.refresh_from_db()
    assert member.thank_publicly and member.public_name == "Ada"


def test_submitting_twice_does_not_create_two_registrations(client, teams):
    client.force_login(MemberFactory())
    client.post(JOIN, form_data([teams["infra"]]))
    client.post(JOIN, form_data([teams["infra"], teams["web"]], display_name="Ada L."))

    assert Volunteer.objects.count() == 1
    assert Volunteer.objects.get().display_name == "Ada L."
    assert Application.objects.count() == 2
    assert ApplicationEvent.objects.count() == 2


def test_an_open_team_approves_at_once(client, teams):
    client.force_login(MemberFactory())
    client.post(JOIN, form_data([teams["community"]]))
    assert Application.objects.get().state == ApplicationState.APPROVED


def test_a_closed_team_is_not_offered(client, teams):
    client.force_login(MemberFactory())
    page = client.get(JOIN).content.decode()
    response = client.post(JOIN, form_data([teams["legal"]]))

    assert "Legal" not in page
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_supporter_without_team(client, teams):
    client.force_login(MemberFactory())
    client.post(JOIN, form_data(supporter_only="on"))
    assert Volunteer.objects.get().supporter_only
    assert not Application.objects.exists()


def test_not_sure_yet(client, teams):
    client.force_login(MemberFactory())
    client.post(JOIN, form_data(not_sure="on"))
    assert Volunteer.objects.get().not_sure


def test_leads_hear_of_a_new_application_in_their_language(
    client, teams, mailoutbox, django_capture_on_commit_callbacks
):
    lead = TeamLeadFactory(email="lead@example.org", preferred_language="es")
    teams["infra"].leads.add(lead)
    client.force_login(MemberFactory())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN, form_data([teams["infra"]]))

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lead@example.org"], "Nueva solicitud para Infraestructura")
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": "  "}, "display_name", "Tell us how to call you."),
        ({"country": ""}, "country", "Tell us your country or region."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice."),
        ({"languages": []}, "languages", "Choose at least one language you speak."),
        ({"languages": ["xx"]}, "languages", "Select a valid choice."),
        ({"hours_per_week": "0"}, "hours_per_week", "greater than or equal to 1"),
        ({"hours_per_week": "200"}, "hours_per_week", "less than or equal to 80"),
        ({"hours_per_week": "lots"}, "hours_per_week", "Enter a whole number."),
        ({"heard_from": None}, "heard_from", "Tell us how you heard about us."),
        ({"skills": "x" * 41}, "skills", "Keep each skill under 40 characters."),
        ({"skills": ",".join(f"s{i}" for i in range(21))}, "skills", "List at most 20 skills."),
        ({"teams": []}, "teams", "Choose at least one team"),
        ({"teams": ["999999"]}, "teams", "Select a valid choice."),
    ],
)
def test_invalid_registration_shows_a_clear_error_and_saves_nothing(client, teams, overrides, field, message):
    client.force_login(MemberFactory())
    data = form_data([teams["infra"]], **overrides)

    response = client.post(JOIN, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Volunteer.objects.exists()
    assert not Application.objects.exists()


def test_supporters_do_not_join_teams(client, teams):
    client.force_login(MemberFactory())
    response = client.post(JOIN, form_data([teams["web"]], supporter_only="on"))
    assert "Supporters do not join teams" in " ".join(response.context["form"].errors["supporter_only"])


def test_localization_asks_which_languages(client, teams):
    client.force_login(MemberFactory())
    response = client.post(JOIN, form_data([teams["l10n"]]))
    assert "which languages you will translate into" in " ".join(
        response.context["form"].errors["translate_languages"]
    )
    client.post(JOIN, form_data([teams["l10n"]], translate_languages=["es", "fr"]))
    assert Application.objects.get().translate_languages == ["es", "fr"]


def test_errors_are_translated(client, teams):
    client.force_login(MemberFactory())
    response = client.post("/es/volunteers/join/", form_data([teams["infra"]], languages=[]))
    assert "Elige al menos un idioma que hables." in response.content.decode()


def test_honeypot_stores_nothing(client, teams):
    client.force_login(MemberFactory())
    response = client.post(JOIN, form_data([teams["infra"]], homepage="spam"))
    assert response.status_code == 302
    assert not Volunteer.objects.exists()


def test_registrations_are_rate_limited(client, teams, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "volunteer_register": "1/h"}
    client.force_login(MemberFactory())
    client.post(JOIN, form_data([teams["infra"]]))
    response = client.post(JOIN, form_data([teams["web"]]))
    assert response.status_code == 429
    assert Application.objects.count() == 1


def test_a_visitor_fills_the_form_signs_up_and_finds_it_filled_in(client, teams):
    response = client.post(JOIN, form_data([teams["infra"], teams["web"]], display_name="Newcomer"))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/signup/?next=")
    assert not Volunteer.objects.exists()

    # They sign up and come back (after verifying their address and signing in).
    user = get_user_model().objects.create_user(email="new@example.org", password="x" * 12)
    client.force_login(user)
    page = client.get(JOIN)
    form = page.context["form"]
    assert form.data["display_name"] == "Newcomer"
    assert form.is_valid()
    assert "We kept what you typed" in page.content.decode()

    client.post(JOIN, {key: form.data.getlist(key) for key in form.data})
    assert Volunteer.objects.get(user=user).display_name == "Newcomer"
    assert Application.objects.filter(user=user).count() == 2
    assert "volunteers:draft" not in client.session


def test_login_returns_to_the_form_while_answers_wait(client, teams):
    from accounts.adapter import PortalAccountAdapter

    client.post(JOIN, form_data([teams["infra"]]))
    request = type("R", (), {"session": client.session})()
    assert PortalAccountAdapter().get_login_redirect_url(request) == "/en/volunteers/join/"


def test_edit_form_shows_the_registration(client, teams):
    member = MemberFactory()
    client.force_login(member)
    client.post(JOIN, form_data([teams["infra"]]))

    initial = client.get(JOIN).context["form"].initial

    assert initial["display_name"] == "Ada"
    assert initial["teams"] == [teams["infra"].pk]
    assert initial["skills"] == "packaging, ansible"


def test_unticking_a_team_when_editing_leaves_it(client, teams):
    member = MemberFactory()
    client.force_login(member)
    client.post(JOIN, form_data([teams["infra"], teams["web"]]))

    client.post(JOIN, form_data([teams["infra"]]))

    states = dict(Application.objects.values_list("team__slug", "state"))
    assert states == {"infrastructure": ApplicationState.PENDING, "web": ApplicationState.WITHDRAWN}


def test_join_from_a_team_page_preselects_the_team(client, teams):
    client.force_login(MemberFactory())
    form = client.get(f"{JOIN}?team=web").context["form"]
    assert form.initial["teams"] == [teams["web"].pk]
    assert client.get(f"{JOIN}?team=legal").context["form"].initial.get("teams") in (None, [])
