from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from portal import audit
from portal.demo import ensure_home_page
from portal.models import WorkerHeartbeat
from tests.factories import AdministratorFactory, ModeratorFactory, SuperuserFactory, give_totp

pytestmark = pytest.mark.django_db


def _login(client, user):
    give_totp(user)
    client.force_login(user)
    return user


@pytest.mark.parametrize("factory", [ModeratorFactory, AdministratorFactory])
def test_site_history_report_lists_moderation_decisions_filterable_by_action_and_person(client, factory):
    home = ensure_home_page()
    editor = SuperuserFactory()
    home.save_revision(user=editor).publish(user=editor)
    user = _login(client, factory())

    response = client.get("/admin/reports/site-history/", {"action": "wagtail.publish", "user": editor.pk})

    assert response.status_code == 200
    entries = list(response.context["object_list"])
    assert entries and all(e.action == "wagtail.publish" and e.user_id == editor.pk for e in entries)
    assert user.pk != editor.pk


def test_audit_record_writes_one_log_entry():
    moderator = ModeratorFactory()
    target = WorkerHeartbeat.objects.create(hostname="w@h", seen_at=timezone.now())
    audit.record(instance=target, action="wagtail.edit", user=moderator, data={"note": "checked"})
    entry = ModelLogEntry.objects.get()
    assert (entry.action, entry.user_id, entry.data) == ("wagtail.edit", moderator.pk, {"note": "checked"})
    assert PageLogEntry.objects.filter(action="wagtail.edit").count() == 0
