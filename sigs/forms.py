from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import members_by_email
from sigs.models import CHECKLIST, Category, Deliverable, JoinPolicy, Proposal, Vote


class ProposalForm(forms.ModelForm):
    """Everything is optional for a draft; submission checks completeness
    (sigs.services.submission_errors) and reports it field by field."""

    deliverables = forms.MultipleChoiceField(
        label=_("Deliverables"),
        choices=Deliverable.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    co_leader_emails = forms.CharField(
        label=_("Co-leaders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Email addresses of members, separated by commas. Each confirms before you can submit."),
    )

    class Meta:
        model = Proposal
        fields = [
            "name", "summary", "mission", "category", "deliverables", "deliverables_other",
            "initial_members", "channels", "resources", "core_acknowledged",
        ]  # fmt: skip
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 6}),
            "initial_members": forms.Textarea(attrs={"rows": 3}),
            "channels": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + list(Category.choices)
        if self.instance.pk:
            self.initial["co_leader_emails"] = ", ".join(
                self.instance.co_leaders.values_list("user__email", flat=True)
            )

    def clean_co_leader_emails(self):
        return members_by_email(self.cleaned_data["co_leader_emails"])


class MoveForm(forms.Form):
    to = forms.CharField(max_length=20)
    comment = forms.CharField(
        label=_("Comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    vote = forms.TypedChoiceField(label=_("Vote"), choices=Vote.choices, coerce=int, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RecuseForm(forms.Form):
    reason = forms.CharField(label=_("Conflict of interest"), max_length=500)


class QuestionForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class CommentsOpenForm(forms.Form):
    until = forms.DateField(label=_("Comments close on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ChecklistForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Setup checklist"), choices=CHECKLIST, widget=forms.CheckboxSelectMultiple, required=False
    )


class JoinPolicyForm(forms.Form):
    join_policy = forms.ChoiceField(
        label=_("Who may join"), choices=JoinPolicy.choices, widget=forms.RadioSelect
    )
