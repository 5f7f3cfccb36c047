"""Reads for SIG proposals: a member's proposals, the review queue, one proposal's page."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from sigs import services
from sigs.models import CoLeader, Proposal, ProposalState, Review

P = ProposalState

NEXT_STEP = {
    P.DRAFT: _("Complete it and submit it."),
    P.SUBMITTED: _("Waiting for a reviewer to start the review."),
    P.IN_REVIEW: _("Reviewers are reading it."),
    P.CHANGES_REQUESTED: _("Make the changes the reviewers asked for, then resubmit."),
    P.RESUBMITTED: _("Waiting for the reviewers to look at your changes."),
    P.APPROVED: _("Approved: your SIG is being set up."),
    P.REJECTED: _("Rejected: the reason is on the proposal's page."),
    P.WITHDRAWN: _("Withdrawn."),
}


def my_proposals(user) -> list[Proposal]:
    """The member's proposals and those they co-lead, each with .next_step."""
    proposals = list(
        Proposal.objects.filter(Q(proposer=user) | Q(co_leaders__user=user))
        .distinct()
        .prefetch_related(Prefetch("co_leaders", queryset=CoLeader.objects.select_related("user")))
        .order_by("-updated_at")
    )
    for proposal in proposals:
        proposal.next_step = NEXT_STEP[ProposalState(proposal.state)]
        proposal.is_mine = proposal.proposer_id == user.pk
        proposal.awaits_me = any(
            c.user_id == user.pk and c.confirmed_at is None for c in proposal.co_leaders.all()
        )
    return proposals


def review_queue():
    """Open proposals, oldest state first, with their review counts: three queries however many."""
    return list(
        Proposal.objects.filter(state__in=services.OPEN_STATES)
        .select_related("proposer")
        .annotate(
            review_count=Count("reviews", filter=Q(reviews__recused=False, reviews__vote__isnull=False)),
        )
        .order_by("state_changed_at", "pk")
    )


def can_view(user, proposal: Proposal) -> bool:
    if not user.is_authenticated:
        return False
    return services.is_involved(user, proposal) or services.is_reviewer(user) or services.is_moderator(user)


def proposal_page(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_related("proposer")
        .prefetch_related(
            Prefetch("co_leaders", queryset=CoLeader.objects.select_related("user")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("updated_at")),
            "events__actor",
            "versions",
            "questions__author",
        )
        .get(pk=proposal.pk)
    )


def _with_member_count(queryset):
    from sigs.models import Membership

    return queryset.annotate(
        member_count=Count("memberships", filter=Q(memberships__state=Membership.State.MEMBER))
    )


def directory():
    """Active SIGs with their leaders and member counts: two queries however many SIGs."""
    from sigs.models import Sig, SigStatus

    return list(
        _with_member_count(Sig.objects.filter(status=SigStatus.ACTIVE))
        .prefetch_related("leaders")
        .order_by("name")
    )


def sig_by_slug(slug: str):
    from sigs.models import Sig

    return _with_member_count(Sig.objects.prefetch_related("leaders")).filter(slug=slug).first()


def public_proposal(pk: int):
    """A proposal whose public comment period was opened (open or closed since),
    with its visible comments' authors: three queries however many comments."""
    from sigs.models import Comment

    return (
        Proposal.objects.filter(pk=pk, public_comments_until__isnull=False)
        .exclude(state__in=[P.DRAFT, P.WITHDRAWN])
        .select_related("proposer")
        .prefetch_related(
            Prefetch("co_leaders", queryset=CoLeader.objects.select_related("user")),
            Prefetch("comments", queryset=Comment.objects.select_related("author", "hidden_by")),
        )
        .first()
    )


def checklist(sig) -> list[dict]:
    from sigs.models import CHECKLIST

    return [{"field": f, "label": label, "done_at": getattr(sig, f)} for f, label in CHECKLIST]
