from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and every mail the portal sends you use this language."),
    )
    public_name = forms.CharField(
        label=_("Public name"),
        max_length=80,
        required=False,
        help_text=_("How the portal names you in public. Empty: your first and last name."),
    )
    thank_publicly = forms.BooleanField(
        label=_("Thank me publicly on the contributors wall"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("thank_publicly") and not (
            (cleaned.get("public_name") or "").strip()
            or (cleaned.get("first_name") or "").strip()
            or (cleaned.get("last_name") or "").strip()
        ):
            self.add_error(
                "public_name", _("Give a public name (or your first and last name) to be thanked publicly.")
            )
        return cleaned

    @classmethod
    def for_user(cls, user, data=None):
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "public_name": user.public_name,
            "thank_publicly": user.thank_publicly,
        }
        return cls(data, initial=initial)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


def members_by_email(value: str) -> list:
    """Active members named by a list of email addresses (commas or new lines,
    any case). Raises a ValidationError naming the addresses no active member has."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.utils.translation import gettext as _

    emails = [e.strip() for e in value.replace("\n", ",").split(",") if e.strip()]
    wanted = Q(pk__in=[])
    for email in emails:
        wanted |= Q(email__iexact=email)
    users = list(get_user_model().objects.filter(wanted, is_active=True))
    found = {u.email.lower() for u in users}
    missing = [e for e in emails if e.lower() not in found]
    if missing:
        raise forms.ValidationError(
            _("No active member has these addresses: %(emails)s") % {"emails": ", ".join(missing)}
        )
    return users
