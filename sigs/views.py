"""SIG proposal pages: "My proposals", the proposal form, a proposal's page
(timeline, versions, reviews, the moves each person may make) and the review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from sigs import selectors, services
from sigs.forms import MoveForm, ProposalForm, RecuseForm, ReviewForm
from sigs.models import Proposal, ProposalState

P = ProposalState


@login_required
def my_proposals(request):
    return TemplateResponse(
        request, "sigs/my_proposals.html", {"proposals": selectors.my_proposals(request.user)}
    )


@login_required
def edit(request, pk=None):
    proposal = get_object_or_404(Proposal, pk=pk) if pk else Proposal(proposer=request.user)
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied
    if proposal.pk and proposal.state not in (P.DRAFT, P.CHANGES_REQUESTED):
        messages.info(request, _("This proposal is with the reviewers: it cannot be edited now."))
        return redirect("sigs:proposal", pk=proposal.pk)
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            proposal = services.proposal_save_draft(
                proposal=form.instance, user=request.user, data=form.cleaned_data
            )
            services.co_leader_set(
                proposal=proposal, user=request.user, co_leaders=form.cleaned_data["co_leader_emails"]
            )
        if "submit" in request.POST:
            try:
                services.proposal_submit(proposal=proposal, user=request.user)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
                messages.warning(request, _("Your draft is saved, but it cannot be submitted yet."))
                return TemplateResponse(
                    request, "sigs/proposal_form.html", {"form": form, "proposal": proposal}
                )
            messages.success(request, _("Your proposal is submitted. The reviewers have been told."))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("sigs:proposal", pk=proposal.pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request, "sigs/proposal_form.html", {"form": form, "proposal": proposal if proposal.pk else None}
    )


def _visible(request, pk) -> Proposal:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not selectors.can_view(request.user, proposal):
        raise PermissionDenied
    return proposal


MOVE_LABELS = {
    P.SUBMITTED: _("Submit"),
    P.IN_REVIEW: _("Start the review"),
    P.CHANGES_REQUESTED: _("Request changes"),
    P.RESUBMITTED: _("Resubmit"),
    P.APPROVED: _("Approve"),
    P.REJECTED: _("Reject"),
    P.WITHDRAWN: _("Withdraw"),
}


@login_required
def proposal(request, pk):
    found = selectors.proposal_page(_visible(request, pk))
    user = request.user
    moves = [
        (to, MOVE_LABELS[to])
        for to in P.values
        if to in services.PROPOSAL_MOVES[P(found.state)]
        and to not in (P.SUBMITTED, P.RESUBMITTED)  # the form submits
        and services._may_move(user, found, to)
    ]
    staff = (services.is_reviewer(user) or services.is_moderator(user)) and not services.is_involved(
        user, found
    )
    mine = next((r for r in found.reviews.all() if r.reviewer_id == user.pk), None)
    return TemplateResponse(
        request,
        "sigs/proposal.html",
        {
            "proposal": found,
            "moves": moves,
            "staff": staff,
            "is_proposer": found.proposer_id == user.pk,
            "awaits_me": any(c.user_id == user.pk and c.confirmed_at is None for c in found.co_leaders.all()),
            "diff": services.version_diff(found) if staff else [],
            "can_review": staff and services.is_reviewer(user) and found.state == P.IN_REVIEW,
            "review_form": ReviewForm(
                initial={"vote": mine.vote, "rationale": mine.rationale} if mine else None
            ),
            "recuse_form": RecuseForm(),
            "counted_reviews": services.counted_reviews(found),
            "editable": found.proposer_id == user.pk and found.state in (P.DRAFT, P.CHANGES_REQUESTED),
        },
    )


@login_required
def move(request, pk):
    proposal = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MoveForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to"] not in P.values:
        messages.error(request, _("Choose what should happen to the proposal."))
        return redirect("sigs:proposal", pk=pk)
    try:
        services.proposal_move(
            proposal=proposal,
            to=form.cleaned_data["to"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied:
        messages.error(request, _("You may not make this change."))
    else:
        messages.success(request, _("Done: the people concerned are told by email."))
    return redirect("sigs:proposal", pk=pk)


@login_required
def review(request, pk):
    proposal = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    recusing = "recuse" in request.POST
    form = RecuseForm(request.POST) if recusing else ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("sigs:proposal", pk=pk)
    try:
        if recusing:
            services.review_recuse(
                proposal=proposal, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        else:
            services.review_save(
                proposal=proposal,
                reviewer=request.user,
                vote=form.cleaned_data["vote"],
                rationale=form.cleaned_data["rationale"],
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied:
        messages.error(request, _("You may not review this proposal."))
    else:
        messages.success(request, _("Your review is saved."))
    return redirect("sigs:proposal", pk=pk)


@login_required
def confirm(request, pk):
    proposal = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.co_leader_confirm(proposal=proposal, user=request.user)
    messages.success(request, _("You confirmed that you will co-lead this SIG."))
    return redirect("sigs:proposal", pk=pk)


@login_required
def queue(request):
    if not (services.is_reviewer(request.user) or services.is_moderator(request.user)):
        raise PermissionDenied
    return TemplateResponse(request, "sigs/queue.html", {"proposals": selectors.review_queue()})


def directory(request):
    return TemplateResponse(request, "sigs/directory.html", {"sigs": selectors.directory()})


def sig(request, slug):
    found = selectors.sig_by_slug(slug)
    if found is None:
        from django.http import Http404

        raise Http404
    return TemplateResponse(request, "sigs/sig.html", {"sig": found})
