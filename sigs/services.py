"""Writes for SIG proposals: drafts, co-leaders, submissions and versions,
the review workflow with its guards, and decisions.

Every state change goes through `proposal_move`, which checks the map and who
may make the move, records it, and tells the people concerned after commit."""

import difflib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts import services as account_services
from portal import audit
from sigs.models import (
    VERSIONED_FIELDS,
    CoLeader,
    Proposal,
    ProposalEvent,
    ProposalState,
    ProposalVersion,
    Review,
)

P = ProposalState

PROPOSAL_MOVES = {
    P.DRAFT: {P.SUBMITTED, P.WITHDRAWN},
    P.SUBMITTED: {P.IN_REVIEW, P.WITHDRAWN},
    P.IN_REVIEW: {P.CHANGES_REQUESTED, P.APPROVED, P.REJECTED, P.WITHDRAWN},
    P.CHANGES_REQUESTED: {P.RESUBMITTED, P.WITHDRAWN},
    P.RESUBMITTED: {P.IN_REVIEW, P.WITHDRAWN},
    P.APPROVED: set(),
    P.REJECTED: set(),
    P.WITHDRAWN: set(),
}
PROPOSER_MOVES = {P.SUBMITTED, P.RESUBMITTED, P.WITHDRAWN}
REVIEWER_MOVES = {P.IN_REVIEW, P.CHANGES_REQUESTED}
DECISIONS = {P.APPROVED, P.REJECTED}
OPEN_STATES = {P.SUBMITTED, P.IN_REVIEW, P.CHANGES_REQUESTED, P.RESUBMITTED}


class InvalidMove(ValidationError):
    def __init__(self, old, new):
        super().__init__(
            _("A proposal that is “%(old)s” cannot become “%(new)s”.")
            % {"old": ProposalState(old).label, "new": ProposalState(new).label},
            code="invalid_move",
        )


def is_reviewer(user) -> bool:
    return user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.SIG_REVIEWERS))


def is_moderator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or roles.has_role(user, roles.MODERATORS)
        or roles.has_role(user, roles.ADMINISTRATORS)
    )


def is_involved(user, proposal: Proposal) -> bool:
    """The proposer and the co-leaders: they never review or decide, superusers included."""
    return user.pk == proposal.proposer_id or proposal.co_leaders.filter(user=user).exists()


# --- Drafts and co-leaders -------------------------------------------------------


def proposal_save_draft(*, proposal: Proposal, user, data: dict) -> Proposal:
    """Save whatever the proposer has so far: drafts may be incomplete."""
    if proposal.pk and proposal.proposer_id != user.pk:
        raise PermissionDenied
    if proposal.pk and proposal.state not in (P.DRAFT, P.CHANGES_REQUESTED):
        raise ValidationError(
            _("Only a draft, or a proposal with changes requested, can be edited."), code="locked"
        )
    with transaction.atomic():
        proposal.proposer = user
        for field in [*VERSIONED_FIELDS, "core_acknowledged"]:
            if field in data:
                setattr(proposal, field, data[field])
        proposal.save()
    return proposal


def co_leader_set(*, proposal: Proposal, user, co_leaders) -> None:
    """Name the co-leaders (existing members). Newly named ones are asked to confirm."""
    if proposal.proposer_id != user.pk:
        raise PermissionDenied
    wanted = {u.pk: u for u in co_leaders if u.pk != proposal.proposer_id}
    with transaction.atomic():
        proposal.co_leaders.exclude(user_id__in=wanted).delete()
        existing = set(proposal.co_leaders.values_list("user_id", flat=True))
        new = [CoLeader(proposal=proposal, user=u) for pk, u in wanted.items() if pk not in existing]
        CoLeader.objects.bulk_create(new)
        if new:
            account_services.mail_users(
                users=[c.user for c in new],
                template_prefix="sigs/mail/co_leader_invited",
                context={"proposal": proposal, "proposer": user, "site_url": settings.SITE_URL.rstrip("/")},
            )


def co_leader_confirm(*, proposal: Proposal, user) -> CoLeader:
    with transaction.atomic():
        co_leader = CoLeader.objects.select_for_update().filter(proposal=proposal, user=user).first()
        if co_leader is None:
            raise PermissionDenied
        if co_leader.confirmed_at is None:
            co_leader.confirmed_at = timezone.now()
            co_leader.save(update_fields=["confirmed_at"])
    return co_leader


# --- Submission --------------------------------------------------------------------


def submission_errors(proposal: Proposal) -> dict[str, str]:
    """What a proposal lacks before it can be submitted, field by field."""
    errors = {}
    required = {
        "name": _("Give the SIG a name."),
        "summary": _("Write a short summary."),
        "mission": _("Describe the SIG's mission and scope."),
        "category": _("Choose a category."),
        "channels": _("Say where the SIG will talk (mailing list, chat channel …)."),
    }
    for field, message in required.items():
        if not str(getattr(proposal, field) or "").strip():
            errors[field] = message
    if not proposal.deliverables:
        errors["deliverables"] = _("Choose at least one deliverable.")
    if "other" in proposal.deliverables and not proposal.deliverables_other.strip():
        errors["deliverables_other"] = _("Describe the other deliverable.")
    if not proposal.core_acknowledged:
        errors["core_acknowledged"] = _(
            "Confirm that the SIG will not change the distribution's default core."
        )
    waiting = [str(c.user) for c in proposal.co_leaders.select_related("user") if c.confirmed_at is None]
    if waiting:
        errors["co_leaders"] = _("These co-leaders have not confirmed yet: %(names)s.") % {
            "names": ", ".join(waiting)
        }
    return errors


def snapshot(proposal: Proposal) -> dict:
    return {field: getattr(proposal, field) for field in VERSIONED_FIELDS}


def proposal_submit(*, proposal: Proposal, user) -> ProposalEvent:
    """Submit a complete proposal (or resubmit it after changes were requested):
    every field is checked, and what was submitted is kept as a new version."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        errors = submission_errors(proposal)
        if errors:
            raise ValidationError(errors)
        to = P.RESUBMITTED if proposal.state == P.CHANGES_REQUESTED else P.SUBMITTED
        event = proposal_move(proposal=proposal, to=to, actor=user)
        number = proposal.versions.count() + 1
        ProposalVersion.objects.create(proposal=proposal, number=number, data=snapshot(proposal))
    return event


def version_diff(proposal: Proposal, old: int | None = None, new: int | None = None) -> list[dict]:
    """Field by field, what changed between two versions (default: the last two)."""
    versions = list(proposal.versions.all())
    if len(versions) < 2:
        return []
    by_number = {v.number: v for v in versions}
    before = by_number.get(old or versions[-2].number)
    after = by_number.get(new or versions[-1].number)
    if before is None or after is None:
        return []
    changes = []
    for field in VERSIONED_FIELDS:
        a, b = before.data.get(field), after.data.get(field)
        if a == b:
            continue
        a_text = ", ".join(a) if isinstance(a, list) else str(a or "")
        b_text = ", ".join(b) if isinstance(b, list) else str(b or "")
        lines = list(difflib.unified_diff(a_text.splitlines(), b_text.splitlines(), lineterm="", n=1))[
            2:
        ]  # drop the ---/+++ headers
        changes.append({"field": field, "before": a_text, "after": b_text, "lines": lines})
    return changes


# --- Moves ----------------------------------------------------------------------------


def _may_move(user, proposal: Proposal, to) -> bool:
    if to in PROPOSER_MOVES:
        return user.pk == proposal.proposer_id
    if to in REVIEWER_MOVES:
        return (is_reviewer(user) or is_moderator(user)) and not is_involved(user, proposal)
    if to in DECISIONS:
        return is_moderator(user) and not is_involved(user, proposal)
    return False


def proposal_move(*, proposal: Proposal, to, actor, comment: str = "") -> ProposalEvent:
    """The one way a proposal changes state."""
    to = ProposalState(to)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        old = ProposalState(proposal.state)
        if to not in PROPOSAL_MOVES[old]:
            raise InvalidMove(old, to)
        if not _may_move(actor, proposal, to):
            raise PermissionDenied
        if to in DECISIONS:
            _check_decision(proposal, comment)
        if to == P.CHANGES_REQUESTED and not comment.strip():
            raise ValidationError(_("Say what should change."), code="comment_required")
        event = ProposalEvent.objects.create(
            proposal=proposal, actor=actor, old_state=old, new_state=to, comment=comment.strip()
        )
        proposal.state = to
        proposal.state_changed_at = timezone.now()
        fields = ["state", "state_changed_at", "updated_at"]
        if to in DECISIONS:
            proposal.decision_reason = comment.strip()
            fields.append("decision_reason")
        proposal.save(update_fields=fields)
        if to == P.APPROVED:
            sig_create(proposal=proposal)
        audit.record(
            instance=proposal,
            action=f"sigs.proposal.{to}",
            user=actor,
            data={"from": old, "to": to, "comment": event.comment},
        )
        _notify_move(proposal, event)
    return event


def counted_reviews(proposal: Proposal) -> int:
    return proposal.reviews.filter(recused=False, vote__isnull=False).count()


def _check_decision(proposal: Proposal, reason: str) -> None:
    minimum = settings.PORTAL_SIG_MIN_REVIEWS
    if counted_reviews(proposal) < minimum:
        raise ValidationError(
            _("A decision needs at least %(minimum)s reviews with a vote; this proposal has %(count)s.")
            % {"minimum": minimum, "count": counted_reviews(proposal)},
            code="too_few_reviews",
        )
    if not reason.strip():
        raise ValidationError(
            _("Write the reason for the decision: the proposer will read it."), code="reason"
        )


def _notify_move(proposal: Proposal, event: ProposalEvent) -> None:
    """The proposer and co-leaders hear of every move; reviewers of new submissions."""
    context = {"proposal": proposal, "event": event, "site_url": settings.SITE_URL.rstrip("/")}
    people = {proposal.proposer_id: proposal.proposer}
    for co_leader in proposal.co_leaders.select_related("user"):
        people[co_leader.user_id] = co_leader.user
    if event.actor_id:
        people.pop(event.actor_id, None)
    account_services.mail_users(
        users=people.values(), template_prefix="sigs/mail/proposal_moved", context=context
    )
    if event.new_state in (P.SUBMITTED, P.RESUBMITTED):
        from django.contrib.auth import get_user_model

        reviewers = (
            get_user_model().objects.filter(is_active=True, groups__name=roles.SIG_REVIEWERS).distinct()
        )
        account_services.mail_users(
            users=[r for r in reviewers if r.pk not in people and r.pk != proposal.proposer_id],
            template_prefix="sigs/mail/proposal_to_review",
            context=context,
        )


# --- Reviews ----------------------------------------------------------------------------


def review_save(*, proposal: Proposal, reviewer, vote: int, rationale: str) -> Review:
    """A reviewer's vote and written rationale, editable until the decision.
    Nobody reviews a proposal they submitted or co-lead, superusers included."""
    if not is_reviewer(reviewer):
        raise PermissionDenied
    if is_involved(reviewer, proposal):
        raise ValidationError(_("You cannot review a proposal you submitted or co-lead."), code="self_review")
    if proposal.state != P.IN_REVIEW:
        raise ValidationError(_("Reviews are open only while a proposal is in review."), code="not_in_review")
    if not rationale.strip():
        raise ValidationError(
            _("Explain your vote: the proposer and the other reviewers read it."), code="rationale"
        )
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={"vote": vote, "rationale": rationale.strip(), "recused": False, "recusal_reason": ""},
        )
        audit.record(instance=proposal, action="sigs.review", user=reviewer, data={"vote": vote})
    return review


def review_recuse(*, proposal: Proposal, reviewer, reason: str) -> Review:
    """A reviewer declares a conflict of interest: their vote no longer counts."""
    if not is_reviewer(reviewer):
        raise PermissionDenied
    if proposal.state in (P.APPROVED, P.REJECTED, P.WITHDRAWN):
        raise ValidationError(_("This proposal is decided."), code="decided")
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={"vote": None, "recused": True, "recusal_reason": reason.strip()},
        )
        audit.record(instance=proposal, action="sigs.recuse", user=reviewer, data={"reason": reason.strip()})
    return review


# --- Reminders ------------------------------------------------------------------------


def reminders_send(*, today=None) -> int:
    """Remind reviewers of proposals waiting for review, and proposers of
    changes requested they have not answered, once the state is older than
    PORTAL_SIG_REMINDER_DAYS. At most one reminder per proposal and day (a
    conditional update claims the day, in the same transaction as the mails)."""
    import datetime

    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    cutoff = timezone.now() - datetime.timedelta(days=settings.PORTAL_SIG_REMINDER_DAYS)
    waiting = Proposal.objects.filter(
        state__in=[P.SUBMITTED, P.IN_REVIEW, P.RESUBMITTED, P.CHANGES_REQUESTED], state_changed_at__lt=cutoff
    ).exclude(reminded_on=today)
    reviewers = list(
        get_user_model().objects.filter(is_active=True, groups__name=roles.SIG_REVIEWERS).distinct()
    )
    sent = 0
    for proposal in waiting.select_related("proposer"):
        with transaction.atomic():
            claimed = (
                Proposal.objects.filter(pk=proposal.pk).exclude(reminded_on=today).update(reminded_on=today)
            )
            if not claimed:
                continue
            context = {
                "proposal": proposal,
                "days": (timezone.now() - proposal.state_changed_at).days,
                "site_url": settings.SITE_URL.rstrip("/"),
            }
            if proposal.state == P.CHANGES_REQUESTED:
                account_services.mail_users(
                    users=[proposal.proposer], template_prefix="sigs/mail/changes_reminder", context=context
                )
            else:
                done = set(proposal.reviews.values_list("reviewer_id", flat=True))
                involved = {proposal.proposer_id, *proposal.co_leaders.values_list("user_id", flat=True)}
                account_services.mail_users(
                    users=[r for r in reviewers if r.pk not in done and r.pk not in involved],
                    template_prefix="sigs/mail/review_reminder",
                    context=context,
                )
        sent += 1
    return sent


# --- SIGs ------------------------------------------------------------------------------


RESERVED_SLUGS = {"proposals", "review"}


def sig_create(*, proposal: Proposal):
    """An approved proposal becomes a SIG in the directory; its leaders are the
    proposer and the confirmed co-leaders."""
    from django.utils.text import slugify

    from portal.cache import content_changed
    from sigs.models import Sig

    base = slugify(proposal.name)[:100] or "sig"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Sig.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    sig = Sig.objects.create(
        proposal=proposal,
        slug=slug,
        name=proposal.name,
        summary_en=proposal.summary,
        mission_en=proposal.mission,
        category=proposal.category,
        deliverables=proposal.deliverables,
        channels=proposal.channels,
    )
    sig.leaders.add(proposal.proposer, *[c.user for c in proposal.co_leaders.exclude(confirmed_at=None)])
    content_changed()
    return sig
