"""Teams, volunteers and their applications.

A member registers once (`Volunteer`, one per user) and applies to teams
(`Application`, one per person and team), or registers as a supporter only.
Applications move through `services.APPLICATION_MOVES`; every move is an
`ApplicationEvent`. Personal data lives on `Volunteer` and the user; deleting
an account erases both and leaves applications under a pseudonym
(`services.account_delete`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    APPROVAL = "approval", _("A lead approves each application")
    CLOSED = "closed", _("Closed: not taking new members")


class Team(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    how_to_join = models.TextField(
        _("how to join"), max_length=1000, blank=True, help_text=_("What happens after someone applies.")
    )
    join_policy = models.CharField(
        _("join policy"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    asks_languages = models.BooleanField(
        _("asks for languages"),
        default=False,
        help_text=_("Applicants name the languages they will translate (the Localization team)."),
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leads"), blank=True, related_name="led_teams"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The day the last "applications are waiting" reminder went to the leads.
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        permissions = [("export_volunteers", _("Can export volunteers"))]

    def __str__(self):
        return self.name


class HeardFrom(models.TextChoices):
    FORUM = "forum", _("The forum")
    CHAT = "chat", _("Chat (Mattermost, IRC, Matrix…)")
    SOCIAL = "social", _("Social media")
    NEWS = "news", _("A news article or blog")
    FRIEND = "friend", _("A friend or colleague")
    SEARCH = "search", _("A search engine")
    EVENT = "event", _("A conference or event")
    OTHER = "other", _("Somewhere else")


class Volunteer(models.Model):
    """What a member told us when they registered to help."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer")
    display_name = models.CharField(_("display name"), max_length=80)
    country = models.CharField(_("country or region"), max_length=80)
    timezone = models.CharField(_("time zone"), max_length=64)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    heard_from = models.CharField(_("how they heard of us"), max_length=10, choices=HeardFrom.choices)
    contact_ok = models.BooleanField(_("may be contacted"), default=False)
    supporter_only = models.BooleanField(_("supporter only"), default=False)
    not_sure = models.BooleanField(_("not sure yet"), default=False)
    wants_announcements = models.BooleanField(_("wants the announcements list"), default=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return self.display_name


class VolunteerLanguage(models.Model):
    """A language a volunteer speaks: one row each, so counts are one GROUP BY."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["volunteer", "code"], name="volunteer_language_once")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.code


class ApplicationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """One person's application to one team. Kept (under a pseudonym) when the person deletes their account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="applications")
    state = models.CharField(
        _("status"), max_length=10, choices=ApplicationState.choices, default=ApplicationState.PENDING
    )
    translate_languages = models.JSONField(_("languages to translate"), default=list, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="one_application_per_team")]
        indexes = [models.Index(fields=["team", "state"])]

    def __str__(self):
        # No personal data: this label is copied into the audit log.
        return f"#{self.pk} → {self.team}"


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    old_state = models.CharField(_("from"), max_length=10, choices=ApplicationState.choices, blank=True)
    new_state = models.CharField(_("to"), max_length=10, choices=ApplicationState.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.old_state} → {self.new_state}"


class ExportRecord(models.Model):
    """A CSV export of volunteers' data: who, when, which filters, how many rows (also in the site history)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filters = models.JSONField(default=dict)
    rows = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Volunteer export of {self.rows} rows"
