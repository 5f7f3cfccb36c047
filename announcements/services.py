"""Writes for the announcements list: subscriptions (double opt-in) and
campaigns (one entry point for their state, `campaign_move`), and the
sending pipeline's steps (claim a batch, record what happened, finish)."""

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from announcements import tokens
from announcements.models import Campaign, Delivery, Subscriber
from announcements.rendering import site_url
from portal import audit, locales
from portal.cache import content_changed

S = Subscriber.State
C = Campaign.State
D = Delivery.State


def normalise(email: str) -> str:
    return email.strip().lower()


# --- Subscriptions ----------------------------------------------------------------------


NOTIFY_COOLDOWN = datetime.timedelta(hours=1)


def subscribe(*, email: str, language: str) -> Subscriber:
    """A visitor asks to subscribe. Whatever the address's state, the answer
    on the page is the same; the mail differs: a confirmation link (new,
    pending, unsubscribed or suspended addresses) or, for an address already
    subscribed, a note with its preferences link. At most one such mail an
    hour goes to an address, however often it is submitted (the form is
    open to any site: it must not become a way to flood a mailbox)."""
    email = normalise(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        quiet = subscriber.notified_at is not None and now - subscriber.notified_at < NOTIFY_COOLDOWN
        if subscriber.state == S.CONFIRMED:
            if not quiet:
                _mail(subscriber, "announcements/mail/already_subscribed", manage_url=manage_url(subscriber))
                Subscriber.objects.filter(pk=subscriber.pk).update(notified_at=now)
            return subscriber
        subscriber.language = language
        subscriber.state = S.PENDING
        fields = ["language", "state"]
        if not quiet:
            subscriber.notified_at = now
            fields.append("notified_at")
            _mail(
                subscriber,
                "announcements/mail/confirm",
                confirm_url=f"{site_url()}/{language}/announcements/confirm/{tokens.confirm_token(subscriber)}/",
                days=settings.PORTAL_LIST_CONFIRM_DAYS,
            )
        subscriber.save(update_fields=fields)
    return subscriber


def _mail(subscriber: Subscriber, template_prefix: str, **context) -> None:
    account_services.queue_templated_email(
        template_prefix=template_prefix,
        to=[subscriber.email],
        language=subscriber.language,
        context={
            "subscriber": subscriber,
            "site_url": site_url(),
            "list_name": settings.PORTAL_LIST_NAME,
            **context,
        },
    )


def manage_url(subscriber: Subscriber) -> str:
    return f"{site_url()}/{subscriber.language}/announcements/manage/{tokens.manage_token(subscriber)}/"


def confirm(*, subscriber: Subscriber) -> bool:
    """Confirm the address (from the link in the confirmation mail). False when
    it was confirmed already. A suspended address starts again with no bounces."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.state == S.CONFIRMED:
            return False
        subscriber.state = S.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.hard_bounces = 0
        subscriber.save(update_fields=["state", "confirmed_at", "hard_bounces"])
    return True


def unsubscribe(*, subscriber: Subscriber) -> bool:
    """At once, with no question asked. False when it was not subscribed."""
    updated = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(state=S.UNSUBSCRIBED)
        .update(state=S.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    # Nothing more goes to them from a campaign being sent.
    Delivery.objects.filter(subscriber_id=subscriber.pk, state=D.QUEUED).update(state=D.CANCELLED)
    return bool(updated)


def resubscribe(*, subscriber: Subscriber) -> None:
    """From the preferences page: the link came by mail to this address, which
    proves it, so no new confirmation is needed."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        state=S.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None, hard_bounces=0
    )


def set_language(*, subscriber: Subscriber, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the languages offered."), code="language")
    Subscriber.objects.filter(pk=subscriber.pk).update(language=language)


def member_subscribe(*, user, language: str | None = None) -> Subscriber:
    """A signed-in member subscribes their account's address, which allauth
    has verified: no confirmation mail is needed. Their subscription follows
    the account: after a change of address it moves to the new one."""
    language = language or user.preferred_language or settings.LANGUAGE_CODE
    email = normalise(user.email)
    with transaction.atomic():
        mine = Subscriber.objects.select_for_update().filter(user=user).first()
        by_address = Subscriber.objects.select_for_update().filter(email=email).first()
        if mine is not None and by_address is not None and mine.pk != by_address.pk:
            mine.delete()  # the old address's row; the new address's row becomes the account's
            mine = None
        subscriber = mine or by_address or Subscriber(email=email)
        subscriber.user = user
        subscriber.email = email
        subscriber.language = language
        if subscriber.state != S.CONFIRMED:
            subscriber.state = S.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.hard_bounces = 0
        subscriber.save()
    return subscriber


def member_subscription(user) -> Subscriber | None:
    if not user.email:
        return None
    return (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.filter(email=normalise(user.email)).first()
    )


# --- Campaigns: the state map -------------------------------------------------------------


CAMPAIGN_MOVES = {
    C.DRAFT: {C.SCHEDULED, C.SENDING, C.CANCELLED},
    C.SCHEDULED: {C.DRAFT, C.SENDING, C.CANCELLED},
    C.SENDING: {C.PAUSED, C.SENT, C.CANCELLED},
    C.PAUSED: {C.SENDING, C.CANCELLED},
    C.SENT: set(),
    C.CANCELLED: set(),
}
# Moves only the pipeline makes (actor None): a campaign is sent when its
# last delivery is done. The pipeline may also pause a campaign the relay
# refuses (and start a scheduled one), as a sender may.
SYSTEM_MOVES = {C.SENT}
PIPELINE_MOVES = {(C.SENDING, C.SENT), (C.SENDING, C.PAUSED), (C.SCHEDULED, C.SENDING)}


class InvalidMove(ValidationError):
    def __init__(self, old, new):
        super().__init__(
            _("A campaign that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Campaign.State(old).label, "new": Campaign.State(new).label},
            code="invalid_move",
        )


def may_send(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm("announcements.send_campaign")


def campaign_create(*, page, actor) -> Campaign:
    """A campaign for a published news update (its English original)."""
    from news.models import NewsPage

    if not may_send(actor):
        raise PermissionDenied
    page = page.specific
    if not isinstance(page, NewsPage):
        raise ValidationError(_("Only a published news update can be sent to the list."), code="page")
    source = page.get_translation_or_none(locales.default()) or page
    check_sendable(source)
    with transaction.atomic():
        campaign = Campaign.objects.create(page=source, created_by=actor)
        audit.record(instance=campaign, action="announcements.campaign.created", user=actor, data={})
    return campaign


def check_sendable(page) -> None:
    """A page goes to the list only while it is published and open to everyone."""
    if not page.live or page.get_view_restrictions().exists():
        raise ValidationError(
            _("Only a published news update open to everyone can be sent to the list."), code="page"
        )


def campaign_move(*, campaign: Campaign, to, actor, scheduled_at=None) -> Campaign:
    """The one way a campaign changes state. Starting to send renders every
    language once and creates the deliveries; the batches are queued after commit."""
    to = Campaign.State(to)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        old = Campaign.State(campaign.state)
        if to not in CAMPAIGN_MOVES[old]:
            raise InvalidMove(old, to)
        if actor is None:
            if (old, to) not in PIPELINE_MOVES:
                raise PermissionDenied
        elif not may_send(actor) or to in SYSTEM_MOVES:
            raise PermissionDenied
        fields = ["state"]
        if to == C.SCHEDULED:
            if scheduled_at is None or scheduled_at <= timezone.now():
                raise ValidationError(_("Choose a time in the future."), code="scheduled_at")
            campaign.scheduled_at = scheduled_at
            fields.append("scheduled_at")
        campaign.state = to
        if to == C.SENDING and old in (C.DRAFT, C.SCHEDULED):
            _start(campaign)
            fields += ["started_at", "recipients"]
        if to == C.SENDING:
            # A new generation of batch chains: whatever is left of an older one stops.
            campaign.generation += 1
            campaign.heartbeat_at = timezone.now()
            campaign.last_error = ""
            fields += ["generation", "heartbeat_at", "last_error"]
        if to in (C.SENT, C.CANCELLED):
            campaign.finished_at = timezone.now()
            fields.append("finished_at")
        if to == C.CANCELLED:
            Delivery.objects.filter(campaign=campaign, state=D.QUEUED).update(state=D.CANCELLED)
        campaign.save(update_fields=fields)
        audit.record(
            instance=campaign,
            action=f"announcements.campaign.{to}",
            user=actor,
            data={"from": old, "to": to},
        )
        if to == C.SENDING:
            generation = campaign.generation
            transaction.on_commit(lambda: start_batches(campaign.pk, generation))
        if to == C.SENT:
            content_changed()  # the archive lists it
    return campaign


def start_batches(campaign_id: int, generation: int) -> None:
    """Queue PORTAL_LIST_CONCURRENCY parallel batch chains; each queues its
    successor until nothing is left to send. Celery in eager mode (tests)
    runs the batches one after the other here instead of nesting them."""
    from announcements import sending
    from announcements.tasks import send_batch

    if send_batch.app.conf.task_always_eager:
        if settings.PORTAL_LIST_CONCURRENCY:
            while sending.send_batch(campaign_id, generation).get("claimed"):
                pass
        return
    for _n in range(settings.PORTAL_LIST_CONCURRENCY):
        enqueue_batch(campaign_id, generation)


def enqueue_batch(campaign_id: int, generation: int, countdown: int | None = None) -> None:
    """Queue one batch task, on PORTAL_LIST_QUEUE when set (a queue of its own
    keeps account mail flowing while a campaign sends)."""
    from announcements.tasks import send_batch

    if send_batch.app.conf.task_always_eager:
        return  # start_batches loops instead; the beat task catches up on deferred rows
    send_batch.apply_async(
        (campaign_id, generation), queue=settings.PORTAL_LIST_QUEUE or None, countdown=countdown
    )


def _start(campaign: Campaign) -> None:
    from announcements import rendering

    check_sendable(campaign.page)
    rendering.render_editions(campaign)
    campaign.recipients = create_deliveries(campaign)
    campaign.started_at = campaign.heartbeat_at = timezone.now()


def create_deliveries(campaign: Campaign) -> int:
    """One row per confirmed subscriber, in one INSERT … SELECT: the database
    does the work, and memory does not grow with the list. Subscribers with a
    language no edition has get English. Running it twice adds nothing."""
    languages = list(campaign.editions.values_list("language", flat=True))
    delivery = Delivery._meta.db_table
    subscriber = Subscriber._meta.db_table
    placeholders = ", ".join(["%s"] * len(languages)) or "NULL"
    sql = f"""
        INSERT INTO {delivery}
            (campaign_id, subscriber_id, language, state, attempts, next_attempt_at, last_error)
        SELECT %s, s.id,
               CASE WHEN s.language IN ({placeholders}) THEN s.language ELSE %s END,
               %s, 0, %s, ''
        FROM {subscriber} s
        WHERE s.state = %s
        ON CONFLICT (campaign_id, subscriber_id) DO NOTHING
    """
    params = [campaign.pk, *languages, settings.LANGUAGE_CODE, D.QUEUED, timezone.now(), S.CONFIRMED]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return Delivery.objects.filter(campaign=campaign).count()


# --- The pipeline's steps -------------------------------------------------------------------


def claim_batch(*, campaign_id: int, size: int, claim) -> list[dict]:
    """Claim up to `size` due deliveries of confirmed subscribers, skipping
    rows another worker holds, under the batch's `claim` token. Returns what
    sending needs, per row."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                campaign_id=campaign_id,
                state=D.QUEUED,
                next_attempt_at__lte=now,
                subscriber__state=S.CONFIRMED,
            )
            .order_by("next_attempt_at")  # the (campaign, state, next_attempt_at) index, in order
            .values_list("id", flat=True)[:size]
        )
        if not ids:
            return []
        # Conditional, so that a database without row locks (SQLite) never double-claims.
        Delivery.objects.filter(id__in=ids, state=D.QUEUED).update(
            state=D.CLAIMED, claimed_at=now, claim=claim, attempts=F("attempts") + 1
        )
    return list(
        Delivery.objects.filter(id__in=ids, state=D.CLAIMED, claim=claim).values(
            "id", "subscriber_id", "language", "attempts", "subscriber__email", "subscriber__key"
        )
    )


def record_results(
    *,
    campaign_id: int,
    claim,
    sent: list[int],
    transient: dict,
    permanent: dict,
    deferred: dict | None = None,
    untouched=(),
) -> None:
    """What a batch did, in a few set-based updates, for the rows it still
    holds (`claim`). `transient` and `permanent` map delivery id → (attempts,
    error text); `deferred` rows could not be tried (the relay was down) and
    wait without losing an attempt; `untouched` rows go back as they were."""
    now = timezone.now()
    mine = Delivery.objects.filter(state=D.CLAIMED, claim=claim)
    with transaction.atomic():
        if sent:
            mine.filter(id__in=sent).update(state=D.SENT, sent_at=now, last_error="", claim=None)
            Subscriber.objects.filter(deliveries__id__in=sent, hard_bounces__gt=0).update(hard_bounces=0)
            # (a row taken back from this batch was sent all the same: the address works)
        by_attempts = {}
        for delivery_id, (attempts, error) in transient.items():
            by_attempts.setdefault((attempts, error[:500]), []).append(delivery_id)
        for (attempts, error), ids in by_attempts.items():
            if attempts >= settings.PORTAL_LIST_MAX_ATTEMPTS:
                mine.filter(id__in=ids).update(state=D.FAILED, last_error=error, claim=None)
            else:
                delay = min(settings.PORTAL_LIST_RETRY_SECONDS * 2 ** (attempts - 1), 3600)
                mine.filter(id__in=ids).update(
                    state=D.QUEUED,
                    claimed_at=None,
                    claim=None,
                    next_attempt_at=now + datetime.timedelta(seconds=delay),
                    last_error=error,
                )
        if permanent:
            owned = set(mine.filter(id__in=list(permanent)).values_list("id", flat=True))
            for error, ids in _group_errors({k: v for k, v in permanent.items() if k in owned}).items():
                mine.filter(id__in=ids).update(state=D.FAILED, last_error=error, claim=None)
            bounced = Subscriber.objects.filter(deliveries__id__in=owned)
            bounced.update(hard_bounces=F("hard_bounces") + 1)
            Subscriber.objects.filter(
                pk__in=bounced.values("pk"),
                state=S.CONFIRMED,
                hard_bounces__gte=settings.PORTAL_LIST_BOUNCE_LIMIT,
            ).update(state=S.SUSPENDED)
        if deferred:
            mine.filter(id__in=list(deferred)).update(
                state=D.QUEUED,
                claimed_at=None,
                claim=None,
                attempts=F("attempts") - 1,
                next_attempt_at=now + datetime.timedelta(seconds=settings.PORTAL_LIST_RETRY_SECONDS),
                last_error=str(next(iter(deferred.values())))[:500],
            )
        if untouched:
            mine.filter(id__in=list(untouched)).update(
                state=D.QUEUED, claimed_at=None, claim=None, attempts=F("attempts") - 1
            )
        # A campaign cancelled meanwhile keeps nothing in its queue (checked
        # first: the update would scan every queued row of a large campaign).
        if Campaign.objects.filter(pk=campaign_id, state=C.CANCELLED).exists():
            Delivery.objects.filter(campaign_id=campaign_id, state=D.QUEUED).update(state=D.CANCELLED)
        Campaign.objects.filter(pk=campaign_id).update(heartbeat_at=now)


def _group_errors(outcomes: dict) -> dict:
    groups = {}
    for delivery_id, (_attempts, error) in outcomes.items():
        groups.setdefault(error[:500], []).append(delivery_id)
    return groups


def pipeline_pause(*, campaign_id: int, error: str) -> None:
    """The relay refused the sender or the message, or the login: every
    message would fail the same way. Pause the campaign with the reason; a
    sender resumes it once the relay is put right."""
    Campaign.objects.filter(pk=campaign_id).update(last_error=error[:500])
    campaign = Campaign.objects.filter(pk=campaign_id, state=C.SENDING).first()
    if campaign is not None:
        with contextlib.suppress(InvalidMove):
            campaign_move(campaign=campaign, to=C.PAUSED, actor=None)


def next_due(campaign_id: int):
    """When the next deferred delivery is due, or None when none is queued."""
    return Delivery.objects.filter(campaign_id=campaign_id, state=D.QUEUED).aggregate(
        due=Min("next_attempt_at")
    )["due"]


def finish_if_done(campaign_id: int) -> bool:
    """Mark the campaign sent once no delivery is queued or being sent.
    Queued rows of addresses unsubscribed or suspended meanwhile are cancelled first."""
    Delivery.objects.filter(campaign_id=campaign_id, state=D.QUEUED).exclude(
        subscriber__state=S.CONFIRMED
    ).update(state=D.CANCELLED)
    if Delivery.objects.filter(campaign_id=campaign_id, state__in=[D.QUEUED, D.CLAIMED]).exists():
        return False
    campaign = Campaign.objects.filter(pk=campaign_id, state=C.SENDING).first()
    if campaign is None:
        return False
    try:
        campaign_move(campaign=campaign, to=C.SENT, actor=None)
    except InvalidMove:
        return False  # another batch finished it first
    return True


def requeue_stuck(*, older_than: datetime.timedelta | None = None) -> int:
    """Deliveries claimed long ago belong to a worker that died: queue them
    again. A sending campaign whose batches stopped (no progress for as long)
    gets a new generation of batch chains; the old one's tasks stop."""
    older_than = older_than or datetime.timedelta(seconds=settings.PORTAL_LIST_CLAIM_TIMEOUT)
    cutoff = timezone.now() - older_than
    requeued = Delivery.objects.filter(state=D.CLAIMED, claimed_at__lt=cutoff).update(
        state=D.QUEUED, claimed_at=None, claim=None
    )
    stalled = Campaign.objects.filter(state=C.SENDING, heartbeat_at__lt=cutoff).values_list("pk", flat=True)
    for campaign_id in stalled:
        with transaction.atomic():
            updated = Campaign.objects.filter(pk=campaign_id, heartbeat_at__lt=cutoff).update(
                heartbeat_at=timezone.now(), generation=F("generation") + 1
            )
            if updated:
                generation = Campaign.objects.values_list("generation", flat=True).get(pk=campaign_id)
                transaction.on_commit(
                    lambda campaign_id=campaign_id, generation=generation: start_batches(
                        campaign_id, generation
                    )
                )
    return requeued


def start_due_campaigns() -> int:
    """The beat task: scheduled campaigns whose time has come start sending."""
    started = 0
    for campaign in Campaign.objects.filter(state=C.SCHEDULED, scheduled_at__lte=timezone.now()):
        try:
            campaign_move(campaign=campaign, to=C.SENDING, actor=None)
        except ValidationError:
            continue
        started += 1
    return started


def test_send(*, campaign: Campaign, language: str, user) -> None:
    """The campaign as `language`'s subscribers will get it, to the sender
    alone, marked as a test, with a Message-ID of its own (a second test is
    never taken for a copy of the first); it is not a delivery and changes nothing."""
    from email.utils import make_msgid

    from announcements import rendering, sending

    if not may_send(user):
        raise PermissionDenied
    edition = campaign.editions.filter(language=language).first() or rendering.render_edition(
        campaign, language
    )
    edition.subject = "[" + _("Test") + "] " + edition.subject
    factory = rendering.MessageFactory(edition, campaign.pk)
    subscriber = member_subscription(user)
    token = tokens.manage_token(subscriber) if subscriber else "test"
    recipient, message = factory.build(
        email=user.email,
        subscriber_id=0,
        token=token,
        message_id=make_msgid(domain=settings.PORTAL_LIST_DOMAIN),
    )
    link = sending.transport()
    try:
        link.send(factory.from_email, recipient, message)
    except (sending.Transient, sending.Permanent, sending.Unreachable, sending.Refused, OSError) as error:
        raise ValidationError(_("The test could not be sent: %(error)s") % {"error": error}) from error
    finally:
        link.close()
