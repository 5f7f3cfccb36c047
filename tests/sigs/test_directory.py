from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from sigs import services
from sigs.models import CoLeader, Review, Sig, SigStatus
from tests.factories import MemberFactory, ModeratorFactory, ReviewerFactory
from tests.factories.sigs import InReviewProposalFactory, SigFactory

pytestmark = pytest.mark.django_db


def test_an_approved_proposal_becomes_a_sig_in_the_directory(client, settings):
    settings.PORTAL_SIG_MIN_REVIEWS = 1
    proposal = InReviewProposalFactory(name="Storage", summary="Storage appliances.")
    co = MemberFactory(public_name="Co")
    CoLeader.objects.create(proposal=proposal, user=co, confirmed_at=proposal.created_at)
    Review.objects.create(proposal=proposal, reviewer=ReviewerFactory(), vote=1, rationale="Yes")

    services.proposal_move(proposal=proposal, to="approved", actor=ModeratorFactory(), comment="Good.")

    sig = Sig.objects.get()
    assert (sig.slug, sig.name, sig.summary_en, sig.status) == (
        "storage",
        "Storage",
        "Storage appliances.",
        "active",
    )
    assert set(sig.leaders.all()) == {proposal.proposer, co}
    page = client.get("/en/sigs/").content.decode()
    assert "Storage appliances." in page
    assert client.get("/en/sigs/storage/").status_code == 200


def test_reserved_slugs_are_never_taken():
    proposal = InReviewProposalFactory(name="Review")
    assert services.sig_create(proposal=proposal).slug == "review-2"


def test_the_directory_in_spanish_once_translated(client):
    SigFactory(name="HPC", summary_en="Clusters.", summary_es="Clústeres.")
    assert "Clusters." in client.get("/en/sigs/").content.decode()
    spanish = client.get("/es/sigs/").content.decode()
    assert "Clústeres." in spanish and "Clusters." not in spanish


def test_retired_sigs_leave_the_directory(client):
    SigFactory(name="Old", status=SigStatus.RETIRED)
    assert "Old" not in client.get("/en/sigs/").content.decode()


def test_directory_query_count_is_flat(client):
    SigFactory()
    client.get("/en/sigs/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/sigs/")
    for _ in range(29):
        SigFactory().leaders.add(MemberFactory())
    with CaptureQueriesContext(connection) as many:
        client.get("/en/sigs/")
    assert len(many) == len(one)
