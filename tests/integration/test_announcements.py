"""The announcements list on a real worker, Redis and PostgreSQL (in CI),
against an SMTP sink (aiosmtpd) that can answer 451 or 550 on demand:
nothing lost, nothing sent twice, each subscriber in their language.

Each test prints what it measured (delivered, lost, duplicated)."""

import collections
import os
import signal
import time
import uuid

import pytest

from announcements import services
from announcements.models import Campaign, Delivery, Subscriber
from tests.factories import ModeratorFactory
from tests.factories.news import make_index, make_site, make_update, translate
from tests.integration.conftest import start_worker, stop_worker, wait_for
from tests.integration.test_celery_worker import not_eager  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration
C = Campaign.State
D = Delivery.State
LANGUAGES = ("en", "es", "de")
BATCH = 50


@pytest.fixture
def worker(transactional_db, tmp_path, sink, settings, not_eager):  # noqa: F811
    """A factory of workers for one private queue, sending to the sink."""
    _handler, port = sink
    queue = f"list-{uuid.uuid4().hex[:8]}"
    settings.PORTAL_LIST_QUEUE = queue  # the test process queues the first batches there
    settings.PORTAL_LIST_CONCURRENCY = 2
    started = []

    def start():
        process = start_worker(
            queue,
            tmp_path / "worker.log",
            WORKER_EMAIL_URL=f"smtp://127.0.0.1:{port}",
            PORTAL_LIST_QUEUE=queue,
            PORTAL_LIST_CONCURRENCY="2",
            PORTAL_LIST_BATCH_SIZE=str(BATCH),
            PORTAL_LIST_RETRY_SECONDS="1",
            PORTAL_LIST_MAX_ATTEMPTS="5",
        )
        started.append(process)
        return process

    yield start
    for process in started:
        stop_worker(process)
    print((tmp_path / "worker.log").read_text()[-3000:])


def _setup(n=1000):
    from django.contrib.auth.models import Group, Permission

    home = make_site()
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(codename="send_campaign"))
    page = make_update(make_index(home), title="Mirrors", summary="New mirrors.")
    translate(page, "es", {"Mirrors": "Espejos", "New mirrors.": "Espejos nuevos."})
    translate(page, "de", {"Mirrors": "Spiegel", "New mirrors.": "Neue Spiegel."})
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"r{i}@example.org", language=LANGUAGES[i % 3], state="confirmed")
            for i in range(n)
        ]
    )
    moderator = ModeratorFactory()
    return services.campaign_create(page=page, actor=moderator), moderator


def _report(handler, n):
    counts = collections.Counter(recipient for recipient, _id, _lang in handler.accepted)
    expected = {f"r{i}@example.org" for i in range(n)}
    lost = len(expected - set(counts))
    duplicated = sum(c - 1 for c in counts.values() if c > 1)
    print(f"delivered {len(counts)} of {n}, lost {lost}, duplicated {duplicated}")
    return counts, lost, duplicated


def _finished(campaign):
    return wait_for(
        lambda: Campaign.objects.filter(pk=campaign.pk, state=C.SENT).exists(), timeout=180, interval=0.5
    )


def test_a_thousand_subscribers_get_exactly_one_copy_each_in_their_language(worker, sink):
    handler, _port = sink
    campaign, moderator = _setup()
    worker()
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert _finished(campaign), Campaign.objects.get(pk=campaign.pk).state
    counts, lost, duplicated = _report(handler, 1000)
    assert (lost, duplicated) == (0, 0)
    languages = {recipient: language for recipient, _id, language in handler.accepted}
    for i in range(1000):
        assert languages[f"r{i}@example.org"] == LANGUAGES[i % 3]


def test_451_is_retried_until_delivered_and_550_is_recorded_once(worker, sink):
    handler, _port = sink
    campaign, moderator = _setup(n=300)
    hard = {f"r{i}@example.org" for i in range(3, 300, 11)}
    soft = {f"r{i}@example.org" for i in range(0, 300, 7)} - hard
    handler.soft = dict.fromkeys(soft, 2)
    handler.hard = hard
    worker()
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert _finished(campaign)
    counts, lost, duplicated = _report(handler, 300)
    assert duplicated == 0
    assert soft <= set(counts), "a 451 address was never delivered"
    assert not hard & set(counts)
    assert lost == len(hard)
    assert all(handler.refused[address] == 1 for address in hard), "a 550 was retried"
    failed = set(Delivery.objects.filter(state=D.FAILED).values_list("subscriber__email", flat=True))
    assert failed == hard
    assert set(Delivery.objects.filter(state=D.SENT).values_list("subscriber__email", flat=True)) >= soft


def test_a_worker_killed_mid_campaign_loses_nothing(worker, sink, settings):
    handler, _port = sink
    handler.delay = 0.004  # about four seconds for the whole campaign
    campaign, moderator = _setup()
    process = worker()
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert wait_for(lambda: handler.count() >= 250, timeout=60, interval=0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    at_kill = handler.count()
    assert at_kill < 1000, "the campaign finished before the kill"

    worker()
    # The beat task's work: claims older than the timeout go back to the queue.
    settings.PORTAL_LIST_CLAIM_TIMEOUT = 1
    time.sleep(1.5)
    services.requeue_stuck()
    assert _finished(campaign)
    counts, lost, duplicated = _report(handler, 1000)
    print(f"killed after {at_kill} messages accepted")
    assert lost == 0
    assert duplicated <= BATCH, "more duplicates than one batch in flight"
    ids = collections.defaultdict(set)
    for recipient, message_id, _language in handler.accepted:
        ids[recipient].add(message_id)
    assert all(len(found) == 1 for found in ids.values()), "a resend carried another Message-ID"


def test_pause_stops_within_one_batch_and_resume_finishes_without_duplicates(worker, sink, settings):
    handler, _port = sink
    handler.delay = 0.004
    campaign, moderator = _setup()
    settings.PORTAL_LIST_CONCURRENCY = 1
    worker()
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert wait_for(lambda: handler.count() >= 150, timeout=60, interval=0.05)
    services.campaign_move(campaign=campaign, to=C.PAUSED, actor=moderator)
    at_pause = handler.count()
    time.sleep(2)
    after = handler.count()
    print(f"paused at {at_pause}, {after - at_pause} more sent after the pause")
    assert after - at_pause <= BATCH
    assert after < 1000
    time.sleep(1)
    assert handler.count() == after, "sending went on while paused"

    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert _finished(campaign)
    counts, lost, duplicated = _report(handler, 1000)
    assert (lost, duplicated) == (0, 0)
    assert Delivery.objects.filter(state=D.SENT).count() == 1000
