"""Sponsors, their levels, and the inquiries that become sponsors.

Public pages show a sponsor only once a moderator made it public, from its
start date, and until its end date plus a grace period
(`SponsorQuerySet.visible`): expiry needs no cron job and no manual step.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model_string


class ContributionKind(models.TextChoices):
    DEVELOPERS = "developers", _("Developers")
    HARDWARE = "hardware", _("Hardware")
    CLOUD = "cloud", _("Cloud instances")
    SERVICES = "services", _("Services")
    MONEY = "money", _("Money")
    OTHER = "other", _("Other")


class LogoSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")


# The rendition each logo size is served at: twice the box the page shows it
# in, for sharp logos on high-density screens. Originals are never served.
LOGO_RENDITIONS = {
    LogoSize.LARGE: "max-640x320",
    LogoSize.MEDIUM: "max-440x220",
    LogoSize.SMALL: "max-300x150",
}


def kind_labels(kinds) -> list[str]:
    labels = dict(ContributionKind.choices)
    return [labels[k] for k in ContributionKind.values if k in kinds]


class SponsorLevel(models.Model):
    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Levels are shown from the lowest number to the highest.")
    )
    logo_size = models.CharField(
        _("logo size"), max_length=10, choices=LogoSize.choices, default=LogoSize.MEDIUM
    )
    benefits = models.TextField(
        _("benefits"),
        blank=True,
        max_length=1000,
        help_text=_("Optional: what sponsors at this level receive."),
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("sponsor level")
        verbose_name_plural = _("sponsor levels")

    def __str__(self):
        return self.name

    @property
    def logo_rendition(self) -> str:
        return LOGO_RENDITIONS[self.logo_size]


class SponsorQuerySet(models.QuerySet):
    def visible(self, today: datetime.date | None = None):
        """Public, started, and not past its end date plus the grace period."""
        today = today or timezone.localdate()
        last_end = today - datetime.timedelta(days=settings.PORTAL_SPONSOR_GRACE_DAYS)
        return self.filter(
            models.Q(is_public=True),
            models.Q(start_date__lte=today),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=last_end),
        )

    def expired(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        last_end = today - datetime.timedelta(days=settings.PORTAL_SPONSOR_GRACE_DAYS)
        return self.filter(end_date__lt=last_end)


class Sponsor(models.Model):
    name = models.CharField(_("name"), max_length=120)
    website = models.URLField(_("website"), blank=True, max_length=300)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.ForeignKey(
        SponsorLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="sponsors"
    )
    kinds = models.JSONField(_("contribution kinds"), default=list, blank=True)
    acknowledgement = models.TextField(
        _("acknowledgement"),
        blank=True,
        max_length=600,
        help_text=_("The thank-you text on the sponsors page; translators translate it."),
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for a sponsorship without an end.")
    )
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_language = models.CharField(
        _("contact language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    inquiry = models.OneToOneField(
        "SponsorshipInquiry",
        verbose_name=_("inquiry"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="sponsor",
    )
    # The end date whose renewal notice went out: one notice per end date.
    renewal_notice_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SponsorQuerySet.as_manager()

    class Meta:
        ordering = ["level__sort_order", "name"]
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        permissions = [
            ("publish_sponsor", _("Can show or hide a sponsor on public pages")),
            ("export_sponsors", _("Can export sponsors and inquiries")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="sponsor_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def kind_labels(self) -> list[str]:
        return kind_labels(self.kinds)


class InquiryState(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")


class SponsorshipInquiry(models.Model):
    organisation = models.CharField(_("organisation"), max_length=120)
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    kinds = models.JSONField(_("help offered"), default=list)
    message = models.TextField(_("message"), max_length=5000, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(
        _("state"), max_length=12, choices=InquiryState.choices, default=InquiryState.NEW
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sponsorship inquiry")
        verbose_name_plural = _("sponsorship inquiries")

    def __str__(self):
        return self.organisation

    @property
    def kind_labels(self) -> list[str]:
        return kind_labels(self.kinds)


class InquiryEvent(models.Model):
    """One move of an inquiry: who, when, from, to, and why."""

    inquiry = models.ForeignKey(SponsorshipInquiry, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    old_state = models.CharField(_("from"), max_length=12, choices=InquiryState.choices)
    new_state = models.CharField(_("to"), max_length=12, choices=InquiryState.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inquiry event")
        verbose_name_plural = _("inquiry events")

    def __str__(self):
        return f"{self.inquiry}: {self.old_state} → {self.new_state}"
