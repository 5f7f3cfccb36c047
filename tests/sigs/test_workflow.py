import itertools

from django.core.exceptions import PermissionDenied, ValidationError

from wagtail.models import ModelLogEntry

import pytest

from sigs import services
from sigs.models import CoLeader, Proposal, ProposalEvent, ProposalState, Review
from tests.factories import MemberFactory, ModeratorFactory, ReviewerFactory, SuperuserFactory
from tests.factories.sigs import (
    ChangesRequestedProposalFactory,
    DraftProposalFactory,
    InReviewProposalFactory,
    SubmittedProposalFactory,
)

pytestmark = pytest.mark.django_db
P = ProposalState

ALLOWED = {
    ("draft", "submitted"),
    ("draft", "withdrawn"),
    ("submitted", "in_review"),
    ("submitted", "withdrawn"),
    ("in_review", "changes_requested"),
    ("in_review", "approved"),
    ("in_review", "rejected"),
    ("in_review", "withdrawn"),
    ("changes_requested", "resubmitted"),
    ("changes_requested", "withdrawn"),
    ("resubmitted", "in_review"),
    ("resubmitted", "withdrawn"),
}


def _actor_for(proposal, to):
    if to in services.PROPOSER_MOVES:
        return proposal.proposer
    return ModeratorFactory()


def _ready_for_decision(proposal):
    for _ in range(2):
        Review.objects.create(proposal=proposal, reviewer=ReviewerFactory(), vote=1, rationale="Fine.")


@pytest.mark.parametrize(("old", "new"), list(itertools.product(P.values, repeat=2)))
def test_proposal_transition_map(old, new):
    proposal = DraftProposalFactory(state=old)
    _ready_for_decision(proposal)
    actor = _actor_for(proposal, new)

    if (old, new) in ALLOWED:
        event = services.proposal_move(proposal=proposal, to=new, actor=actor, comment="Because.")
        proposal.refresh_from_db()
        assert proposal.state == new
        assert (event.old_state, event.new_state, event.actor, event.comment) == (old, new, actor, "Because.")
        assert ModelLogEntry.objects.filter(
            object_id=str(proposal.pk), action=f"sigs.proposal.{new}"
        ).exists()
    else:
        with pytest.raises(ValidationError):
            services.proposal_move(proposal=proposal, to=new, actor=actor, comment="Because.")
        proposal.refresh_from_db()
        assert proposal.state == old
        assert not ProposalEvent.objects.exists()


def test_only_the_proposer_submits_and_withdraws():
    proposal = DraftProposalFactory()
    with pytest.raises(PermissionDenied):
        services.proposal_move(proposal=proposal, to=P.WITHDRAWN, actor=MemberFactory())
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, user=ModeratorFactory())


def test_members_cannot_review_or_decide():
    proposal = InReviewProposalFactory()
    _ready_for_decision(proposal)
    for to in (P.CHANGES_REQUESTED, P.APPROVED):
        with pytest.raises(PermissionDenied):
            services.proposal_move(proposal=proposal, to=to, actor=MemberFactory(), comment="x")
    with pytest.raises(PermissionDenied):
        services.proposal_move(proposal=proposal, to=P.APPROVED, actor=ReviewerFactory(), comment="x")


def test_submission_checks_every_field_and_saves_nothing_when_incomplete():
    proposal = DraftProposalFactory(name="", deliverables=["other"], core_acknowledged=False)

    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, user=proposal.proposer)

    assert set(error.value.message_dict) == {"name", "deliverables_other", "core_acknowledged"}
    proposal.refresh_from_db()
    assert proposal.state == P.DRAFT
    assert not proposal.versions.exists()


def test_co_leaders_confirm_before_submission(mailoutbox, django_capture_on_commit_callbacks):
    proposal = DraftProposalFactory()
    co_leader = MemberFactory(email="co@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.co_leader_set(proposal=proposal, user=proposal.proposer, co_leaders=[co_leader])
    assert [m.to for m in mailoutbox] == [["co@example.org"]]

    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, user=proposal.proposer)
    assert "co_leaders" in error.value.message_dict

    services.co_leader_confirm(proposal=proposal, user=co_leader)
    services.proposal_submit(proposal=proposal, user=proposal.proposer)
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED
    assert CoLeader.objects.get().confirmed_at is not None


def test_each_submission_is_a_version_and_reviewers_see_the_diff():
    proposal = DraftProposalFactory(summary="First summary.")
    services.proposal_submit(proposal=proposal, user=proposal.proposer)
    moderator = ModeratorFactory()
    services.proposal_move(proposal=proposal, to=P.IN_REVIEW, actor=moderator)
    services.proposal_move(
        proposal=proposal, to=P.CHANGES_REQUESTED, actor=moderator, comment="Sharper scope."
    )
    proposal.refresh_from_db()
    services.proposal_save_draft(
        proposal=proposal,
        user=proposal.proposer,
        data={"summary": "Second summary.", "deliverables": ["repositories", "documentation"]},
    )

    services.proposal_submit(proposal=proposal, user=proposal.proposer)

    proposal.refresh_from_db()
    assert proposal.state == P.RESUBMITTED
    assert [v.number for v in proposal.versions.all()] == [1, 2]
    diff = {change["field"]: change for change in services.version_diff(proposal)}
    assert set(diff) == {"summary", "deliverables"}
    assert diff["summary"]["lines"] == ["@@ -1 +1 @@", "-First summary.", "+Second summary."]


def test_changes_requested_needs_a_comment():
    proposal = InReviewProposalFactory()
    with pytest.raises(ValidationError):
        services.proposal_move(
            proposal=proposal, to=P.CHANGES_REQUESTED, actor=ModeratorFactory(), comment=" "
        )


def test_a_superuser_cannot_review_a_proposal_they_submitted_or_co_lead():
    root = SuperuserFactory()
    own = InReviewProposalFactory(proposer=root)
    co_led = InReviewProposalFactory()
    CoLeader.objects.create(proposal=co_led, user=root)

    for proposal in (own, co_led):
        with pytest.raises(ValidationError):
            services.review_save(proposal=proposal, reviewer=root, vote=1, rationale="Great.")
        _ready_for_decision(proposal)
        with pytest.raises(PermissionDenied):
            services.proposal_move(proposal=proposal, to=P.APPROVED, actor=root, comment="Mine.")
    assert not Review.objects.filter(reviewer=root).exists()


def test_a_decision_needs_the_minimum_of_reviews_and_a_reason(settings):
    settings.PORTAL_SIG_MIN_REVIEWS = 2
    proposal = InReviewProposalFactory()
    moderator = ModeratorFactory()
    services.review_save(proposal=proposal, reviewer=ReviewerFactory(), vote=1, rationale="Useful.")
    recused = ReviewerFactory()
    services.review_save(proposal=proposal, reviewer=recused, vote=1, rationale="Useful.")
    services.review_recuse(proposal=proposal, reviewer=recused, reason="I work for the sponsor.")

    with pytest.raises(ValidationError) as error:
        services.proposal_move(proposal=proposal, to=P.APPROVED, actor=moderator, comment="Good.")
    assert "at least 2 reviews" in error.value.messages[0]

    services.review_save(proposal=proposal, reviewer=ReviewerFactory(), vote=0, rationale="Fine.")
    with pytest.raises(ValidationError):
        services.proposal_move(proposal=proposal, to=P.APPROVED, actor=moderator, comment="")
    services.proposal_move(
        proposal=proposal, to=P.APPROVED, actor=moderator, comment="Clear scope, two reviews."
    )
    proposal.refresh_from_db()
    assert proposal.state == P.APPROVED
    assert proposal.decision_reason == "Clear scope, two reviews."


def test_the_minimum_is_configurable(settings):
    settings.PORTAL_SIG_MIN_REVIEWS = 1
    proposal = InReviewProposalFactory()
    services.review_save(proposal=proposal, reviewer=ReviewerFactory(), vote=-1, rationale="Overlaps.")
    services.proposal_move(proposal=proposal, to=P.REJECTED, actor=ModeratorFactory(), comment="Overlaps.")
    assert Proposal.objects.get().state == P.REJECTED


def test_reviews_are_editable_until_the_decision(settings):
    settings.PORTAL_SIG_MIN_REVIEWS = 1
    proposal = InReviewProposalFactory()
    reviewer = ReviewerFactory()
    services.review_save(proposal=proposal, reviewer=reviewer, vote=-1, rationale="Unsure.")
    services.review_save(proposal=proposal, reviewer=reviewer, vote=1, rationale="Convinced.")
    assert Review.objects.get().vote == 1
    services.proposal_move(proposal=proposal, to=P.APPROVED, actor=ModeratorFactory(), comment="OK.")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.review_save(proposal=proposal, reviewer=reviewer, vote=0, rationale="Changed my mind.")


def test_moves_mail_the_proposer_in_their_language(mailoutbox, django_capture_on_commit_callbacks):
    proposal = SubmittedProposalFactory(
        proposer=MemberFactory(email="p@example.org", preferred_language="es")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_move(proposal=proposal, to=P.IN_REVIEW, actor=ModeratorFactory())
    assert [m.to for m in mailoutbox] == [["p@example.org"]]
    assert mailoutbox[0].subject == f"Propuesta de SIG «{proposal.name}»: En revisión"


def test_submission_tells_the_reviewers(mailoutbox, django_capture_on_commit_callbacks):
    ReviewerFactory(email="rev@example.org", preferred_language="de")
    proposal = DraftProposalFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=proposal, user=proposal.proposer)
    assert [m.to for m in mailoutbox] == [["rev@example.org"]]


def test_changes_requested_proposals_can_be_edited_others_cannot():
    proposal = ChangesRequestedProposalFactory()
    services.proposal_save_draft(proposal=proposal, user=proposal.proposer, data={"summary": "New."})
    locked = SubmittedProposalFactory()
    with pytest.raises(ValidationError):
        services.proposal_save_draft(proposal=locked, user=locked.proposer, data={"summary": "New."})
    with pytest.raises(PermissionDenied):
        services.proposal_save_draft(proposal=proposal, user=MemberFactory(), data={"summary": "Mine now."})
