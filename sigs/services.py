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
from portal.cache import content_changed
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


# --- The private question-and-answer thread ------------------------------------------


def may_ask(user, proposal: Proposal) -> bool:
    """The proposer and co-leaders on one side, reviewers and moderators on the other."""
    if not user.is_authenticated:
        return False
    return is_involved(user, proposal) or is_reviewer(user) or is_moderator(user)


def question_post(*, proposal: Proposal, author, body: str):
    """A message in the private thread. The other side is mailed: reviewers when
    the proposer's side writes, the proposer and co-leaders when a reviewer does."""
    from django.contrib.auth import get_user_model

    from sigs.models import Question

    if not may_ask(author, proposal):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your message."), code="empty")
    if proposal.state in (P.APPROVED, P.REJECTED, P.WITHDRAWN):
        raise ValidationError(_("This proposal is closed: its thread is read-only."), code="closed")
    with transaction.atomic():
        question = Question.objects.create(proposal=proposal, author=author, body=body)
        if is_involved(author, proposal):
            involved = _involved_ids(proposal)
            reviewers = get_user_model().objects.filter(is_active=True, groups__name=roles.SIG_REVIEWERS)
            recipients = [r for r in reviewers.distinct() if r.pk not in involved]
        else:
            recipients = _proposer_side(proposal)
        account_services.mail_users(
            users=[u for u in recipients if u.pk != author.pk],
            template_prefix="sigs/mail/question",
            context={"proposal": proposal, "question": question, "site_url": settings.SITE_URL.rstrip("/")},
        )
    return question


def _involved_ids(proposal: Proposal) -> set[int]:
    return {proposal.proposer_id, *proposal.co_leaders.values_list("user_id", flat=True)}


def _proposer_side(proposal: Proposal) -> list:
    people = [proposal.proposer]
    people += [c.user for c in proposal.co_leaders.select_related("user").exclude(confirmed_at=None)]
    return people


# --- The public comment period ----------------------------------------------------------


def comments_open(*, proposal: Proposal, actor, until) -> Proposal:
    """A moderator opens (or extends) the public comment period, until a date."""
    if not is_moderator(actor) or is_involved(actor, proposal):
        raise PermissionDenied
    if proposal.state not in OPEN_STATES:
        raise ValidationError(_("Comments open only while a proposal is being reviewed."), code="not_open")
    if until is None or until < timezone.localdate():
        raise ValidationError(_("Choose a closing date from today on."), code="until")
    with transaction.atomic():
        proposal.public_comments_until = until
        proposal.save(update_fields=["public_comments_until", "updated_at"])
        audit.record(
            instance=proposal, action="sigs.comments_open", user=actor, data={"until": until.isoformat()}
        )

    content_changed()
    return proposal


def comments_are_open(proposal: Proposal) -> bool:
    return (
        proposal.public_comments_until is not None
        and proposal.state in OPEN_STATES
        and timezone.localdate() <= proposal.public_comments_until
    )


def comment_post(*, proposal: Proposal, author, body: str):
    """A signed-in member comments on the proposal's public page; the proposer
    and the co-leaders are mailed."""
    from sigs.models import Comment

    if not author.is_authenticated:
        raise PermissionDenied
    if not comments_are_open(proposal):
        raise ValidationError(_("The comment period is closed."), code="closed")
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your comment."), code="empty")
    with transaction.atomic():
        comment = Comment.objects.create(proposal=proposal, author=author, body=body)
        account_services.mail_users(
            users=[u for u in _proposer_side(proposal) if u.pk != author.pk],
            template_prefix="sigs/mail/comment",
            context={"proposal": proposal, "comment": comment, "site_url": settings.SITE_URL.rstrip("/")},
        )
    content_changed()
    return comment


def comment_hide(*, comment, actor, reason: str):
    """A moderator hides a comment, with the reason recorded; the text stays for the record."""

    if not is_moderator(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for hiding the comment."), code="reason")
    with transaction.atomic():
        comment.hidden_at = timezone.now()
        comment.hidden_by = actor
        comment.hidden_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit.record(
            instance=comment.proposal,
            action="sigs.comment_hidden",
            user=actor,
            data={"comment": comment.pk, "reason": reason},
        )
    content_changed()
    return comment


# --- A SIG's life: leaders, checklist, members, retirement ------------------------------


def is_sig_leader(user, sig) -> bool:
    """From the prefetched leaders when the page loaded them (a SIG has a few)."""
    return user.is_authenticated and any(leader.pk == user.pk for leader in sig.leaders.all())


def may_manage_sig(user, sig) -> bool:
    return is_sig_leader(user, sig) or is_moderator(user)


def checklist_set(*, sig, actor, done: set[str]):
    """Leaders tick off (or untick) the setup checklist: each item keeps when it was done."""
    from sigs.models import CHECKLIST

    if not may_manage_sig(actor, sig):
        raise PermissionDenied
    fields = [field for field, _label in CHECKLIST]
    unknown = set(done) - set(fields)
    if unknown:
        raise ValidationError(_("Unknown checklist item."), code="unknown")
    now = timezone.now()
    with transaction.atomic():
        for field in fields:
            if field in done and getattr(sig, field) is None:
                setattr(sig, field, now)
            elif field not in done:
                setattr(sig, field, None)
        sig.save(update_fields=fields)
        audit.record(instance=sig, action="sigs.checklist", user=actor, data={"done": sorted(done)})
    content_changed()
    return sig


def sig_settings_set(*, sig, actor, join_policy: str):
    from sigs.models import JoinPolicy

    if not may_manage_sig(actor, sig):
        raise PermissionDenied
    if join_policy not in JoinPolicy.values:
        raise ValidationError(_("Choose who may join."), code="policy")
    sig.join_policy = join_policy
    sig.save(update_fields=["join_policy"])
    audit.record(instance=sig, action="wagtail.edit", user=actor, data={"join_policy": join_policy})
    return sig


def sig_join(*, sig, user):
    """Join an active SIG: at once when it is open, else a request its leaders decide."""
    from sigs.models import JoinPolicy, Membership, SigStatus

    if not user.is_authenticated:
        raise PermissionDenied
    if sig.status != SigStatus.ACTIVE:
        raise ValidationError(_("This SIG is retired: it takes no new members."), code="retired")
    if is_sig_leader(user, sig):
        raise ValidationError(_("You lead this SIG already."), code="leader")
    state = Membership.State.MEMBER if sig.join_policy == JoinPolicy.OPEN else Membership.State.PENDING
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(sig=sig, user=user, defaults={"state": state})
        if created and state == Membership.State.PENDING:
            account_services.mail_users(
                users=sig.leaders.filter(is_active=True),
                template_prefix="sigs/mail/join_request",
                context={"sig": sig, "member": user, "site_url": settings.SITE_URL.rstrip("/")},
            )
    if created:
        content_changed()
    return membership


def sig_leave(*, sig, user) -> None:
    from sigs.models import Membership

    Membership.objects.filter(sig=sig, user=user).delete()
    content_changed()


def membership_decide(*, membership, actor, accept: bool) -> None:
    """A leader accepts a request (the member is mailed) or declines it, or removes a member."""
    from sigs.models import Membership

    sig = membership.sig
    if not may_manage_sig(actor, sig):
        raise PermissionDenied
    with transaction.atomic():
        if accept:
            if membership.state != Membership.State.PENDING:
                raise ValidationError(_("This request is already decided."), code="decided")
            membership.state = Membership.State.MEMBER
            membership.save(update_fields=["state"])
            account_services.mail_users(
                users=[membership.user],
                template_prefix="sigs/mail/join_accepted",
                context={"sig": sig, "site_url": settings.SITE_URL.rstrip("/")},
            )
        else:
            membership.delete()
        audit.record(
            instance=sig,
            action="sigs.membership",
            user=actor,
            data={"member": membership.user_id, "accepted": accept},
        )
    content_changed()


def sig_retire(*, sig, actor, reason: str):
    """Moderators retire a SIG: it leaves the directory, its page says so."""
    from sigs.models import SigStatus

    if not is_moderator(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for retiring the SIG."), code="reason")
    if sig.status == SigStatus.RETIRED:
        raise ValidationError(_("This SIG is already retired."), code="retired")
    with transaction.atomic():
        sig.status = SigStatus.RETIRED
        sig.retired_reason = reason
        sig.save(update_fields=["status", "retired_reason"])
        audit.record(instance=sig, action="sigs.retired", user=actor, data={"reason": reason})
        account_services.mail_users(
            users=sig.leaders.filter(is_active=True),
            template_prefix="sigs/mail/sig_retired",
            context={"sig": sig, "site_url": settings.SITE_URL.rstrip("/")},
        )
    content_changed()
    return sig
