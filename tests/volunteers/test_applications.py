import itertools

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from wagtail.models import ModelLogEntry

import pytest

from accounts import roles
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    ModeratorFactory,
    TeamLeadFactory,
    VolunteerFactory,
)
from tests.volunteers.conftest import login
from volunteers import services
from volunteers.models import ApplicationEvent, ApplicationState

pytestmark = pytest.mark.django_db
S = ApplicationState

ALLOWED = {
    ("pending", "approved"),
    ("pending", "declined"),
    ("pending", "waitlisted"),
    ("pending", "withdrawn"),
    ("waitlisted", "approved"),
    ("waitlisted", "declined"),
    ("waitlisted", "withdrawn"),
    ("approved", "withdrawn"),
    ("withdrawn", "pending"),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(S.values, repeat=2)))
def test_application_transition_map(old, new):
    application = ApplicationFactory(state=old)
    moderator = ModeratorFactory()

    if (old, new) in ALLOWED:
        event = services.application_move(application=application, to=new, actor=moderator, note="Why.")
        application.refresh_from_db()
        assert application.state == new
        assert (event.old_state, event.new_state, event.actor, event.note) == (old, new, moderator, "Why.")
        entry = ModelLogEntry.objects.get(
            object_id=str(application.pk), action=f"volunteers.application.{new}"
        )
        assert entry.user == moderator and entry.data["from"] == old
        assert application.user.email not in entry.label  # no personal data in the audit label
    else:
        with pytest.raises(ValidationError):
            services.application_move(application=application, to=new, actor=moderator)
        application.refresh_from_db()
        assert application.state == old
        assert not ApplicationEvent.objects.exists()


def test_a_lead_decides_only_for_their_own_team():
    lead = TeamLeadFactory()
    mine = ApplicationFactory()
    mine.team.leads.add(lead)
    other = ApplicationFactory()

    services.application_move(application=mine, to=S.APPROVED, actor=lead)
    with pytest.raises(PermissionDenied):
        services.application_move(application=other, to=S.APPROVED, actor=lead)
    with pytest.raises(PermissionDenied):
        services.application_move(application=other, to=S.DECLINED, actor=MemberFactory())
    other.refresh_from_db()
    assert other.state == S.PENDING


def test_volunteers_withdraw_their_own_applications_only():
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.volunteer_withdraw(application=application, user=MemberFactory())
    services.volunteer_withdraw(application=application, user=application.user)
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN


def test_decision_mails_the_volunteer_in_their_language_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(user=MemberFactory(email="vol@example.org", preferred_language="es"))
    application.team.name_es = "Infraestructura"
    application.team.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_move(
            application=application, to=S.APPROVED, actor=ModeratorFactory(), note="¡Hola!"
        )
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert [m.to for m in mailoutbox] == [["vol@example.org"]]
    assert mailoutbox[0].subject == "Te damos la bienvenida a Infraestructura"
    assert "¡Hola!" in mailoutbox[0].body


def test_approving_a_localization_application_can_add_translator_groups():
    application = ApplicationFactory(translate_languages=["es", "fr"], team__asks_languages=True)
    moderator = ModeratorFactory()

    services.application_decide(
        application=application, to=S.APPROVED, lead=moderator, translator_languages=["es", "de"]
    )

    user = application.user
    names = set(user.groups.values_list("name", flat=True))
    assert names == {roles.translator_group_name("es")}  # "de" was not asked for
    user = type(user).objects.get(pk=user.pk)
    assert roles.is_privileged(user)  # so two-factor authentication is now required of them


def test_the_lead_queue_shows_only_what_leads_need(client):
    lead = login(client, TeamLeadFactory(), mfa=False)
    pending = ApplicationFactory(user=VolunteerFactory(user__email="pending@example.org").user)
    pending.team.leads.add(lead)
    approved = ApplicationFactory(
        team=pending.team, state=S.APPROVED, user=VolunteerFactory(user__email="ok@example.org").user
    )
    other_team = ApplicationFactory(user=VolunteerFactory(user__email="elsewhere@example.org").user)

    page = client.get(f"/en/volunteers/teams/{pending.team.slug}/applications/").content.decode()

    assert pending.user.volunteer.display_name in page
    assert "pending@example.org" not in page  # no address before approval
    assert "ok@example.org" in page
    assert other_team.user.volunteer.display_name not in page
    assert approved.pk
    response = client.get(f"/en/volunteers/teams/{other_team.team.slug}/applications/")
    assert response.status_code == 403


def test_a_lead_approves_from_the_queue(client, django_capture_on_commit_callbacks, mailoutbox):
    lead = login(client, TeamLeadFactory(), mfa=False)
    application = ApplicationFactory()
    application.team.leads.add(lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/volunteers/teams/{application.team.slug}/applications/{application.pk}/decide/",
            {f"a{application.pk}-decision": "approved", f"a{application.pk}-note": "Welcome!"},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.APPROVED
    assert len(mailoutbox) == 1


def test_a_bad_decision_is_refused_with_a_message(client):
    lead = login(client, TeamLeadFactory(), mfa=False)
    application = ApplicationFactory(state=S.DECLINED)
    application.team.leads.add(lead)

    response = client.post(
        f"/en/volunteers/teams/{application.team.slug}/applications/{application.pk}/decide/",
        {f"a{application.pk}-decision": "approved"},
        follow=True,
    )

    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.DECLINED


def test_team_leads_group_exists():
    assert Group.objects.filter(name=roles.TEAM_LEADS).exists()
