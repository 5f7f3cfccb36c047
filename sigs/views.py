"""SIG proposal pages: "My proposals", the proposal form, a proposal's page
(timeline, versions, reviews, the moves each person may make) and the review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigs import selectors, services
from sigs.forms import (
    ChecklistForm,
    CommentForm,
    CommentsOpenForm,
    JoinPolicyForm,
    MoveForm,
    ProposalForm,
    QuestionForm,
    ReasonForm,
    RecuseForm,
    ReviewForm,
)
from sigs.models import CHECKLIST, Comment, Membership, Proposal, ProposalState, Sig, SigStatus

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


# Lazy: looked up in the reader's language when shown, not at import.
MOVE_LABELS = {
    P.SUBMITTED: gettext_lazy("Submit"),
    P.IN_REVIEW: gettext_lazy("Start the review"),
    P.CHANGES_REQUESTED: gettext_lazy("Request changes"),
    P.RESUBMITTED: gettext_lazy("Resubmit"),
    P.APPROVED: gettext_lazy("Approve"),
    P.REJECTED: gettext_lazy("Reject"),
    P.WITHDRAWN: gettext_lazy("Withdraw"),
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
            "thread_open": found.state not in (P.APPROVED, P.REJECTED, P.WITHDRAWN),
            "question_form": QuestionForm(),
            "comments_open": services.comments_are_open(found),
            "may_open_comments": services.is_moderator(user)
            and not services.is_involved(user, found)
            and found.state in services.OPEN_STATES,
            "comments_form": CommentsOpenForm(initial={"until": found.public_comments_until}),
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


def _sig(slug) -> Sig:
    found = selectors.sig_by_slug(slug)
    if found is None:
        raise Http404
    return found


def sig(request, slug):
    found = _sig(slug)
    user = request.user
    membership = Membership.objects.filter(sig=found, user=user).first() if user.is_authenticated else None
    return TemplateResponse(
        request,
        "sigs/sig.html",
        {
            "sig": found,
            "membership": membership,
            "is_leader": services.is_sig_leader(user, found),
            "may_manage": user.is_authenticated and services.may_manage_sig(user, found),
            "checklist": selectors.checklist(found),
        },
    )


@login_required
def join(request, slug):
    found = _sig(slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if "leave" in request.POST:
        services.sig_leave(sig=found, user=request.user)
        messages.success(request, _("You left the SIG."))
        return redirect("sigs:sig", slug=slug)
    try:
        membership = services.sig_join(sig=found, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if membership.state == Membership.State.MEMBER:
            messages.success(request, _("Welcome: you are a member of the SIG."))
        else:
            messages.success(request, _("Your request is sent: a leader will answer it."))
    return redirect("sigs:sig", slug=slug)


@login_required
def manage(request, slug):
    """Leaders (and moderators): the setup checklist, who may join, requests
    and members; moderators also retire the SIG here."""
    found = _sig(slug)
    user = request.user
    if not services.may_manage_sig(user, found):
        raise PermissionDenied
    checklist_form = ChecklistForm(initial={"done": [f for f, _label in CHECKLIST if getattr(found, f)]})
    policy_form = JoinPolicyForm(initial={"join_policy": found.join_policy})
    retire_form = ReasonForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "checklist":
                checklist_form = ChecklistForm(request.POST)
                if checklist_form.is_valid():
                    services.checklist_set(
                        sig=found, actor=user, done=set(checklist_form.cleaned_data["done"])
                    )
                    messages.success(request, _("The checklist is saved."))
                    return redirect("sigs:manage", slug=slug)
            elif action == "policy":
                policy_form = JoinPolicyForm(request.POST)
                if policy_form.is_valid():
                    services.sig_settings_set(
                        sig=found, actor=user, join_policy=policy_form.cleaned_data["join_policy"]
                    )
                    messages.success(request, _("Saved."))
                    return redirect("sigs:manage", slug=slug)
            elif action in ("accept", "decline", "remove"):
                membership_id = request.POST.get("membership", "")
                membership = get_object_or_404(
                    Membership, sig=found, pk=int(membership_id) if membership_id.isdigit() else 0
                )
                services.membership_decide(membership=membership, actor=user, accept=action == "accept")
                messages.success(
                    request, _("The member is told by email.") if action == "accept" else _("Done.")
                )
                return redirect("sigs:manage", slug=slug)
            elif action == "retire":
                retire_form = ReasonForm(request.POST)
                if retire_form.is_valid():
                    services.sig_retire(sig=found, actor=user, reason=retire_form.cleaned_data["reason"])
                    messages.success(request, _("The SIG is retired and out of the directory."))
                    return redirect("sigs:sig", slug=slug)
            else:
                messages.error(request, _("Choose what to change."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        except PermissionDenied:
            messages.error(request, _("You may not make this change."))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    memberships = list(found.memberships.select_related("user").order_by("state", "created_at"))
    return TemplateResponse(
        request,
        "sigs/manage.html",
        {
            "sig": found,
            "checklist_form": checklist_form,
            "policy_form": policy_form,
            "retire_form": retire_form,
            "may_retire": services.is_moderator(user) and found.status == SigStatus.ACTIVE,
            "pending": [m for m in memberships if m.state == Membership.State.PENDING],
            "members": [m for m in memberships if m.state == Membership.State.MEMBER],
        },
    )


# --- The private thread and the public comment period ----------------------------


@login_required
def ask(request, pk):
    proposal = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("sigs:proposal", pk=pk)
    try:
        services.question_post(proposal=proposal, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied:
        messages.error(request, _("You may not write in this thread."))
    else:
        messages.success(request, _("Your message is posted: the other side is told by email."))
    return redirect(reverse("sigs:proposal", args=[pk]) + "#questions")


@login_required
def open_comments(request, pk):
    proposal = _visible(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CommentsOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("sigs:proposal", pk=pk)
    try:
        services.comments_open(proposal=proposal, actor=request.user, until=form.cleaned_data["until"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied:
        messages.error(request, _("Only a moderator who is not involved opens the comment period."))
    else:
        messages.success(request, _("The public comment period is open."))
    return redirect("sigs:proposal", pk=pk)


def public(request, pk):
    """A proposal's public page, once a moderator has opened a comment period:
    the proposal as submitted, and the members' comments."""
    proposal = selectors.public_proposal(pk)
    if proposal is None:
        raise Http404
    user = request.user
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                services.comment_post(proposal=proposal, author=user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error("body", error.messages[0])
            else:
                messages.success(request, _("Your comment is published."))
                return redirect(reverse("sigs:public", args=[pk]) + "#comments")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request,
        "sigs/public.html",
        {
            "proposal": proposal,
            "form": form,
            "open": services.comments_are_open(proposal),
            "moderator": services.is_moderator(user),
            "hide_form": ReasonForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def hide_comment(request, pk, comment_pk):
    comment = get_object_or_404(Comment.objects.select_related("proposal"), pk=comment_pk, proposal_id=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not services.is_moderator(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for hiding the comment."))
    else:
        services.comment_hide(comment=comment, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden; the reason is recorded."))
    return redirect(reverse("sigs:public", args=[pk]) + "#comments")
