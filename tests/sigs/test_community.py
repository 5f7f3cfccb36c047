"""The private thread, the public comment period, and a SIG's life after
approval: checklist, membership, retirement, and the member's data."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from sigs import privacy, services
from sigs.models import CoLeader, Comment, JoinPolicy, Membership, Question, Sig, SigStatus
from tests.factories import MemberFactory, ModeratorFactory, ReviewerFactory, give_totp
from tests.factories.sigs import (
    CommentFactory,
    DraftProposalFactory,
    InReviewProposalFactory,
    SigFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, user, mfa=False):
    if mfa:
        give_totp(user)
    client.force_login(user)
    return user


def _in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# --- The private question-and-answer thread ----------------------------------------------


def test_the_thread_mails_the_other_side_in_their_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = InReviewProposalFactory(proposer=MemberFactory(email="p@example.org", preferred_language="fr"))
    reviewer = ReviewerFactory(email="r@example.org", preferred_language="es")
    _login(client, reviewer, mfa=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/sigs/proposals/{proposal.pk}/questions/", {"body": "Which arches?"})
    assert response.status_code == 302 and response["Location"].endswith("#questions")
    assert [m.to for m in mailoutbox] == [["p@example.org"]]
    assert mailoutbox[0].subject.startswith("Nouveau message")
    assert "Which arches?" in mailoutbox[0].body

    mailoutbox.clear()
    _login(client, proposal.proposer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/sigs/proposals/{proposal.pk}/questions/", {"body": "x86_64 and aarch64."})
    assert [m.to for m in mailoutbox] == [["r@example.org"]]
    assert mailoutbox[0].subject.startswith("Nuevo mensaje")
    page = client.get(f"/en/sigs/proposals/{proposal.pk}/").content.decode()
    assert "Which arches?" in page and "x86_64 and aarch64." in page


def test_outsiders_cannot_read_or_write_the_thread(client):
    proposal = InReviewProposalFactory()
    _login(client, MemberFactory())
    assert client.post(f"/en/sigs/proposals/{proposal.pk}/questions/", {"body": "Hi"}).status_code == 403
    assert not Question.objects.exists()


def test_an_empty_message_or_a_closed_proposal_is_refused_with_a_message(client):
    proposal = InReviewProposalFactory()
    _login(client, proposal.proposer)
    response = client.post(f"/en/sigs/proposals/{proposal.pk}/questions/", {"body": "  "}, follow=True)
    assert "This field is required." in response.content.decode()
    proposal.state = "withdrawn"
    proposal.save()
    response = client.post(f"/en/sigs/proposals/{proposal.pk}/questions/", {"body": "Late"}, follow=True)
    assert "its thread is read-only" in response.content.decode()
    assert not Question.objects.exists()


# --- The public comment period --------------------------------------------------------------


def test_a_moderator_opens_comments_and_members_comment(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = InReviewProposalFactory(proposer=MemberFactory(email="p@example.org", preferred_language="de"))
    assert client.get(f"/en/sigs/proposals/{proposal.pk}/public/").status_code == 404

    _login(client, ModeratorFactory(), mfa=True)
    response = client.post(f"/en/sigs/proposals/{proposal.pk}/comments/open/", {"until": _in(7).isoformat()})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.public_comments_until == _in(7)

    client.logout()
    page = client.get(f"/en/sigs/proposals/{proposal.pk}/public/")
    assert page.status_code == 200 and "Sign in to comment" in page.content.decode()
    anonymous = client.post(f"/en/sigs/proposals/{proposal.pk}/public/", {"body": "Hi"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    _login(client, MemberFactory(public_name="Ana"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/sigs/proposals/{proposal.pk}/public/", {"body": "I would help test."})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["p@example.org"]]
    assert mailoutbox[0].subject.startswith("Neuer öffentlicher Kommentar")
    page = client.get(f"/en/sigs/proposals/{proposal.pk}/public/").content.decode()
    assert "I would help test." in page and "Ana" in page


def test_only_an_uninvolved_moderator_opens_comments_and_not_in_the_past(client):
    proposal = InReviewProposalFactory()
    _login(client, ReviewerFactory(), mfa=True)
    response = client.post(
        f"/en/sigs/proposals/{proposal.pk}/comments/open/", {"until": _in(3).isoformat()}, follow=True
    )
    assert "Only a moderator" in response.content.decode()
    _login(client, ModeratorFactory(), mfa=True)
    response = client.post(
        f"/en/sigs/proposals/{proposal.pk}/comments/open/", {"until": _in(-1).isoformat()}, follow=True
    )
    assert "Choose a closing date from today on." in response.content.decode()
    response = client.post(f"/en/sigs/proposals/{proposal.pk}/comments/open/", {"until": "soon"}, follow=True)
    assert "Enter a valid date." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.public_comments_until is None

    moderator = ModeratorFactory()
    CoLeader.objects.create(proposal=proposal, user=moderator)
    with pytest.raises(services.PermissionDenied):
        services.comments_open(proposal=proposal, actor=moderator, until=_in(3))


def test_the_period_closes_on_its_date(client):
    comment = CommentFactory()
    proposal = comment.proposal
    proposal.public_comments_until = _in(-1)
    proposal.save()
    _login(client, MemberFactory())
    response = client.post(f"/en/sigs/proposals/{proposal.pk}/public/", {"body": "Too late"})
    assert response.status_code == 400
    assert "The comment period is closed." in response.content.decode()
    assert Comment.objects.count() == 1
    assert (
        "Publish my comment" not in client.get(f"/en/sigs/proposals/{proposal.pk}/public/").content.decode()
    )


def test_moderators_hide_a_comment_with_a_reason(client):
    comment = CommentFactory(body="Buy cheap watches")
    url = f"/en/sigs/proposals/{comment.proposal_id}/comments/{comment.pk}/hide/"
    _login(client, MemberFactory())
    assert client.post(url, {"reason": "spam"}).status_code == 403

    moderator = _login(client, ModeratorFactory(), mfa=True)
    client.post(url, {"reason": ""})
    comment.refresh_from_db()
    assert comment.hidden_at is None

    client.post(url, {"reason": "Spam"})
    comment.refresh_from_db()
    assert (comment.hidden_by, comment.hidden_reason) == (moderator, "Spam")
    client.logout()
    page = client.get(f"/en/sigs/proposals/{comment.proposal_id}/public/").content.decode()
    assert "Buy cheap watches" not in page and "A moderator hid this comment." in page and "Spam" in page


def test_public_page_query_count_is_flat(client):
    comment = CommentFactory()
    url = f"/en/sigs/proposals/{comment.proposal_id}/public/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(29):
        CommentFactory(proposal=comment.proposal)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


# --- A SIG's life ----------------------------------------------------------------------


def test_joining_an_open_sig_is_immediate(client):
    sig = SigFactory(join_policy=JoinPolicy.OPEN)
    member = _login(client, MemberFactory())
    client.post(f"/en/sigs/{sig.slug}/join/")
    assert Membership.objects.get(sig=sig, user=member).state == "member"
    assert "1 member" in client.get(f"/en/sigs/{sig.slug}/").content.decode()
    assert "1 member" in client.get("/en/sigs/").content.decode()
    client.post(f"/en/sigs/{sig.slug}/join/", {"leave": "1"})
    assert not Membership.objects.exists()


def test_leaders_accept_or_decline_requests(client, mailoutbox, django_capture_on_commit_callbacks):
    leader = MemberFactory(email="lead@example.org", preferred_language="it")
    sig = SigFactory(join_policy=JoinPolicy.APPROVAL)
    sig.leaders.add(leader)
    asker = MemberFactory(email="ask@example.org", preferred_language="es")
    _login(client, asker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/sigs/{sig.slug}/join/")
    membership = Membership.objects.get()
    assert membership.state == "pending"
    assert [m.to for m in mailoutbox] == [["lead@example.org"]]
    assert "/it/sigs/" in mailoutbox[0].body

    assert client.get(f"/en/sigs/{sig.slug}/manage/").status_code == 403
    mailoutbox.clear()
    _login(client, leader)
    assert asker.display_name in client.get(f"/en/sigs/{sig.slug}/manage/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "accept", "membership": membership.pk})
    membership.refresh_from_db()
    assert membership.state == "member"
    assert [m.to for m in mailoutbox] == [["ask@example.org"]]
    assert mailoutbox[0].subject.startswith("Te damos la bienvenida")

    client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "remove", "membership": membership.pk})
    assert not Membership.objects.exists()
    other = Membership.objects.create(sig=sig, user=MemberFactory(), state="pending")
    client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "decline", "membership": other.pk})
    assert not Membership.objects.exists()


def test_a_bad_membership_id_or_action_is_not_a_500(client):
    sig = SigFactory()
    leader = MemberFactory()
    sig.leaders.add(leader)
    _login(client, leader)
    assert client.post(
        f"/en/sigs/{sig.slug}/manage/", {"action": "accept", "membership": "x"}
    ).status_code in (
        404,
        400,
    )
    response = client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "nonsense"})
    assert response.status_code == 200 and "Choose what to change." in response.content.decode()
    foreign = Membership.objects.create(sig=SigFactory(), user=MemberFactory(), state="pending")
    response = client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "accept", "membership": foreign.pk})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == "pending"


def test_leaders_tick_off_the_checklist(client):
    sig = SigFactory()
    leader = MemberFactory()
    sig.leaders.add(leader)
    _login(client, leader)
    client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "checklist", "done": ["channel_created_at"]})
    sig.refresh_from_db()
    first = sig.channel_created_at
    assert first is not None and sig.wiki_written_at is None
    client.post(
        f"/en/sigs/{sig.slug}/manage/",
        {"action": "checklist", "done": ["channel_created_at", "wiki_written_at"]},
    )
    sig.refresh_from_db()
    assert sig.channel_created_at == first and sig.wiki_written_at is not None
    response = client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "checklist", "done": ["drop_tables"]})
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    page = client.get(f"/en/sigs/{sig.slug}/").content.decode()
    assert "Communication channel created" in page


def test_moderators_retire_a_sig_leaders_cannot(client, mailoutbox, django_capture_on_commit_callbacks):
    sig = SigFactory(name="Old SIG")
    leader = MemberFactory(email="lead@example.org")
    sig.leaders.add(leader)
    _login(client, leader)
    assert "Retire the SIG" not in client.get(f"/en/sigs/{sig.slug}/manage/").content.decode()
    response = client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "retire", "reason": "Done"})
    assert "You may not make this change." in response.content.decode()

    _login(client, ModeratorFactory(), mfa=True)
    response = client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "retire", "reason": ""})
    assert response.status_code == 200
    sig.refresh_from_db()
    assert sig.status == SigStatus.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/sigs/{sig.slug}/manage/", {"action": "retire", "reason": "Merged into HPC."})
    sig.refresh_from_db()
    assert (sig.status, sig.retired_reason) == (SigStatus.RETIRED, "Merged into HPC.")
    assert [m.to for m in mailoutbox] == [["lead@example.org"]]
    assert "Old SIG" not in client.get("/en/sigs/").content.decode()
    page = client.get(f"/en/sigs/{sig.slug}/").content.decode()
    assert "This SIG is retired" in page and "Merged into HPC." in page

    _login(client, MemberFactory())
    response = client.post(f"/en/sigs/{sig.slug}/join/", follow=True)
    assert "it takes no new members" in response.content.decode()
    assert not Membership.objects.exists()


def test_sig_page_shows_members_deliverables_and_status(client):
    sig = SigFactory(deliverables=["repositories", "documentation"])
    for _ in range(3):
        Membership.objects.create(sig=sig, user=MemberFactory(), state="member")
    Membership.objects.create(sig=sig, user=MemberFactory(), state="pending")
    page = client.get(f"/en/sigs/{sig.slug}/").content.decode()
    assert "3 members" in page
    assert "Package repositories, Documentation" in page
    assert "Active" in page


def test_directory_query_count_stays_flat_with_members(client):
    SigFactory()
    client.get("/en/sigs/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/sigs/")
    for _ in range(29):
        sig = SigFactory()
        Membership.objects.create(sig=sig, user=MemberFactory(), state="member")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/sigs/")
    assert len(many) == len(one)


# --- A member's data ------------------------------------------------------------------------


def test_export_and_erase():
    member = MemberFactory()
    DraftProposalFactory(proposer=member, name="Mine")
    comment = CommentFactory(author=member, body="My words")
    sig = SigFactory()
    sig.leaders.add(member)
    Membership.objects.create(sig=SigFactory(), user=member, state="member")

    data = privacy.export(member)
    assert [p["name"] for p in data["sig_proposals"]] == ["Mine"]
    assert data["sig_comments"][0]["comment"] == "My words"
    assert data["sigs_led"] == [sig.slug] and len(data["sig_memberships"]) == 1

    privacy.erase(member)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not Membership.objects.filter(user=member).exists()
    assert not Sig.objects.filter(leaders=member).exists()
