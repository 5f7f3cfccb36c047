"""Writes for sponsors: levels, sponsors, publication, inquiries and renewal notices."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from accounts import services as account_services
from accounts.roles import ADMINISTRATORS
from portal import audit
from portal.cache import content_changed
from sponsors.models import InquiryEvent, InquiryState, Sponsor, SponsorLevel, SponsorshipInquiry

# The inquiry pipeline: new → contacted → agreed / declined. A new inquiry
# may be declined at once (spam, a mistake); agreed and declined are final.
INQUIRY_MOVES = {
    InquiryState.NEW: {InquiryState.CONTACTED, InquiryState.DECLINED},
    InquiryState.CONTACTED: {InquiryState.AGREED, InquiryState.DECLINED},
    InquiryState.AGREED: set(),
    InquiryState.DECLINED: set(),
}


class InvalidMove(ValidationError):
    def __init__(self, old, new):
        super().__init__(
            _("An inquiry that is “%(old)s” cannot become “%(new)s”.")
            % {"old": InquiryState(old).label, "new": InquiryState(new).label},
            code="invalid_move",
        )


def administrators():
    """The people who handle sponsorships: active members of Administrators."""
    return get_user_model().objects.filter(is_active=True, groups__name=ADMINISTRATORS).distinct()


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Levels -----------------------------------------------------------------


def level_save(*, level: SponsorLevel, user) -> SponsorLevel:
    creating = level.pk is None
    with transaction.atomic():
        level.save()
        audit.record(instance=level, action="wagtail.create" if creating else "wagtail.edit", user=user)
        content_changed()
    return level


def level_delete(*, level: SponsorLevel, user) -> None:
    in_use = ValidationError(
        _("This level still has sponsors: move them to another level first."), code="level_in_use"
    )
    try:
        with transaction.atomic():
            level = SponsorLevel.objects.select_for_update().get(pk=level.pk)
            if level.sponsors.exists():
                raise in_use
            audit.record(instance=level, action="wagtail.delete", user=user)
            level.delete()
            content_changed()
    except ProtectedError:  # a sponsor was added meanwhile
        raise in_use from None


# --- Sponsors ---------------------------------------------------------------


def logo_create(*, upload, title: str, user):
    """Store an uploaded logo as a Wagtail image (already validated by the form).

    Public pages only ever show renditions, re-encoded by Wagtail's image
    library: no byte of the original upload reaches a reader."""
    Image = get_image_model()
    image = Image(title=title[:255], file=upload, uploaded_by_user=user)
    image.save()
    return image


def sponsor_save(
    *, sponsor: Sponsor, user, logo_upload=None, inquiry: SponsorshipInquiry | None = None
) -> Sponsor:
    """Create or update a sponsor. A new sponsor is never public: a moderator
    reviews it and publishes it (sponsor_publish). Changing the end date
    re-arms the renewal notice."""
    creating = sponsor.pk is None
    with transaction.atomic():
        if logo_upload:  # a file (the form's "clear" box gives False: nothing to store)
            sponsor.logo = logo_create(upload=logo_upload, title=sponsor.name, user=user)
        if inquiry is not None:
            # Locked, so two administrators cannot both turn it into a sponsor.
            inquiry = SponsorshipInquiry.objects.select_for_update().get(pk=inquiry.pk)
            if creating is False or inquiry.state != InquiryState.AGREED:
                raise ValidationError(
                    _("Only an agreed inquiry can become a sponsor."), code="inquiry_not_agreed"
                )
            if Sponsor.objects.filter(inquiry=inquiry).exists():
                raise ValidationError(_("This inquiry already has its sponsor."), code="inquiry_used")
            sponsor.inquiry = inquiry
        if sponsor.end_date != sponsor.renewal_notice_for:
            sponsor.renewal_notice_for = None
        sponsor.save()
        audit.record(
            instance=sponsor,
            action="wagtail.create" if creating else "wagtail.edit",
            user=user,
            data={"inquiry": inquiry.pk} if inquiry else {},
        )
        if sponsor.is_public:
            content_changed()
    return sponsor


def sponsor_publish(*, sponsor: Sponsor, user, public: bool) -> Sponsor:
    """A moderator's decision: show the sponsor on public pages, or hide it."""
    if not user.has_perm("sponsors.publish_sponsor"):
        raise ValidationError(_("Only moderators may show or hide sponsors."), code="forbidden")
    with transaction.atomic():
        sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
        if sponsor.is_public == public:
            return sponsor
        sponsor.is_public = public
        sponsor.save(update_fields=["is_public", "updated_at"])
        audit.record(
            instance=sponsor, action="sponsors.publish" if public else "sponsors.unpublish", user=user
        )
        content_changed()
    return sponsor


def sponsor_delete(*, sponsor: Sponsor, user) -> None:
    with transaction.atomic():
        audit.record(instance=sponsor, action="wagtail.delete", user=user)
        was_public = sponsor.is_public
        sponsor.delete()
        if was_public:
            content_changed()


# --- Inquiries --------------------------------------------------------------


def inquiry_submit(
    *, organisation, contact_name, contact_email, kinds, message, language
) -> SponsorshipInquiry:
    """Store a "Become a sponsor" inquiry and tell the administrators (each in their language)."""
    with transaction.atomic():
        inquiry = SponsorshipInquiry.objects.create(
            organisation=organisation,
            contact_name=contact_name,
            contact_email=contact_email,
            kinds=list(kinds),
            message=message,
            language=account_services.supported_language(language),
        )
        account_services.mail_users(
            users=administrators(),
            template_prefix="sponsors/mail/inquiry_received",
            context={
                "inquiry": inquiry,
                "url": _site_url(reverse("sponsors_admin:inquiry", args=[inquiry.pk])),
            },
        )
    return inquiry


def inquiry_move(*, inquiry: SponsorshipInquiry, to: str, user, note: str = "") -> InquiryEvent:
    """The one way an inquiry changes state: refuses moves the map does not allow, records each move."""
    with transaction.atomic():
        inquiry = SponsorshipInquiry.objects.select_for_update().get(pk=inquiry.pk)
        if to not in INQUIRY_MOVES[InquiryState(inquiry.state)]:
            raise InvalidMove(inquiry.state, to)
        event = InquiryEvent.objects.create(
            inquiry=inquiry, actor=user, old_state=inquiry.state, new_state=to, note=note.strip()
        )
        inquiry.state = to
        inquiry.save(update_fields=["state", "updated_at"])
        audit.record(
            instance=inquiry,
            action=f"sponsors.inquiry.{to}",
            user=user,
            data={"from": event.old_state, "to": to, "note": event.note},
        )
    return event


# --- Renewal ----------------------------------------------------------------


def renewal_notices_send(*, today: datetime.date | None = None) -> int:
    """Mail the contact and the administrators of each public sponsor whose
    end date is within PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS. Safe to run any
    number of times: a conditional update claims each (sponsor, end date)
    once, so two workers never send the same notice."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS)
    due = Sponsor.objects.filter(is_public=True, end_date__gte=today, end_date__lte=horizon).exclude(
        renewal_notice_for=F("end_date")
    )
    admins = list(administrators())
    sent = 0
    for sponsor in due.select_related("level"):
        with transaction.atomic():
            claimed = (
                Sponsor.objects.filter(pk=sponsor.pk, end_date=sponsor.end_date)
                .exclude(renewal_notice_for=sponsor.end_date)
                .update(renewal_notice_for=sponsor.end_date)
            )
            if not claimed:
                continue
            context = {
                "sponsor": sponsor,
                "days_left": (sponsor.end_date - today).days,
                "site_url": settings.SITE_URL.rstrip("/"),
                "admin_url": _site_url(reverse("sponsors_admin:sponsor", args=[sponsor.pk])),
            }
            if sponsor.contact_email:
                account_services.queue_templated_email(
                    template_prefix="sponsors/mail/renewal_contact",
                    to=[sponsor.contact_email],
                    language=sponsor.contact_language,
                    context=context,
                )
            account_services.mail_users(
                users=admins, template_prefix="sponsors/mail/renewal_admin", context=context
            )
            audit.record(
                instance=sponsor,
                action="sponsors.renewal_notice",
                user=None,
                data={"end_date": sponsor.end_date.isoformat()},
            )
            sent += 1
    return sent
