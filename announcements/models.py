"""The announcements list: subscribers (double opt-in, each with a language),
campaigns that send a published news page, and one delivery row per campaign
and subscriber, which is the truth about what was sent.

A campaign moves through `services.CAMPAIGN_MOVES`; deliveries through
queued → claimed → sent / failed (a transient failure puts the row back in
the queue with a later `next_attempt_at`)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(12)


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        SUSPENDED = "suspended", _("Suspended (mail bounced)")

    # Stored lower-cased: one row per address, whatever its spelling.
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.PENDING)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscription",
    )
    # Part of every token: a new key makes all earlier links invalid.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    hard_bounces = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When the last confirmation (or "already subscribed") mail went out: at
    # most one an hour, however often someone submits the address.
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["state", "language"])]

    def __str__(self):
        return self.email


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    page = models.ForeignKey(
        "news.NewsPage", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("news update")
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The last time a batch made progress: the beat task restarts a campaign
    # whose batches all died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Batch chains carry the generation that started them; a resume or a
    # restart starts a new one, and tasks of older generations stop.
    generation = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    # Why the pipeline paused the campaign (the relay refused the sender or
    # the message, or the login failed).
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        permissions = [("send_campaign", _("Can send campaigns to the announcements list"))]

    def __str__(self):
        return str(self.page.title)


class Edition(models.Model):
    """A campaign rendered in one language, once, when sending starts. Only
    the per-recipient parts (address, links with tokens, Message-ID) are
    substituted per message."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="editions")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    # The page actually sent: the translation when up to date, else the English page.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    web_url = models.URLField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="one_edition_per_language")
        ]

    def __str__(self):
        return f"{self.campaign} [{self.language}]"


class Delivery(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The batch that holds the row: its results are recorded only while it still does.
    claim = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="one_delivery_per_subscriber")
        ]
        indexes = [
            models.Index(fields=["campaign", "state", "next_attempt_at"]),
            models.Index(fields=["state", "claimed_at"]),
        ]

    def __str__(self):
        return f"{self.campaign_id} → {self.subscriber_id}: {self.state}"
