"""Guards found in review: self-decisions, second factors, privacy, bad input."""

import time

from django.core.exceptions import PermissionDenied

import pytest

from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    ModeratorFactory,
    TeamFactory,
    TeamLeadFactory,
    VolunteerFactory,
)
from tests.volunteers.conftest import form_data, login
from volunteers import services
from volunteers.models import Application, ApplicationState, JoinPolicy
from volunteers.views import DRAFT_TIME_KEY

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_nobody_decides_on_their_own_application():
    lead = TeamLeadFactory()
    VolunteerFactory(user=lead)
    team = TeamFactory(asks_languages=True, leads=[lead])
    own = ApplicationFactory(user=lead, team=team, translate_languages=["es"])

    with pytest.raises(PermissionDenied):
        services.application_decide(application=own, to=S.APPROVED, lead=lead, translator_languages=["es"])
    moderator = ModeratorFactory()
    VolunteerFactory(user=moderator)
    with pytest.raises(PermissionDenied):
        services.application_move(
            application=ApplicationFactory(user=moderator, team=team), to=S.APPROVED, actor=moderator
        )
    own.refresh_from_db()
    assert own.state == S.PENDING
    assert not lead.groups.filter(name__startswith="Translators").exists()


def test_moderators_need_a_second_factor_for_the_leads_queue(client):
    team = TeamFactory()
    login(client, ModeratorFactory(), mfa=False)
    response = client.get(f"/en/volunteers/teams/{team.slug}/applications/")
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
    # Team leads are not privileged: no second factor asked of them.
    lead = login(client, TeamLeadFactory(), mfa=False)
    team.leads.add(lead)
    assert client.get(f"/en/volunteers/teams/{team.slug}/applications/").status_code == 200


def test_team_pages_name_leads_by_public_or_first_name_only(client):
    lead = TeamLeadFactory(first_name="Grace", last_name="Secret-Surname")
    team = TeamFactory(leads=[lead])
    page = client.get(f"/en/volunteers/teams/{team.slug}/").content.decode()
    assert "Grace" in page and "Secret-Surname" not in page


def test_former_leads_leave_the_team_leads_role(moderator_client):
    lead = TeamLeadFactory(email="old@example.org")
    team = TeamFactory(leads=[lead])
    new = MemberFactory(email="New@Example.org")

    response = moderator_client.post(
        f"/admin/volunteers/teams/{team.pk}/",
        {"name_en": team.name_en, "slug": team.slug, "join_policy": "approval", "sort_order": "1",
         "lead_emails": "new@example.ORG"},
    )  # fmt: skip

    assert response.status_code == 302
    assert list(team.leads.all()) == [new]
    assert not lead.groups.filter(name="Team leads").exists()
    assert new.groups.filter(name="Team leads").exists()


def test_rejoining_an_open_team_is_approved_again():
    team = TeamFactory(join_policy=JoinPolicy.OPEN)
    user = VolunteerFactory().user
    application = services.application_apply(user=user, team=team)
    services.volunteer_withdraw(application=application, user=user)

    services.application_apply(user=user, team=team)

    assert Application.objects.get(user=user, team=team).state == S.APPROVED


def test_a_huge_id_in_the_bulk_form_is_refused_not_a_500(moderator_client):
    response = moderator_client.post(
        "/admin/volunteers/", {"action": "approved", "applications": ["99999999999999999999999"]}, follow=True
    )
    assert response.status_code == 200
    assert "Select at least one application." in response.content.decode()


def test_an_old_draft_is_forgotten(client, teams):
    client.post("/en/volunteers/join/", form_data([teams["infra"]], display_name="Someone else"))
    session = client.session
    session[DRAFT_TIME_KEY] = time.time() - 7200
    session.save()
    client.force_login(MemberFactory())

    form = client.get("/en/volunteers/join/").context["form"]

    assert not form.is_bound
    assert "volunteers:draft" not in client.session


def test_mail_subjects_are_not_html_escaped(mailoutbox, django_capture_on_commit_callbacks):
    team = TeamFactory(name_en="R&D <Labs>")
    application = ApplicationFactory(team=team)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, to=S.APPROVED, actor=ModeratorFactory())
    assert mailoutbox[0].subject == "Welcome to R&D <Labs>"
