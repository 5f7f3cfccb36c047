"""A member's SIG data in their export, and what deleting their account erases.

Proposals, reviews and the private thread stay: they are the community's
record of a decision, and the account behind them is pseudonymised. Public
comments, memberships and leaderships go."""


def erase(user) -> None:
    from sigs.models import Comment, Membership, Sig

    Comment.objects.filter(author=user).delete()
    Membership.objects.filter(user=user).delete()
    for sig in Sig.objects.filter(leaders=user):
        sig.leaders.remove(user)


def export(user) -> dict:
    from sigs.models import Comment, Membership, Proposal, Question, Review

    return {
        "sig_proposals": [
            {"name": p.name, "status": p.state, "created": p.created_at.isoformat()}
            for p in Proposal.objects.filter(proposer=user).order_by("created_at")
        ],
        "sig_co_leads": sorted(user.sig_co_leads.values_list("proposal__name", flat=True)),
        "sig_reviews": [
            {"proposal": r.proposal.name, "vote": r.vote, "rationale": r.rationale, "recused": r.recused}
            for r in Review.objects.filter(reviewer=user).select_related("proposal")
        ],
        "sig_questions": [
            {"proposal": q.proposal.name, "message": q.body, "at": q.created_at.isoformat()}
            for q in Question.objects.filter(author=user).select_related("proposal")
        ],
        "sig_comments": [
            {"proposal": c.proposal.name, "comment": c.body, "at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("proposal")
        ],
        "sig_memberships": [
            {"sig": m.sig.slug, "status": m.state}
            for m in Membership.objects.filter(user=user).select_related("sig")
        ],
        "sigs_led": sorted(user.led_sigs.values_list("slug", flat=True)),
    }
