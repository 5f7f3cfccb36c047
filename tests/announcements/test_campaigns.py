"""Campaigns: the state map, who may send, deliveries created in one
statement, each subscriber's language, the list headers, retries, bounces,
pause, stuck rows, the rate limit, the archive and the admin pages."""

import datetime
import email
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from announcements import selectors, sending, services
from announcements.models import Campaign, Delivery, Subscriber
from tests.factories import MemberFactory, ModeratorFactory, give_totp
from tests.factories.announcements import CampaignFactory, SubscriberFactory
from tests.factories.news import make_index, make_update, translate

pytestmark = pytest.mark.django_db
C = Campaign.State
D = Delivery.State
CLAIM = uuid.uuid4()


@pytest.fixture
def update(django_capture_on_commit_callbacks):
    page = make_update(make_index(), title="Mirrors everywhere", summary="Three new mirrors.")
    translate(
        page,
        "es",
        {"Mirrors everywhere": "Espejos en todas partes", "Three new mirrors.": "Tres espejos nuevos."},
        capture=django_capture_on_commit_callbacks,
    )
    return page


@pytest.fixture
def moderator():
    return ModeratorFactory()


def _send(campaign, moderator, capture):
    with capture(execute=True):
        services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    campaign.refresh_from_db()
    return campaign


# --- The state map ---------------------------------------------------------------------------

ALL = list(C)


@pytest.mark.parametrize("old", ALL)
@pytest.mark.parametrize("new", ALL)
def test_every_move_of_the_map(old, new, update, moderator, settings):
    settings.PORTAL_LIST_CONCURRENCY = 0  # no batch runs: only the state is under test
    campaign = CampaignFactory(page=update, state=old)
    allowed = new in services.CAMPAIGN_MOVES[old]
    scheduled_at = timezone.now() + datetime.timedelta(hours=1)
    actor = None if new in services.SYSTEM_MOVES else moderator
    if allowed:
        services.campaign_move(campaign=campaign, to=new, actor=actor, scheduled_at=scheduled_at)
        campaign.refresh_from_db()
        assert campaign.state == new
    else:
        with pytest.raises(services.InvalidMove) as refused:
            services.campaign_move(campaign=campaign, to=new, actor=actor, scheduled_at=scheduled_at)
        assert "cannot become" in refused.value.messages[0]


def test_only_senders_create_and_move_campaigns(update):
    with pytest.raises(services.PermissionDenied):
        services.campaign_create(page=update, actor=MemberFactory())
    campaign = services.campaign_create(page=update, actor=ModeratorFactory())
    with pytest.raises(services.PermissionDenied):
        services.campaign_move(campaign=campaign, to=C.SENDING, actor=MemberFactory())
    Campaign.objects.update(state=C.SENDING)
    with pytest.raises(services.PermissionDenied):  # "sent" is the pipeline's move
        services.campaign_move(campaign=campaign, to=C.SENT, actor=ModeratorFactory())


def test_an_unpublished_page_cannot_be_sent(moderator):
    draft = make_update(make_index(), publish=False)
    with pytest.raises(services.ValidationError):
        services.campaign_create(page=draft, actor=moderator)


def test_scheduling_needs_a_future_time(update, moderator):
    campaign = CampaignFactory(page=update)
    with pytest.raises(services.ValidationError):
        services.campaign_move(
            campaign=campaign, to=C.SCHEDULED, actor=moderator, scheduled_at=timezone.now()
        )


# --- Sending ---------------------------------------------------------------------------------


def test_each_subscriber_gets_one_copy_in_their_language_with_list_headers(
    update, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="en@example.org", language="en")
    SubscriberFactory(email="es@example.org", language="es")
    SubscriberFactory(email="fr@example.org", language="fr")  # no French translation: English
    SubscriberFactory(email="pending@example.org", state="pending")
    SubscriberFactory(email="gone@example.org", state="unsubscribed")
    campaign = _send(CampaignFactory(page=update), moderator, django_capture_on_commit_callbacks)

    assert campaign.state == C.SENT and campaign.recipients == 3
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == ["en@example.org", "es@example.org", "fr@example.org"]
    assert by_address["es@example.org"].subject == "Espejos en todas partes"
    assert by_address["fr@example.org"].subject == "Mirrors everywhere"
    assert "Tres espejos nuevos." in by_address["es@example.org"].body
    assert (
        "pas encore traduite" in by_address["fr@example.org"].body
        or "English" in by_address["fr@example.org"].body
    )

    raw = email.message_from_bytes(by_address["es@example.org"].message().as_bytes())
    assert raw["List-Id"].endswith(">")
    assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    urls = raw["List-Unsubscribe"]
    assert "https://" in urls or "http://" in urls
    assert "/es/announcements/unsubscribe/" in urls and "mailto:" in urls
    subscriber = Subscriber.objects.get(email="es@example.org")
    assert (
        raw["Message-ID"]
        == f"<announcement.{campaign.pk}.{subscriber.pk}@{services.settings.PORTAL_LIST_DOMAIN}>"
    )
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode() for p in raw.walk() if not p.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "/es/announcements/manage/" in parts["text/plain"] and "%%" not in parts["text/html"]
    assert Delivery.objects.filter(campaign=campaign, state=D.SENT).count() == 3


def test_deliveries_are_created_in_one_statement_and_only_once(update, moderator, settings):
    settings.PORTAL_LIST_CONCURRENCY = 0
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"s{n}@example.org", language="es", state="confirmed") for n in range(50)]
    )
    campaign = CampaignFactory(page=update)
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    with CaptureQueriesContext(connection) as queries:
        added = services.create_deliveries(campaign)
    inserts = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and added == 50
    assert Delivery.objects.filter(campaign=campaign).count() == 50


def test_transient_failures_retry_with_backoff_then_fail(update, settings):
    settings.PORTAL_LIST_MAX_ATTEMPTS = 2
    campaign = CampaignFactory(page=update, state=C.SENDING)
    delivery = Delivery.objects.create(
        campaign=campaign, subscriber=SubscriberFactory(), language="en", next_attempt_at=timezone.now()
    )
    row = services.claim_batch(campaign_id=campaign.pk, size=10, claim=CLAIM)[0]
    services.record_results(
        claim=CLAIM, campaign_id=campaign.pk, sent=[], transient={row["id"]: (1, "451 busy")}, permanent={}
    )
    delivery.refresh_from_db()
    assert delivery.state == D.QUEUED and delivery.next_attempt_at > timezone.now()
    assert services.claim_batch(campaign_id=campaign.pk, size=10, claim=CLAIM) == []  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    row = services.claim_batch(campaign_id=campaign.pk, size=10, claim=CLAIM)[0]
    assert row["attempts"] == 2
    services.record_results(
        claim=CLAIM, campaign_id=campaign.pk, sent=[], transient={row["id"]: (2, "451 busy")}, permanent={}
    )
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == (D.FAILED, "451 busy")


def test_repeated_hard_bounces_suspend_the_address(update, settings):
    settings.PORTAL_LIST_BOUNCE_LIMIT = 2
    subscriber = SubscriberFactory()
    for n in range(2):
        campaign = CampaignFactory(page=update, state=C.SENDING)
        Delivery.objects.create(
            campaign=campaign, subscriber=subscriber, language="en", next_attempt_at=timezone.now()
        )
        row = services.claim_batch(campaign_id=campaign.pk, size=10, claim=CLAIM)[0]
        services.record_results(
            claim=CLAIM,
            campaign_id=campaign.pk,
            sent=[],
            transient={},
            permanent={row["id"]: (1, "550 no such user")},
        )
        subscriber.refresh_from_db()
        assert subscriber.hard_bounces == n + 1
    assert subscriber.state == Subscriber.State.SUSPENDED
    assert Delivery.objects.filter(state=D.FAILED).count() == 2


def test_smtp_errors_are_sorted():
    import smtplib

    assert isinstance(
        sending.classify(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")})), sending.Permanent
    )
    assert isinstance(
        sending.classify(smtplib.SMTPRecipientsRefused({"a@b": (451, b"later")})), sending.Transient
    )
    # A 5xx to MAIL FROM or DATA is about the sender or the message, not this address.
    assert isinstance(sending.classify(smtplib.SMTPDataError(554, b"rejected")), sending.Refused)
    assert isinstance(sending.classify(smtplib.SMTPSenderRefused(550, b"no", "a@b")), sending.Refused)
    assert isinstance(sending.classify(smtplib.SMTPAuthenticationError(535, b"bad")), sending.Refused)
    assert isinstance(sending.classify(smtplib.SMTPDataError(451, b"later")), sending.Transient)
    assert isinstance(sending.classify(smtplib.SMTPServerDisconnected("gone")), sending.Transient)
    assert isinstance(sending.classify(TimeoutError("slow")), sending.Transient)


def test_a_paused_campaign_sends_nothing_more_and_resumes(
    update, moderator, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_LIST_CONCURRENCY = 0
    for _ in range(3):
        SubscriberFactory()
    campaign = CampaignFactory(page=update)
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    services.campaign_move(campaign=campaign, to=C.PAUSED, actor=moderator)
    assert sending.send_batch(campaign.pk)["stopped"]
    assert mailoutbox == []
    settings.PORTAL_LIST_CONCURRENCY = 1
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    campaign.refresh_from_db()
    assert campaign.state == C.SENT and len(mailoutbox) == 3


def test_cancelling_cancels_what_is_queued(update, moderator, settings):
    settings.PORTAL_LIST_CONCURRENCY = 0
    SubscriberFactory()
    campaign = CampaignFactory(page=update)
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    services.campaign_move(campaign=campaign, to=C.CANCELLED, actor=moderator)
    assert list(Delivery.objects.values_list("state", flat=True)) == [D.CANCELLED]


def test_stuck_claims_go_back_to_the_queue(update, django_capture_on_commit_callbacks, mailoutbox):
    campaign = CampaignFactory(page=update, state=C.SENDING, heartbeat_at=timezone.now())
    from announcements import rendering

    rendering.render_editions(campaign)
    Delivery.objects.create(
        campaign=campaign, subscriber=SubscriberFactory(), language="en", next_attempt_at=timezone.now()
    )
    services.claim_batch(campaign_id=campaign.pk, size=10, claim=CLAIM)
    assert services.requeue_stuck() == 0  # claimed just now: a worker is on it
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.update(claimed_at=long_ago)
    Campaign.objects.update(heartbeat_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stuck() == 1
    campaign.refresh_from_db()
    assert campaign.state == C.SENT and len(mailoutbox) == 1


def test_scheduled_campaigns_start_when_due(update, moderator, settings):
    settings.PORTAL_LIST_CONCURRENCY = 0
    campaign = CampaignFactory(page=update)
    services.campaign_move(
        campaign=campaign,
        to=C.SCHEDULED,
        actor=moderator,
        scheduled_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert services.start_due_campaigns() == 0
    Campaign.objects.update(scheduled_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.start_due_campaigns() == 1
    campaign.refresh_from_db()
    assert campaign.state == C.SENDING


def test_the_rate_limit_spaces_messages_across_workers():
    clock = {"now": 1000.0}
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock["now"] += seconds

    limiter = sending.RateLimiter(10, clock=lambda: clock["now"], sleep=sleep)
    for _ in range(35):
        limiter.wait()
    # 35 messages at 10 a second: three full windows waited for.
    assert clock["now"] >= 1003.0 and len(slept) == 3


# --- Progress, archive and admin -------------------------------------------------------------


def test_progress_figures(update):
    campaign = CampaignFactory(page=update, state=C.SENDING)
    now = timezone.now()
    for state in (D.SENT, D.SENT, D.FAILED, D.QUEUED):
        Delivery.objects.create(
            campaign=campaign,
            subscriber=SubscriberFactory(),
            language="en",
            state=state,
            next_attempt_at=now,
            sent_at=now if state == D.SENT else None,
        )
    figures = selectors.progress(campaign)
    assert (figures["total"], figures["sent"], figures["failed"], figures["remaining"]) == (4, 2, 1, 1)
    assert figures["percent"] == 75.0 and figures["rate"] > 0 and figures["eta_seconds"] is not None


def test_archive_lists_sent_issues_per_language(
    client, update, moderator, django_capture_on_commit_callbacks
):
    SubscriberFactory(language="es")
    _send(CampaignFactory(page=update), moderator, django_capture_on_commit_callbacks)
    assert "Espejos en todas partes" in client.get("/es/announcements/").content.decode()
    assert "Mirrors everywhere" in client.get("/en/announcements/").content.decode()
    with CaptureQueriesContext(connection) as one:
        client.get("/en/announcements/")
    for _ in range(5):
        _send(CampaignFactory(page=update), moderator, django_capture_on_commit_callbacks)
    client.get("/en/announcements/")  # after a content change, the first request reloads the site's routes
    with CaptureQueriesContext(connection) as many:
        client.get("/en/announcements/")
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_admin_pages_for_senders_only(client, update, mailoutbox):
    member = MemberFactory()
    client.force_login(member)
    assert client.get("/admin/announcements/").status_code in (302, 403)
    moderator = ModeratorFactory(email="mod@example.org")
    give_totp(moderator)
    client.force_login(moderator)
    assert "Mirrors everywhere" in client.get("/admin/announcements/").content.decode()
    editor = client.get(f"/admin/pages/{update.pk}/edit/").content.decode()
    assert "Send to the list" in editor and f"/admin/announcements/?page={update.pk}" in editor
    response = client.post("/admin/announcements/new/", {"page": update.pk})
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/admin/announcements/{campaign.pk}/"
    assert client.post("/admin/announcements/new/", {"page": "x"}).status_code == 302
    assert client.get(f"/admin/announcements/{campaign.pk}/").status_code == 200
    preview = client.get(f"/admin/announcements/{campaign.pk}/preview/es/")
    assert "Espejos en todas partes" in preview.content.decode()
    assert client.get(f"/admin/announcements/{campaign.pk}/preview/xx/").status_code == 404
    client.post(f"/admin/announcements/{campaign.pk}/test/", {"language": "es"})
    assert [m.to for m in mailoutbox] == [["mod@example.org"]]
    assert mailoutbox[0].subject.endswith("Espejos en todas partes")
    assert client.get(f"/admin/announcements/{campaign.pk}/progress.json").json()["state"] == "draft"
    response = client.post(f"/admin/announcements/{campaign.pk}/move/", {"to": "nonsense"}, follow=True)
    assert response.status_code == 200
    response = client.post(
        f"/admin/announcements/{campaign.pk}/move/", {"to": "scheduled", "scheduled_at": "soon"}
    )
    campaign.refresh_from_db()
    assert campaign.state == C.DRAFT
    assert client.get("/admin/announcements/subscribers/?state=bogus&language=xx").status_code == 200


@pytest.mark.parametrize("size", [0, 1, 56, 57, 58, 500, 4000])
def test_a_body_encoded_in_two_pieces_equals_the_whole(size):
    from announcements import rendering

    text = "ñ" * size + "\nPreferences: %%manage_url%%\nLeave: %%unsubscribe_url%%\n"
    part = rendering._Part(text)
    manage, unsubscribe = b"https://example.org/m/tok/", b"https://example.org/u/tok/"
    whole = text.replace("%%manage_url%%", manage.decode()).replace(
        "%%unsubscribe_url%%", unsubscribe.decode()
    )
    assert part.encode(manage, unsubscribe) == rendering._b64(whole.encode())


# --- What a careful review found ----------------------------------------------------------


def _sending(update, count=3, **subscriber):
    campaign = CampaignFactory(page=update, state=C.SENDING, heartbeat_at=timezone.now())
    from announcements import rendering

    rendering.render_editions(campaign)
    for _ in range(count):
        Delivery.objects.create(
            campaign=campaign,
            subscriber=SubscriberFactory(**subscriber),
            language="en",
            next_attempt_at=timezone.now(),
        )
    return campaign


def test_a_batch_records_nothing_for_rows_taken_back_from_it(update):
    campaign = _sending(update, count=1)
    first = uuid.uuid4()
    row = services.claim_batch(campaign_id=campaign.pk, size=10, claim=first)[0]
    Delivery.objects.update(claimed_at=timezone.now() - datetime.timedelta(hours=1))
    services.requeue_stuck()
    second = uuid.uuid4()
    assert services.claim_batch(campaign_id=campaign.pk, size=10, claim=second)[0]["id"] == row["id"]
    # The slow first batch reports late: the row now belongs to the second one.
    services.record_results(
        campaign_id=campaign.pk, claim=first, sent=[], transient={}, permanent={row["id"]: (1, "550")}
    )
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.claim) == (D.CLAIMED, second)
    assert Subscriber.objects.get().hard_bounces == 0


class FakeLink:
    """A transport that fails as told, message by message."""

    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.sent = []

    def send(self, sender, recipient, message):
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome:
            raise outcome
        self.sent.append(recipient)

    def close(self):
        pass


def test_a_refusing_relay_pauses_the_campaign_and_bounces_no_one(update, monkeypatch):
    campaign = _sending(update)
    link = FakeLink([None, sending.Refused("SMTPSenderRefused: (550, b'sender not allowed')")])
    monkeypatch.setattr(sending, "transport", lambda: link)
    result = sending.send_batch(campaign.pk)
    campaign.refresh_from_db()
    assert campaign.state == C.PAUSED and "sender not allowed" in campaign.last_error
    assert result["sent"] == 1
    assert Delivery.objects.filter(state=D.SENT).count() == 1
    assert Delivery.objects.filter(state=D.QUEUED).count() == 2
    assert not Delivery.objects.filter(state__in=[D.FAILED, D.CLAIMED]).exists()
    assert set(Subscriber.objects.values_list("hard_bounces", flat=True)) == {0}
    assert set(Delivery.objects.filter(state=D.QUEUED).values_list("attempts", flat=True)) == {0}


def test_an_unreachable_relay_charges_no_attempt(update, monkeypatch):
    campaign = _sending(update)
    monkeypatch.setattr(
        sending, "transport", lambda: FakeLink([sending.Unreachable("ConnectionRefusedError")])
    )
    sending.send_batch(campaign.pk)
    campaign.refresh_from_db()
    assert campaign.state == C.SENDING
    rows = Delivery.objects.all()
    assert {(d.state, d.attempts) for d in rows} == {(D.QUEUED, 0)}
    assert all(d.next_attempt_at > timezone.now() for d in rows)


def test_an_unexpected_error_keeps_what_was_sent(update, monkeypatch):
    campaign = _sending(update)
    monkeypatch.setattr(sending, "transport", lambda: FakeLink([None, RuntimeError("bug")]))
    with pytest.raises(RuntimeError):
        sending.send_batch(campaign.pk)
    assert Delivery.objects.filter(state=D.SENT).count() == 1
    assert (
        Delivery.objects.filter(state=D.CLAIMED).count() == 1
    )  # the one in flight: the beat task takes it back
    assert Delivery.objects.filter(state=D.QUEUED, attempts=0).count() == 1


def test_an_older_generation_of_batches_stops(update, mailoutbox):
    campaign = _sending(update, count=1)
    Campaign.objects.update(generation=3)
    assert sending.send_batch(campaign.pk, 2)["stopped"]
    assert mailoutbox == []
    sending.send_batch(campaign.pk, 3)
    assert len(mailoutbox) == 1


def test_an_address_unsubscribed_mid_campaign_gets_nothing_more(
    update, moderator, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_LIST_CONCURRENCY = 0
    staying, leaving = SubscriberFactory(), SubscriberFactory()
    campaign = CampaignFactory(page=update)
    services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    # Unsubscribed while its row was out for a first, failed try: the row is queued again.
    Subscriber.objects.filter(pk=leaving.pk).update(state="unsubscribed")
    settings.PORTAL_LIST_CONCURRENCY = 1
    services.start_batches(campaign.pk, Campaign.objects.get().generation)
    assert [m.to for m in mailoutbox] == [[staying.email]]
    campaign.refresh_from_db()
    assert campaign.state == C.SENT
    assert Delivery.objects.get(subscriber=leaving).state == D.CANCELLED


def test_eager_mode_loops_instead_of_nesting(
    update, moderator, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_LIST_BATCH_SIZE = 1
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"e{n}@example.org", language="en", state="confirmed") for n in range(300)]
    )
    campaign = _send(CampaignFactory(page=update), moderator, django_capture_on_commit_callbacks)
    assert campaign.state == C.SENT and len(mailoutbox) == 300


def test_a_private_or_unpublished_update_is_never_sent(update, moderator, settings):
    from wagtail.models import PageViewRestriction

    settings.PORTAL_LIST_CONCURRENCY = 0
    campaign = services.campaign_create(page=update, actor=moderator)
    PageViewRestriction.objects.create(page=update, restriction_type=PageViewRestriction.LOGIN)
    with pytest.raises(services.ValidationError):
        services.campaign_create(page=update, actor=moderator)
    with pytest.raises(services.ValidationError):
        services.campaign_move(campaign=campaign, to=C.SENDING, actor=moderator)
    assert Campaign.objects.get(pk=campaign.pk).state == C.DRAFT


def test_test_sends_carry_their_own_message_id(update, moderator, mailoutbox):
    campaign = CampaignFactory(page=update)
    services.test_send(campaign=campaign, language="en", user=moderator)
    services.test_send(campaign=campaign, language="en", user=moderator)
    ids = [email.message_from_bytes(m.message().as_bytes())["Message-ID"] for m in mailoutbox]
    assert len(set(ids)) == 2


def test_list_headers_with_a_name_that_is_not_ascii(update, settings):
    from announcements import rendering

    settings.PORTAL_LIST_NAME = "Annonces de la communauté"
    campaign = CampaignFactory(page=update)
    factory = rendering.MessageFactory(rendering.render_edition(campaign, "fr"), campaign.pk)
    _to, raw = factory.build(email="a@example.org", subscriber_id=1, token="t")
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    parsed = email.message_from_bytes(raw)
    assert "=?utf-8?" in parsed["List-Id"] and parsed["Date"].endswith("GMT")


def test_move_labels_follow_the_readers_language():
    from django.utils import translation

    from announcements.admin_views import MOVE_LABELS

    with translation.override("es"):
        assert str(MOVE_LABELS[C.PAUSED]) != "Pause"
