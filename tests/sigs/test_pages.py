from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from sigs.models import Proposal, ProposalState, Review
from tests.factories import MemberFactory, ModeratorFactory, ReviewerFactory, give_totp
from tests.factories.sigs import DraftProposalFactory, InReviewProposalFactory, SubmittedProposalFactory

pytestmark = pytest.mark.django_db
P = ProposalState

COMPLETE = {
    "name": "Storage SIG",
    "summary": "Appliance images for storage.",
    "mission": "Ceph and NFS appliances.\nTested images.",
    "category": "storage",
    "deliverables": ["repositories", "installer"],
    "channels": "#sig-storage",
    "core_acknowledged": "on",
}


def _staff(client, factory):
    user = factory()
    give_totp(user)
    client.force_login(user)
    return user


def test_a_member_drafts_then_submits_with_a_co_leader(client, django_capture_on_commit_callbacks):
    proposer = MemberFactory()
    co = MemberFactory(email="co@example.org")
    client.force_login(proposer)

    response = client.post("/en/sigs/proposals/new/", {"name": "Storage SIG", "save": "1"})
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/en/sigs/proposals/{proposal.pk}/"
    assert proposal.state == P.DRAFT

    incomplete = client.post(
        f"/en/sigs/proposals/{proposal.pk}/edit/", {"name": "Storage SIG", "submit": "1"}
    )
    assert incomplete.status_code == 200
    assert "Write a short summary." in incomplete.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == P.DRAFT

    waiting = client.post(
        f"/en/sigs/proposals/{proposal.pk}/edit/",
        {**COMPLETE, "co_leader_emails": "CO@example.org", "submit": "1"},
    )
    assert "have not confirmed yet" in waiting.content.decode()

    client.force_login(co)
    assert client.post(f"/en/sigs/proposals/{proposal.pk}/confirm/").status_code == 302
    client.force_login(proposer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/sigs/proposals/{proposal.pk}/edit/",
            {**COMPLETE, "co_leader_emails": "co@example.org", "submit": "1"},
        )
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED
    page = client.get("/en/sigs/proposals/").content.decode()
    assert "Storage SIG" in page and "Waiting for a reviewer to start the review." in page


def test_review_round_trip_with_diff_votes_and_decision(client, settings):
    settings.PORTAL_SIG_MIN_REVIEWS = 2
    proposal = SubmittedProposalFactory(summary="Old summary.")
    reviewer = _staff(client, ReviewerFactory)
    assert proposal.name in client.get("/en/sigs/review/").content.decode()
    client.post(f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "in_review"})
    client.post(f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "changes_requested", "comment": "Sharper."})
    proposal.refresh_from_db()
    assert proposal.state == P.CHANGES_REQUESTED

    client.force_login(proposal.proposer)
    client.post(
        f"/en/sigs/proposals/{proposal.pk}/edit/",
        {**COMPLETE, "name": proposal.name, "summary": "New summary.", "submit": "1"},
    )
    proposal.refresh_from_db()
    assert proposal.state == P.RESUBMITTED

    client.force_login(reviewer)
    client.post(f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "in_review"})
    page = client.get(f"/en/sigs/proposals/{proposal.pk}/").content.decode()
    assert "-Old summary." in page and "+New summary." in page
    client.post(f"/en/sigs/proposals/{proposal.pk}/review/", {"vote": "1", "rationale": "Clear now."})
    other = _staff(client, ReviewerFactory)
    client.post(f"/en/sigs/proposals/{proposal.pk}/review/", {"vote": "0", "rationale": "Fine."})
    assert Review.objects.filter(proposal=proposal).count() == 2 and other.pk

    _staff(client, ModeratorFactory)
    refused = client.post(
        f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "approved", "comment": ""}, follow=True
    )
    assert "Write the reason for the decision" in refused.content.decode()
    client.post(f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "approved", "comment": "Two good reviews."})
    proposal.refresh_from_db()
    assert proposal.state == P.APPROVED
    client.force_login(proposal.proposer)
    assert "Two good reviews." in client.get(f"/en/sigs/proposals/{proposal.pk}/").content.decode()


def test_an_invalid_move_is_a_message_not_a_500(client):
    proposal = DraftProposalFactory()
    _staff(client, ModeratorFactory)
    response = client.post(
        f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "approved", "comment": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    bad = client.post(f"/en/sigs/proposals/{proposal.pk}/move/", {"to": "nonsense"}, follow=True)
    assert "Choose what should happen" in bad.content.decode()


def test_others_cannot_see_a_proposal_and_proposers_cannot_review_their_own(client):
    proposal = InReviewProposalFactory()
    client.force_login(MemberFactory())
    assert client.get(f"/en/sigs/proposals/{proposal.pk}/").status_code == 403
    assert client.get(f"/en/sigs/proposals/{proposal.pk}/edit/").status_code == 403
    client.force_login(proposal.proposer)
    response = client.post(
        f"/en/sigs/proposals/{proposal.pk}/review/", {"vote": "1", "rationale": "Mine!"}, follow=True
    )
    assert "You may not review this proposal." in response.content.decode()
    assert not Review.objects.exists()


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_review_queue_query_count_is_flat(client):
    _staff(client, ReviewerFactory)
    SubmittedProposalFactory()
    one = _count(client, "/en/sigs/review/")
    for _ in range(29):
        proposal = InReviewProposalFactory()
        Review.objects.create(proposal=proposal, reviewer=ReviewerFactory(), vote=1, rationale="x")
    assert _count(client, "/en/sigs/review/") == one


def test_my_proposals_query_count_is_flat(client):
    member = MemberFactory()
    client.force_login(member)
    DraftProposalFactory(proposer=member)
    one = _count(client, "/en/sigs/proposals/")
    for _ in range(29):
        DraftProposalFactory(proposer=member)
    assert _count(client, "/en/sigs/proposals/") == one
