import csv
import datetime
import io
import re

from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    ModeratorFactory,
    TeamFactory,
    TranslatorFactory,
    VolunteerFactory,
)
from tests.volunteers.conftest import login
from volunteers import selectors
from volunteers.models import Application, ApplicationState, ExportRecord, Volunteer

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def people():
    infra = TeamFactory(slug="infrastructure", name_en="Infrastructure", sort_order=1)
    web = TeamFactory(slug="web", name_en="Web", sort_order=2)
    ana = VolunteerFactory(
        display_name="Ana", country="Spain", languages=["es", "en"], skills=["ansible"]
    ).user
    bo = VolunteerFactory(
        display_name="Bo", country="Kenya", timezone="Africa/Nairobi", languages=["en"]
    ).user
    cy = VolunteerFactory(
        display_name="Cy", country="Greece", timezone="Europe/Athens", languages=["el"]
    ).user
    return {
        "infra": infra,
        "web": web,
        "ana_infra": ApplicationFactory(user=ana, team=infra),
        "ana_web": ApplicationFactory(user=ana, team=web, state=S.APPROVED),
        "bo_infra": ApplicationFactory(user=bo, team=infra, state=S.APPROVED),
        "cy_web": ApplicationFactory(user=cy, team=web, state=S.WITHDRAWN),
    }


def _names(client, query):
    response = client.get(f"/admin/volunteers/?{query}")
    assert response.status_code == 200
    return sorted((a.user.volunteer.display_name, a.team.slug) for a in response.context["page"].object_list)


def test_admin_list_filters_and_search(moderator_client, people):
    assert len(_names(moderator_client, "")) == 4
    assert _names(moderator_client, f"team={people['web'].pk}") == [("Ana", "web"), ("Cy", "web")]
    assert _names(moderator_client, "state=approved") == [("Ana", "web"), ("Bo", "infrastructure")]
    assert _names(moderator_client, "language=el") == [("Cy", "web")]
    assert _names(moderator_client, "country=kenya") == [("Bo", "infrastructure")]
    assert _names(moderator_client, "q=ansible") == [("Ana", "infrastructure"), ("Ana", "web")]
    today = timezone.localdate()
    assert len(_names(moderator_client, f"date_from={today}&date_to={today}")) == 4
    tomorrow = today + datetime.timedelta(days=1)
    assert _names(moderator_client, f"date_from={tomorrow}") == []
    bad = moderator_client.get("/admin/volunteers/?team=abc&date_from=soon")
    assert bad.status_code == 200 and bad.context["form"].errors


def test_bulk_approve_moves_what_it_can_and_reports_the_rest(moderator_client, people):
    chosen = [people["ana_infra"].pk, people["cy_web"].pk]

    response = moderator_client.post(
        "/admin/volunteers/", {"action": "approved", "applications": chosen, "query": ""}, follow=True
    )

    people["ana_infra"].refresh_from_db()
    people["cy_web"].refresh_from_db()
    assert people["ana_infra"].state == S.APPROVED
    assert people["cy_web"].state == S.WITHDRAWN  # withdrawn cannot be approved
    page = response.content.decode()
    assert "1 applications updated" in page
    assert f"#{people['cy_web'].pk}" in page


def test_bulk_without_a_selection_is_refused(moderator_client, people):
    response = moderator_client.post("/admin/volunteers/", {"action": "declined"}, follow=True)
    assert "Select at least one application." in response.content.decode()


def test_csv_export_is_for_moderators_and_admins_and_logged(client, people):
    moderator = login(client, ModeratorFactory())

    response = client.get(f"/admin/volunteers/?team={people['infra'].pk}&export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Applied", "Team", "Status"]
    assert sorted(r[3] for r in rows[1:]) == ["Ana", "Bo"]
    record = ExportRecord.objects.get()
    assert (record.user, record.rows, record.filters) == (moderator, 2, {"team": "Infrastructure"})
    assert ModelLogEntry.objects.filter(action="volunteers.export", user=moderator).exists()
    client.logout()
    login(client, TranslatorFactory())
    assert client.get("/admin/volunteers/?export=csv").status_code == 302
    assert ExportRecord.objects.count() == 1


def test_members_and_translators_cannot_open_the_volunteer_admin(client, people):
    client.force_login(MemberFactory())
    assert client.get("/admin/volunteers/").status_code == 302
    login(client, TranslatorFactory())
    assert client.get("/admin/volunteers/dashboard/").status_code == 302


def test_dashboard_numbers_match_the_data(moderator_client, people):
    bo = people["bo_infra"].user
    bo.last_login = timezone.now()
    bo.save()
    ana = people["ana_web"].user
    ana.last_login = timezone.now() - datetime.timedelta(days=400)
    ana.save()
    Volunteer.objects.filter(user=ana).update(
        created_at=timezone.now() - datetime.timedelta(weeks=3), supporter_only=False
    )
    VolunteerFactory(supporter_only=True, languages=["es"])

    data = selectors.dashboard()

    assert (data.volunteers, data.supporters, data.pending) == (4, 1, 1)
    assert data.teams == [("Infrastructure", 2, 1, 1), ("Web", 1, 1, 0)]
    assert [n for _monday, n in data.weeks][-1] == 3
    assert sum(n for _monday, n in data.weeks) == 4
    assert data.languages == [("en", 2), ("es", 2), ("el", 1)]
    assert dict(data.regions) == {"Europe": 3, "Africa": 1}

    page = moderator_client.get("/admin/volunteers/dashboard/").content.decode()
    teams_svg = re.search(r'<svg[^>]*data-chart="teams".*?</svg>', page, re.S).group(0)
    assert re.findall(r'data-value="(\d+)"', teams_svg) == ["2", "1", "1", "1", "1", "0"]
    languages_svg = re.search(r'<svg[^>]*data-chart="languages".*?</svg>', page, re.S).group(0)
    assert re.findall(r'data-value="(\d+)"', languages_svg) == ["2", "2", "1"]
    assert 'role="img"' in teams_svg
    assert "<summary>The numbers</summary>" in page  # the text alternative


def test_empty_dashboard(moderator_client):
    page = moderator_client.get("/admin/volunteers/dashboard/").content.decode()
    assert "No data yet." in page


def test_moderators_name_team_leads_who_join_the_role(moderator_client, people):
    lead = MemberFactory(email="newlead@example.org")

    response = moderator_client.post(
        f"/admin/volunteers/teams/{people['infra'].pk}/",
        {
            "name_en": "Infrastructure",
            "slug": "infrastructure",
            "description_en": "Servers.",
            "how_to_join_en": "",
            "join_policy": "approval",
            "sort_order": "1",
            "lead_emails": "newlead@example.org",
        },
    )

    assert response.status_code == 302
    assert list(people["infra"].leads.all()) == [lead]
    assert lead.groups.filter(name="Team leads").exists()
    refused = moderator_client.post(
        f"/admin/volunteers/teams/{people['infra'].pk}/",
        {"name_en": "Infrastructure", "slug": "infrastructure", "join_policy": "approval", "sort_order": "1",
         "lead_emails": "ghost@example.org"},
    )  # fmt: skip
    assert "No active member has these addresses: ghost@example.org" in refused.content.decode()


def test_application_count_unchanged_by_views(moderator_client, people):
    moderator_client.get("/admin/volunteers/")
    assert Application.objects.count() == 4
