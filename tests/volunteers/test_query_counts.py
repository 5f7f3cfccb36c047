"""Volunteer pages run a fixed number of queries, however many volunteers there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import ApplicationFactory, TeamFactory, TeamLeadFactory, VolunteerFactory
from tests.volunteers.conftest import login
from volunteers.models import ApplicationState

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _volunteers(teams, count):
    states = [ApplicationState.PENDING, ApplicationState.APPROVED, ApplicationState.WAITLISTED]
    for i in range(count):
        user = VolunteerFactory(languages=["en", "es"], not_sure=i % 5 == 0).user
        ApplicationFactory(user=user, team=teams[i % len(teams)], state=states[i % 3])


@pytest.mark.parametrize(
    "url", ["/admin/volunteers/", "/admin/volunteers/dashboard/", "/admin/volunteers/teams/"]
)
def test_admin_pages_query_count_is_flat(moderator_client, url):
    teams = [TeamFactory() for _ in range(3)]
    _volunteers(teams, 1)
    one = _count(moderator_client, url)
    _volunteers(teams, 49)
    assert _count(moderator_client, url) == one


@pytest.mark.parametrize("url", ["/en/volunteers/", "/es/volunteers/", "/en/volunteers/teams/{slug}/"])
def test_public_pages_query_count_is_flat(client, url):
    teams = [TeamFactory() for _ in range(3)]
    url = url.format(slug=teams[0].slug)
    _volunteers(teams, 1)
    one = _count(client, url)
    _volunteers(teams, 49)
    assert _count(client, url) == one


def test_lead_queue_query_count_is_flat(client):
    team = TeamFactory()
    lead = login(client, TeamLeadFactory(), mfa=False)
    team.leads.add(lead)
    url = f"/en/volunteers/teams/{team.slug}/applications/"
    _volunteers([team], 1)
    one = _count(client, url)
    _volunteers([team], 49)
    assert _count(client, url) == one
