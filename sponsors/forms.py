from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from portal.forms import HoneypotMixin
from sponsors.models import ContributionKind, InquiryState, LogoSize, Sponsor, SponsorLevel


class InquiryForm(HoneypotMixin, forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"), max_length=120, error_messages={"required": _("Name your organisation.")}
    )
    contact_name = forms.CharField(
        label=_("Your name"), max_length=120, error_messages={"required": _("Tell us your name.")}
    )
    contact_email = forms.EmailField(
        label=_("Your email address"), help_text=_("We answer at this address. We never publish it.")
    )
    kinds = forms.MultipleChoiceField(
        label=_("What could you offer?"),
        choices=ContributionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of help.")},
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional: what you have in mind, and anything we should know."),
    )

    field_order = ["organisation", "contact_name", "contact_email", "kinds", "message", "homepage"]


def _looks_like_svg(data) -> bool:
    """An SVG under any name: its content decides, not its extension."""
    if not hasattr(data, "read"):
        return False
    head = data.read(1024)
    data.seek(0)
    return b"<svg" in head.lower() or head.lstrip().startswith(b"<?xml")


class LogoField(WagtailImageField):
    """A sponsor logo: a raster image (never SVG) within the configured size and dimensions."""

    def to_python(self, data):
        name = (getattr(data, "name", "") or "").lower()
        if (
            name.endswith((".svg", ".svgz"))
            or getattr(data, "content_type", "") == "image/svg+xml"
            or _looks_like_svg(data)
        ):
            raise ValidationError(
                _("SVG logos are not accepted: upload a PNG, JPEG, WebP or GIF image."), code="svg_refused"
            )
        if data is not None and getattr(data, "size", 0) > settings.PORTAL_SPONSOR_LOGO_MAX_BYTES:
            raise ValidationError(
                _("This file is %(size)s; a logo may be at most %(max)s.")
                % {
                    "size": filesizeformat(data.size),
                    "max": filesizeformat(settings.PORTAL_SPONSOR_LOGO_MAX_BYTES),
                },
                code="file_too_large",
            )
        f = super().to_python(data)
        if f is None:
            return None
        if f.image.format_name == "svg":
            raise ValidationError(
                _("SVG logos are not accepted: upload a PNG, JPEG, WebP or GIF image."), code="svg_refused"
            )
        width, height = f.image.get_size()
        low, high = settings.PORTAL_SPONSOR_LOGO_MIN_SIDE, settings.PORTAL_SPONSOR_LOGO_MAX_SIDE
        if min(width, height) < low or max(width, height) > high:
            raise ValidationError(
                _(
                    "This image is %(width)s×%(height)s pixels; each side must be between %(low)s and %(high)s pixels."
                )
                % {"width": width, "height": height, "low": low, "high": high},
                code="bad_dimensions",
            )
        return f


class SponsorForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label=_("Contribution kinds"),
        choices=ContributionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of contribution.")},
    )
    logo_upload = LogoField(label=_("Logo"), required=False, widget=forms.FileInput)

    class Meta:
        model = Sponsor
        fields = [
            "name",
            "website",
            "level",
            "kinds",
            "acknowledgement_en",
            "start_date",
            "end_date",
            "contact_name",
            "contact_email",
            "contact_language",
        ]
        labels = {"acknowledgement_en": _("Acknowledgement (English)")}
        help_texts = {
            "acknowledgement_en": _("The thank-you text on the sponsors page; translators translate it."),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "acknowledgement_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["level"].empty_label = None
        self.fields["logo_upload"].help_text = _(
            "PNG, JPEG, WebP or GIF, at most %(max)s, between %(low)s and %(high)s pixels a side. "
            "SVG is not accepted."
        ) % {
            "max": filesizeformat(settings.PORTAL_SPONSOR_LOGO_MAX_BYTES),
            "low": settings.PORTAL_SPONSOR_LOGO_MIN_SIDE,
            "high": settings.PORTAL_SPONSOR_LOGO_MAX_SIDE,
        }
        if self.instance.logo_id:
            self.fields["logo_upload"].help_text = _("Upload a file only to replace the current logo.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class LevelForm(forms.ModelForm):
    class Meta:
        model = SponsorLevel
        fields = ["name_en", "sort_order", "logo_size", "benefits_en"]
        labels = {"name_en": _("Name (English)"), "benefits_en": _("Benefits (English)")}
        widgets = {"benefits_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        self.fields["logo_size"].choices = LogoSize.choices


class InquiryMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("New state"))
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened: kept in the inquiry's history."),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, InquiryState(s).label) for s in InquiryState.values if s in allowed]


class SponsorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=SponsorLevel.objects.all(), required=False, empty_label=_("Any")
    )
    kind = forms.ChoiceField(
        label=_("Contribution"), choices=[("", _("Any"))] + ContributionKind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            ("public", _("Shown on public pages")),
            ("review", _("Awaiting review")),
            ("upcoming", _("Not started")),
            ("expired", _("Expired")),
        ],
    )


class InquiryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any"))] + InquiryState.choices, required=False
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
