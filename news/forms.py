from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the news"),
        min_length=2,
        max_length=200,
        strip=True,
        error_messages={
            "min_length": _("Type at least two characters."),
            "max_length": _("Use at most 200 characters."),
            "required": _("Type what you are looking for."),
        },
    )


class FeedQueryForm(forms.Form):
    limit = forms.IntegerField(min_value=1, max_value=100, required=False)
