"""SIG proposals and their review, and the SIGs they become.

A proposal moves through `services.PROPOSAL_MOVES` (one entry point,
`services.proposal_move`); each submission is kept as a `ProposalVersion`
so reviewers can compare a resubmission with what they reviewed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DESKTOP = "desktop", _("Desktop and laptop")
    SECURITY = "security", _("Enhanced security")
    CLOUD = "cloud", _("Kubernetes and cloud native")
    MINIMAL = "minimal", _("Minimal install and OS bootstrap")
    STORAGE = "storage", _("Storage appliance")
    HPC = "hpc", _("High-performance computing")
    OTHER = "other", _("Other")


class Deliverable(models.TextChoices):
    REPOSITORIES = "repositories", _("Package repositories")
    INSTALLER = "installer", _("A custom installer or image")
    DOCUMENTATION = "documentation", _("Documentation")
    OTHER = "other", _("Something else")


def deliverable_labels(values) -> list[str]:
    labels = dict(Deliverable.choices)
    return [str(labels.get(value, value)) for value in values]


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The fields a submission freezes into a version (and a diff compares).
VERSIONED_FIELDS = [
    "name",
    "summary",
    "mission",
    "category",
    "deliverables",
    "deliverables_other",
    "initial_members",
    "channels",
    "resources",
]


class Proposal(models.Model):
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sig_proposals",
        verbose_name=_("proposer"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    summary = models.CharField(_("short summary"), max_length=300, blank=True)
    mission = models.TextField(_("mission and scope"), max_length=5000, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True)
    deliverables = models.JSONField(_("deliverables"), default=list, blank=True)
    deliverables_other = models.CharField(_("other deliverables"), max_length=300, blank=True)
    initial_members = models.TextField(_("initial members"), max_length=2000, blank=True)
    channels = models.TextField(_("communication channels"), max_length=1000, blank=True)
    resources = models.TextField(_("resources requested from infrastructure"), max_length=2000, blank=True)
    core_acknowledged = models.BooleanField(
        _("the SIG will not change the distribution's default core"), default=False
    )
    state = models.CharField(
        _("status"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT, db_index=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    public_comments_until = models.DateField(_("public comments until"), null=True, blank=True)
    # When the state last changed: reminders count from here.
    state_changed_at = models.DateTimeField(_("status since"), auto_now_add=True)
    # The day the last reminder about this proposal went out.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("SIG proposal")
        verbose_name_plural = _("SIG proposals")
        permissions = [
            ("review_proposal", _("Can review SIG proposals")),
            ("decide_proposal", _("Can decide on SIG proposals")),
        ]

    def __str__(self):
        return self.name or _("Untitled proposal")

    deliverable_labels = property(lambda self: deliverable_labels(self.deliverables))


class CoLeader(models.Model):
    """A proposed co-leader: an existing member, who confirms before submission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_leaders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sig_co_leads")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="co_leader_once")]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ProposalVersion(models.Model):
    """What the proposer submitted, frozen: version 1, 2 … one per submission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="version_once")]

    def __str__(self):
        return f"{self.proposal} v{self.number}"


class ProposalEvent(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    old_state = models.CharField(max_length=20, choices=ProposalState.choices)
    new_state = models.CharField(max_length=20, choices=ProposalState.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal}: {self.old_state} → {self.new_state}"


class Vote(models.IntegerChoices):
    FOR = 1, _("+1 (for)")
    NEUTRAL = 0, _("0 (neutral)")
    AGAINST = -1, _("−1 (against)")


class Review(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sig_reviews"
    )
    vote = models.SmallIntegerField(_("vote"), choices=Vote.choices, null=True, blank=True)
    rationale = models.TextField(_("rationale"), max_length=5000, blank=True)
    recused = models.BooleanField(_("recused"), default=False)
    recusal_reason = models.CharField(_("conflict of interest"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.proposal}"


class Question(models.Model):
    """The private question-and-answer thread between the proposer (and
    co-leaders) and the reviewers: nobody else reads it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.proposal}"


class Comment(models.Model):
    """A signed-in member's comment on a proposal's public page, during the
    comment period a moderator opened. Moderators hide, never delete."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="sig_comments"
    )
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.proposal}"


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone signed in may join")
    APPROVAL = "approval", _("A leader approves each request")


# The SIG's setup checklist: (field on Sig, what leaders tick off).
CHECKLIST = [
    ("channel_created_at", _("Communication channel created")),
    ("repository_requested_at", _("Repository requested from infrastructure")),
    ("wiki_written_at", _("Wiki page written")),
]


class Membership(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a leader")
        MEMBER = "member", _("Member")

    sig = models.ForeignKey("Sig", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sig_memberships"
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["sig", "user"], name="one_membership_per_sig")]

    def __str__(self):
        return f"{self.user} in {self.sig}"


class SigStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Sig(models.Model):
    """An approved proposal, as the public directory shows it. Summary and
    mission are translated through the translator workspace."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="sig")
    slug = models.SlugField(_("slug"), max_length=110, unique=True)
    name = models.CharField(_("name"), max_length=100)
    summary = models.CharField(_("short summary"), max_length=300)
    mission = models.TextField(_("mission and scope"), max_length=5000)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    deliverables = models.JSONField(_("deliverables"), default=list)
    channels = models.TextField(_("communication channels"), max_length=1000)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="led_sigs", verbose_name=_("leaders")
    )
    status = models.CharField(_("status"), max_length=10, choices=SigStatus.choices, default=SigStatus.ACTIVE)
    retired_reason = models.TextField(_("reason for retiring"), blank=True)
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    channel_created_at = models.DateTimeField(null=True, blank=True)
    repository_requested_at = models.DateTimeField(null=True, blank=True)
    wiki_written_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("SIG")
        verbose_name_plural = _("SIGs")

    def __str__(self):
        return self.name

    deliverable_labels = property(lambda self: deliverable_labels(self.deliverables))
