import datetime

from django.utils import timezone

import pytest

from sigs import services
from sigs.models import Proposal, Review
from sigs.tasks import send_reminders
from tests.factories import ReviewerFactory
from tests.factories.sigs import ChangesRequestedProposalFactory, InReviewProposalFactory

pytestmark = pytest.mark.django_db


def _age(proposal, days):
    Proposal.objects.filter(pk=proposal.pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_reviewers_who_have_not_reviewed_are_reminded_once_a_day(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_SIG_REMINDER_DAYS = 7
    waiting = InReviewProposalFactory(name="Storage SIG")
    _age(waiting, 8)
    _age(InReviewProposalFactory(), 3)  # not yet
    done = ReviewerFactory(email="done@example.org")
    ReviewerFactory(email="todo@example.org", preferred_language="es")
    Review.objects.create(proposal=waiting, reviewer=done, vote=1, rationale="OK")

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=today) == 1
        assert services.reminders_send(today=today) == 0
        send_reminders.delay()

    assert [m.to for m in mailoutbox] == [["todo@example.org"]]
    assert "Storage SIG" in mailoutbox[0].subject


def test_proposers_are_reminded_of_changes_requested(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_SIG_REMINDER_DAYS = 7
    proposal = ChangesRequestedProposalFactory(proposer__email="p@example.org")
    _age(proposal, 10)

    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=timezone.localdate())

    assert [m.to for m in mailoutbox] == [["p@example.org"]]
    assert "10 days ago" in mailoutbox[0].body
