from datetime import timedelta

from django.utils import timezone

import pytest

from portal.dashboard import WaitingItem, register_waiting, waiting_for
from portal.models import WorkerHeartbeat
from tests.factories import AdministratorFactory, ModeratorFactory, give_totp

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    give_totp(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_moderator_dashboard_has_the_waiting_panel_with_an_empty_state(client):
    body = _dashboard(client, ModeratorFactory())
    assert "Waiting for you" in body
    assert "Nothing waits for you right now." in body
    assert "Background work" not in body


def test_registered_provider_shows_its_count_and_link(client):
    @register_waiting
    def provider(user):
        return [WaitingItem(label="Applications to decide", count=3, url="/admin/somewhere/")]

    try:
        body = _dashboard(client, ModeratorFactory())
        assert 'href="/admin/somewhere/">Applications to decide</a>' in body
        assert ">3</span>" in body
    finally:
        from portal import dashboard

        dashboard._providers.remove(provider)


def test_items_with_nothing_waiting_are_left_out():
    @register_waiting
    def provider(user):
        return [WaitingItem(label="Nothing here", count=0, url="/")]

    try:
        assert all(item.label != "Nothing here" for item in waiting_for(ModeratorFactory()))
    finally:
        from portal import dashboard

        dashboard._providers.remove(provider)


def test_administrators_see_worker_status(client):
    WorkerHeartbeat.objects.create(hostname="w1@host", seen_at=timezone.now() - timedelta(minutes=10))
    body = _dashboard(client, AdministratorFactory())
    assert "No Celery worker has answered for" in body


def test_healthz_reports_worker_state(client):
    assert client.get("/healthz").json() == {"status": "ok", "worker": "unknown", "worker_last_seen": None}
    WorkerHeartbeat.objects.create(hostname="w1@host", seen_at=timezone.now())
    assert client.get("/healthz").json()["worker"] == "ok"
