import factory

from sigs.models import Proposal, ProposalState, ProposalVersion
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
