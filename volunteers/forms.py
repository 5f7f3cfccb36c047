import re
import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.roles import translation_languages
from portal.forms import HoneypotMixin
from volunteers.models import ApplicationState, HeardFrom, Team
from volunteers.selectors import joinable_teams

TIMEZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
MAX_SKILLS = 20


def language_choices():
    return list(settings.LANGUAGES)


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ParticipationForm(HoneypotMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How teams and leads will know you."),
        error_messages={"required": _("Tell us how to call you.")},
    )
    country = forms.CharField(
        label=_("Country or region"),
        max_length=80,
        error_messages={"required": _("Tell us your country or region.")},
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("Choose your time zone"))] + [(tz, tz) for tz in TIMEZONES],
        help_text=_("So teams know when you are around."),
        error_messages={"required": _("Choose your time zone.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you speak.")},
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        max_length=200,
        required=False,
        help_text=_("Optional, separated by commas."),
    )
    teams = TeamChoiceField(
        label=_("Teams you would like to join"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    not_sure = forms.BooleanField(
        label=_("Not sure yet: show me to the team leads so they can suggest a team"), required=False
    )
    supporter_only = forms.BooleanField(
        label=_("I want to support the project without joining a team"), required=False
    )
    translate_languages = forms.MultipleChoiceField(
        label=_("Languages you will translate into"),
        choices=lambda: [(c, n) for c, n in settings.LANGUAGES if c in translation_languages()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for the Localization team."),
    )
    skills = forms.CharField(
        label=_("Skills"),
        max_length=600,
        required=False,
        help_text=_("Separated by commas, for example: packaging, Ansible, technical writing."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=1,
        max_value=80,
        help_text=_("Roughly how much time you can give."),
        error_messages={"required": _("Tell us roughly how many hours a week you can give.")},
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear about us?"),
        choices=HeardFrom.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us how you heard about us.")},
    )
    contact_ok = forms.BooleanField(
        label=_("Team leads and moderators may contact me by email"), required=False
    )
    thank_publicly = forms.BooleanField(label=_("Thank me publicly on the contributors wall"), required=False)
    wants_announcements = forms.BooleanField(
        label=_("Send me the announcements list"),
        required=False,
        help_text=_("Our announcements, in your language. You can unsubscribe at any time."),
    )

    field_order = [
        "display_name", "country", "timezone", "languages", "other_languages", "teams", "not_sure",
        "supporter_only", "translate_languages", "skills", "hours_per_week", "heard_from", "contact_ok",
        "thank_publicly", "wants_announcements", "homepage",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = joinable_teams()

    def clean_skills(self):
        raw = self.cleaned_data.get("skills", "")
        skills = []
        for part in re.split(r"[,\n;，、]", raw):
            tag = " ".join(part.split()).lower()
            if not tag:
                continue
            if len(tag) > 40:
                raise forms.ValidationError(_("Keep each skill under 40 characters."), code="skill_too_long")
            if tag not in skills:
                skills.append(tag)
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(
                _("List at most %(max)s skills.") % {"max": MAX_SKILLS}, code="too_many_skills"
            )
        return skills

    def clean(self):
        cleaned = super().clean()
        teams = cleaned.get("teams") or []
        if cleaned.get("supporter_only") and (teams or cleaned.get("not_sure")):
            self.add_error(
                "supporter_only", _("Supporters do not join teams: untick the teams, or untick this box.")
            )
        elif not teams and not cleaned.get("not_sure") and not cleaned.get("supporter_only"):
            self.add_error(
                "teams", _("Choose at least one team, “Not sure yet”, or to support without joining a team.")
            )
        asks = [t for t in teams if t.asks_languages]
        if asks and not cleaned.get("translate_languages"):
            self.add_error(
                "translate_languages",
                _("Tell the %(team)s team which languages you will translate into.") % {"team": asks[0].name},
            )
        if not asks:
            cleaned["translate_languages"] = []
        return cleaned

    @classmethod
    def initial_for(cls, volunteer, user, applications) -> dict:
        if not user.is_authenticated:
            return {}
        if volunteer is None:
            return {
                "display_name": user.public_name or user.get_full_name(),
                "thank_publicly": user.thank_publicly,
            }
        return {
            "display_name": volunteer.display_name,
            "country": volunteer.country,
            "timezone": volunteer.timezone,
            "languages": [lang.code for lang in volunteer.languages.all()],
            "other_languages": volunteer.other_languages,
            "teams": [a.team_id for a in applications if a.state != ApplicationState.WITHDRAWN],
            "not_sure": volunteer.not_sure,
            "supporter_only": volunteer.supporter_only,
            "translate_languages": next(
                (a.translate_languages for a in applications if a.translate_languages), []
            ),
            "skills": ", ".join(volunteer.skills),
            "hours_per_week": volunteer.hours_per_week,
            "heard_from": volunteer.heard_from,
            "contact_ok": volunteer.contact_ok,
            "thank_publicly": user.thank_publicly,
            "wants_announcements": volunteer.wants_announcements,
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApplicationState.APPROVED, _("Approve")),
            (ApplicationState.WAITLISTED, _("Waitlist")),
            (ApplicationState.DECLINED, _("Decline")),
        ],
    )
    note = forms.CharField(
        label=_("Message to the volunteer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: sent with the decision."),
    )
    translator_languages = forms.MultipleChoiceField(
        label=_("Also add them to these translator groups"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Translators need two-factor authentication; they are asked to set it up."),
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        offered = [
            c
            for c in (application.translate_languages if application else [])
            if c in translation_languages()
        ]
        if offered:
            self.fields["translator_languages"].choices = [(c, names[c]) for c in offered]
            self.fields["translator_languages"].initial = offered
        else:
            del self.fields["translator_languages"]


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your email address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value.lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not your email address."), code="mismatch")
        return value


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.order_by("sort_order"), required=False, empty_label=_("Any")
    )
    state = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + ApplicationState.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any"))] + list(settings.LANGUAGES), required=False
    )
    country = forms.CharField(
        label=_("Country or region"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "volunteer-countries"}),
    )
    date_from = forms.DateField(
        label=_("Applied from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Applied until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(ApplicationState.APPROVED, _("Approve")), (ApplicationState.DECLINED, _("Decline"))]
    )
    applications = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": _("Select at least one application.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteers.models import Application

        self.fields["applications"].queryset = Application.objects.all()
