import datetime

from django.utils import timezone

import factory

from sigs.models import Comment, Proposal, ProposalState, ProposalVersion, Sig
from sigs.services import snapshot
from tests.factories.accounts import MemberFactory


class DraftProposalFactory(factory.django.DjangoModelFactory):
    """A complete draft, ready to submit."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    proposer = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"SIG {n}")
    summary = "Packages and images for a use case."
    mission = "Build and maintain packages.\nKeep them tested."
    category = "cloud"
    deliverables = factory.LazyFunction(lambda: ["repositories"])
    channels = "#sig-example on chat"
    core_acknowledged = True
    state = ProposalState.DRAFT


class SubmittedProposalFactory(DraftProposalFactory):
    state = ProposalState.SUBMITTED

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        if create:
            ProposalVersion.objects.create(proposal=obj, number=1, data=snapshot(obj))


class InReviewProposalFactory(SubmittedProposalFactory):
    state = ProposalState.IN_REVIEW


class ChangesRequestedProposalFactory(SubmittedProposalFactory):
    state = ProposalState.CHANGES_REQUESTED


class SigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sig
        skip_postgeneration_save = True

    proposal = factory.SubFactory(DraftProposalFactory, state=ProposalState.APPROVED)
    slug = factory.Sequence(lambda n: f"sig-{n}")
    name = factory.Sequence(lambda n: f"SIG {n}")
    summary_en = "What the SIG does."
    mission_en = "Its mission."
    category = "cloud"
    channels = "#sig"


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on a proposal in review whose public comment period runs for a week."""

    class Meta:
        model = Comment

    proposal = factory.SubFactory(
        InReviewProposalFactory,
        public_comments_until=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7)),
    )
    author = factory.SubFactory(MemberFactory)
    body = "I would use this."
