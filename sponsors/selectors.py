"""Reads for sponsors: the public pages, the home strip, the contributors wall and the admin lists."""

import datetime
import logging
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from modeltranslation.utils import build_localized_fieldname

from accounts import roles
from portal.csv_export import to_csv
from sponsors.models import LOGO_RENDITIONS, InquiryState, LogoSize, Sponsor, SponsorLevel, SponsorshipInquiry

logger = logging.getLogger(__name__)


def localized(obj, field_name: str) -> tuple[str, str]:
    """A translated field in the reader's language, else English: (text, language of the text)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    text = getattr(obj, build_localized_fieldname(field_name, language.replace("-", "_")), "") or ""
    if text.strip():
        return text, language
    return getattr(
        obj, build_localized_fieldname(field_name, settings.LANGUAGE_CODE)
    ) or "", settings.LANGUAGE_CODE


def _logos():
    return get_image_model().objects.prefetch_renditions(*LOGO_RENDITIONS.values())


def visible_sponsors(today: datetime.date | None = None) -> list[Sponsor]:
    """Public sponsors in level order, then by name; logos' renditions prefetched
    (a fixed number of queries however many sponsors there are)."""
    return list(
        Sponsor.objects.visible(today)
        .select_related("level")
        .prefetch_related(Prefetch("logo", queryset=_logos()))
        .order_by("level__sort_order", "level_id", "name")
    )


def _attach_logo(sponsor: Sponsor, spec: str) -> Sponsor:
    """sponsor.logo_img: the logo's rendition (never the original upload), or
    None when there is no logo or its file cannot be read."""
    sponsor.logo_img = None
    if sponsor.logo is not None:
        try:
            sponsor.logo_img = sponsor.logo.get_rendition(spec)
        except (OSError, SourceImageIOError):
            logger.warning("Logo of sponsor %s cannot be rendered", sponsor.pk, exc_info=True)
    return sponsor


@dataclass
class LevelGroup:
    level: SponsorLevel
    name: str
    name_language: str
    benefits: str
    benefits_language: str
    sponsors: list = field(default_factory=list)


def sponsors_by_level(today: datetime.date | None = None) -> list[LevelGroup]:
    groups = []
    for _level_id, members in groupby(visible_sponsors(today), key=lambda s: s.level_id):
        members = list(members)
        level = members[0].level
        name, name_language = localized(level, "name")
        benefits, benefits_language = localized(level, "benefits")
        for sponsor in members:
            _attach_logo(sponsor, level.logo_rendition)
            sponsor.ack_text, sponsor.ack_language = localized(sponsor, "acknowledgement")
        groups.append(LevelGroup(level, name, name_language, benefits, benefits_language, members))
    return groups


def home_strip(today: datetime.date | None = None) -> list[Sponsor]:
    """The home page's sponsor strip: sponsors with a logo, in level order."""
    strip = [_attach_logo(s, LOGO_RENDITIONS[LogoSize.SMALL]) for s in visible_sponsors(today) if s.logo_id]
    return [s for s in strip if s.logo_img]


# --- The contributors wall ---------------------------------------------------


def _role_label(group_name: str) -> str | None:
    if group_name in roles.ROLE_LABELS:
        return str(roles.ROLE_LABELS[group_name])
    if group_name.startswith(roles.TRANSLATORS_PREFIX):
        language = group_name.removeprefix(roles.TRANSLATORS_PREFIX)
        return _("Translators – %(language)s") % {"language": language}
    if group_name == "Editors":
        return _("Editors")
    return None


def _role_order(group_name: str) -> tuple[int, str]:
    order = [roles.ADMINISTRATORS, roles.MODERATORS, "Editors", roles.SIG_REVIEWERS, roles.TEAM_LEADS]
    if group_name in order:
        return order.index(group_name), ""
    return len(order), group_name


@dataclass
class WallGroup:
    label: str
    names: list[str]


def contributors_wall() -> list[WallGroup]:
    """People who asked to be thanked publicly, grouped by the teams that
    accepted them, then by the roles they hold (moderators, translators …),
    then the other members. People without a public name are left out: the
    wall never shows an address. Three queries however many people."""
    from volunteers.selectors import team_memberships

    users = list(
        get_user_model()
        .objects.filter(is_active=True, thank_publicly=True)
        .prefetch_related("groups")
        .order_by("public_name", "first_name", "last_name", "pk")
    )
    teams = team_memberships(u.pk for u in users)
    by_team: dict[int, tuple] = {}
    by_role: dict[str, list[str]] = {}
    others: list[str] = []
    for user in users:
        name = user.display_name.strip()
        if not name:
            continue
        for team in teams.get(user.pk, []):
            by_team.setdefault(team.pk, (team, []))[1].append(name)
        roles_held = [g.name for g in user.groups.all() if _role_label(g.name)]
        for group_name in roles_held:
            by_role.setdefault(group_name, []).append(name)
        if not roles_held and user.pk not in teams:
            others.append(name)
    groups = [
        WallGroup(team.name, sorted(names, key=str.casefold))
        for team, names in sorted(by_team.values(), key=lambda item: (item[0].sort_order, item[0].pk))
    ]
    groups += [
        WallGroup(_role_label(name), sorted(names, key=str.casefold))
        for name, names in sorted(by_role.items(), key=lambda item: _role_order(item[0]))
    ]
    if others:
        groups.append(WallGroup(_("Community members"), sorted(others, key=str.casefold)))
    return groups


# --- Admin lists ------------------------------------------------------------

SPONSOR_STATUSES = {
    "public": lambda today: Q(pk__in=Sponsor.objects.visible(today).values("pk")),
    "review": lambda today: Q(is_public=False),
    "upcoming": lambda today: Q(is_public=True, start_date__gt=today),
    "expired": lambda today: Q(pk__in=Sponsor.objects.expired(today).values("pk")),
}


def sponsor_status(sponsor: Sponsor, today: datetime.date | None = None) -> tuple[str, str]:
    """(code, label) of a sponsor as the admin list shows it."""
    today = today or timezone.localdate()
    grace_end = (
        sponsor.end_date + datetime.timedelta(days=settings.PORTAL_SPONSOR_GRACE_DAYS)
        if sponsor.end_date
        else None
    )
    if not sponsor.is_public:
        return "review", _("Awaiting review")
    if grace_end and grace_end < today:
        return "expired", _("Expired")
    if sponsor.start_date > today:
        return "upcoming", _("Not started")
    if sponsor.end_date and sponsor.end_date < today:
        return "grace", _("In grace period")
    return "public", _("Public")


def sponsor_list(*, q: str = "", level: int | None = None, kind: str = "", status: str = "", contacts=False):
    """contacts: search the contact's name and address too (only for those who may see them)."""
    today = timezone.localdate()
    sponsors = Sponsor.objects.select_related("level")
    if q:
        match = Q(name__icontains=q)
        if contacts:
            match |= Q(contact_name__icontains=q) | Q(contact_email__icontains=q)
        sponsors = sponsors.filter(match)
    if level:
        sponsors = sponsors.filter(level_id=level)
    if kind:
        # JSON text search: kinds are fixed words, none contained in another.
        sponsors = sponsors.filter(kinds__icontains=f'"{kind}"')
    if status in SPONSOR_STATUSES:
        sponsors = sponsors.filter(SPONSOR_STATUSES[status](today))
    return sponsors.order_by("level__sort_order", "name", "pk")


def inquiry_list(*, q: str = "", state: str = "", received_from=None, received_to=None):
    inquiries = SponsorshipInquiry.objects.select_related("sponsor")
    if q:
        inquiries = inquiries.filter(
            Q(organisation__icontains=q) | Q(contact_name__icontains=q) | Q(contact_email__icontains=q)
        )
    if state in InquiryState.values:
        inquiries = inquiries.filter(state=state)
    if received_from:
        inquiries = inquiries.filter(created_at__date__gte=received_from)
    if received_to:
        inquiries = inquiries.filter(created_at__date__lte=received_to)
    return inquiries.order_by("-created_at", "-pk")


def inquiry_counts() -> dict[str, int]:
    counts = dict(
        SponsorshipInquiry.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in InquiryState.values}


def levels_with_counts():
    return SponsorLevel.objects.annotate(sponsor_count=Count("sponsors")).order_by("sort_order", "pk")


# --- CSV (portal.csv_export) ----------------------------------------------


def sponsors_csv(sponsors) -> str:
    header = [
        _("Name"),
        _("Level"),
        _("Contribution kinds"),
        _("Website"),
        _("Start date"),
        _("End date"),
        _("Status"),
        _("Contact name"),
        _("Contact email"),
        _("Contact language"),
    ]
    today = timezone.localdate()
    rows = (
        [
            s.name,
            str(s.level),
            ", ".join(str(k) for k in s.kind_labels),
            s.website,
            s.start_date,
            s.end_date or "",
            sponsor_status(s, today)[1],
            s.contact_name,
            s.contact_email,
            s.contact_language,
        ]
        for s in sponsors
    )
    return to_csv([str(h) for h in header], rows)


def inquiries_csv(inquiries) -> str:
    header = [
        _("Received"),
        _("Organisation"),
        _("Contact name"),
        _("Contact email"),
        _("Help offered"),
        _("State"),
        _("Language"),
        _("Message"),
    ]
    rows = (
        [
            timezone.localtime(i.created_at).strftime("%Y-%m-%d %H:%M"),
            i.organisation,
            i.contact_name,
            i.contact_email,
            ", ".join(str(k) for k in i.kind_labels),
            i.get_state_display(),
            i.language,
            i.message,
        ]
        for i in inquiries
    )
    return to_csv([str(h) for h in header], rows)
