from django.utils.translation import gettext_lazy as _

from wagtail import hooks


@hooks.register("register_log_actions")
def register_sig_actions(actions):
    actions.register_action("sigs.proposal.submitted", _("Submit"), _("Proposal submitted"))
    actions.register_action("sigs.proposal.in_review", _("Start the review"), _("Review started"))
    actions.register_action("sigs.proposal.changes_requested", _("Request changes"), _("Changes requested"))
    actions.register_action("sigs.proposal.resubmitted", _("Resubmit"), _("Proposal resubmitted"))
    actions.register_action("sigs.proposal.approved", _("Approve"), _("Proposal approved"))
    actions.register_action("sigs.proposal.rejected", _("Reject"), _("Proposal rejected"))
    actions.register_action("sigs.proposal.withdrawn", _("Withdraw"), _("Proposal withdrawn"))
    actions.register_action("sigs.review", _("Review"), _("Reviewed"))
    actions.register_action("sigs.recuse", _("Recuse"), _("Recused for a conflict of interest"))
    actions.register_action("sigs.comments_open", _("Open public comments"), _("Public comments opened"))
    actions.register_action("sigs.comment_hidden", _("Hide the comment"), _("Comment hidden"))
    actions.register_action("sigs.checklist", _("Save the checklist"), _("Setup checklist changed"))
    actions.register_action("sigs.membership", _("Membership"), _("Membership decided"))
    actions.register_action("sigs.retired", _("Retire the SIG"), _("SIG retired"))
