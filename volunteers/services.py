"""Writes for volunteers: registration, applications and their moves, lead
decisions, reminders, and a member's control over their own data."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from accounts import services as account_services
from portal import audit
from portal.cache import content_changed
from volunteers.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    ExportRecord,
    JoinPolicy,
    Team,
    Volunteer,
    VolunteerLanguage,
)

S = ApplicationState

# Who may move an application where: the volunteer withdraws (and applies
# again after withdrawing); leads and moderators decide.
APPLICATION_MOVES = {
    S.PENDING: {S.APPROVED, S.DECLINED, S.WAITLISTED, S.WITHDRAWN},
    S.WAITLISTED: {S.APPROVED, S.DECLINED, S.WITHDRAWN},
    S.APPROVED: {S.WITHDRAWN},
    S.DECLINED: set(),
    S.WITHDRAWN: {S.PENDING},
}
VOLUNTEER_MOVES = {S.WITHDRAWN, S.PENDING}
DECISIONS = {S.APPROVED, S.DECLINED, S.WAITLISTED}


class InvalidMove(ValidationError):
    def __init__(self, old, new):
        super().__init__(
            _("An application that is “%(old)s” cannot become “%(new)s”.")
            % {"old": ApplicationState(old).label, "new": ApplicationState(new).label},
            code="invalid_move",
        )


def can_decide(user, team: Team) -> bool:
    """Leads decide for their own team; moderators for every team."""
    if not user.is_authenticated:
        return False
    if (
        user.is_superuser
        or roles.has_role(user, roles.MODERATORS)
        or roles.has_role(user, roles.ADMINISTRATORS)
    ):
        return True
    return team.leads.filter(pk=user.pk).exists()


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Registration -------------------------------------------------------------


def volunteer_register(*, user, data: dict) -> Volunteer:
    """Create or update the member's registration and their applications in
    one transaction. Submitting twice changes nothing more: one Volunteer per
    user, one Application per user and team."""
    teams = list(data.get("teams") or [])
    with transaction.atomic():
        wanted_before = Volunteer.objects.filter(user=user, wants_announcements=True).exists()
        volunteer, _created = Volunteer.objects.select_for_update().update_or_create(
            user=user,
            defaults={
                "display_name": data["display_name"],
                "country": data["country"],
                "timezone": data["timezone"],
                "other_languages": data.get("other_languages", ""),
                "skills": data.get("skills", []),
                "hours_per_week": data["hours_per_week"],
                "heard_from": data["heard_from"],
                "contact_ok": data.get("contact_ok", False),
                "supporter_only": data.get("supporter_only", False),
                "not_sure": data.get("not_sure", False),
                "wants_announcements": data.get("wants_announcements", False),
            },
        )
        VolunteerLanguage.objects.filter(volunteer=volunteer).exclude(code__in=data["languages"]).delete()
        VolunteerLanguage.objects.bulk_create(
            [VolunteerLanguage(volunteer=volunteer, code=code) for code in data["languages"]],
            ignore_conflicts=True,
        )
        if user.thank_publicly != data.get("thank_publicly", False) or (
            data.get("thank_publicly") and not user.public_name
        ):
            user.thank_publicly = data.get("thank_publicly", False)
            if user.thank_publicly and not user.public_name:
                user.public_name = data["display_name"]
            user.save(update_fields=["thank_publicly", "public_name"])
            content_changed()
        translate = data.get("translate_languages", [])
        for team in teams:
            application_apply(
                user=user, team=team, translate_languages=translate if team.asks_languages else []
            )
        # A team unticked on the form is a team left (closed teams are not on
        # the form, so their applications stay as they are).
        leaving = (
            Application.objects.filter(user=user, state__in=[S.PENDING, S.WAITLISTED, S.APPROVED])
            .exclude(team__in=teams)
            .exclude(team__join_policy=JoinPolicy.CLOSED)
        )
        for application in leaving:
            application_move(application=application, to=S.WITHDRAWN, actor=user)
        if data.get("wants_announcements") and not wanted_before:
            # Ticked now (not merely left ticked: someone who unsubscribed since
            # stays unsubscribed). The address is verified: subscribed at once.
            from announcements.services import member_subscribe

            member_subscribe(user=user, language=translation.get_language())
    return volunteer


def application_apply(*, user, team: Team, translate_languages=()) -> Application:
    """Apply to a team (again, after withdrawing). An open team approves at once."""
    if team.join_policy == JoinPolicy.CLOSED:
        raise ValidationError(
            _("%(team)s is not taking new members at the moment.") % {"team": team.name}, code="closed"
        )
    with transaction.atomic():
        application, created = Application.objects.select_for_update().get_or_create(
            user=user, team=team, defaults={"translate_languages": list(translate_languages)}
        )
        if created:
            ApplicationEvent.objects.create(application=application, actor=user, new_state=S.PENDING)
            _notify_leads_of_new(application)
        elif application.state == S.WITHDRAWN:
            application.translate_languages = list(translate_languages)
            application.save(update_fields=["translate_languages", "updated_at"])
            application_move(application=application, to=S.PENDING, actor=user)
            application.refresh_from_db()
            _notify_leads_of_new(application)
        elif team.asks_languages and list(translate_languages) != application.translate_languages:
            application.translate_languages = list(translate_languages)
            application.save(update_fields=["translate_languages", "updated_at"])
        if team.join_policy == JoinPolicy.OPEN and application.state == S.PENDING:
            application_move(
                application=application,
                to=S.APPROVED,
                actor=None,
                note=_("Open team: approved automatically."),
            )
    return application


def _notify_leads_of_new(application: Application) -> None:
    leads = list(application.team.leads.filter(is_active=True))
    if not leads or application.team.join_policy == JoinPolicy.OPEN:
        return
    account_services.mail_users(
        users=leads,
        template_prefix="volunteers/mail/new_application",
        context={"team": application.team, "site_url": settings.SITE_URL.rstrip("/")},
    )


# --- Moves ----------------------------------------------------------------------


def application_move(*, application: Application, to: str, actor, note: str = "") -> ApplicationEvent:
    """The one way an application changes state: the map decides, every move
    is recorded, and the volunteer is told (in their language, after commit)."""
    to = ApplicationState(to)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("team", "user").get(pk=application.pk)
        )
        old = ApplicationState(application.state)
        if to not in APPLICATION_MOVES[old]:
            raise InvalidMove(old, to)
        if (
            actor is not None
            and to in DECISIONS
            and (actor.pk == application.user_id or not can_decide(actor, application.team))
        ):
            # Nobody decides on their own application, leads and moderators included.
            raise PermissionDenied
        if (
            actor is not None
            and to in VOLUNTEER_MOVES
            and actor.pk != application.user_id
            and not can_decide(actor, application.team)
        ):
            raise PermissionDenied
        event = ApplicationEvent.objects.create(
            application=application, actor=actor, old_state=old, new_state=to, note=note.strip()
        )
        application.state = to
        application.save(update_fields=["state", "updated_at"])
        audit.record(
            instance=application,
            action=f"volunteers.application.{to}",
            user=actor,
            data={"from": old, "to": to, "note": event.note, "team": application.team.slug},
        )
        if to in DECISIONS:
            account_services.mail_users(
                users=[application.user],
                template_prefix=f"volunteers/mail/application_{to}",
                context={
                    "team": application.team,
                    "note": event.note,
                    "site_url": settings.SITE_URL.rstrip("/"),
                },
            )
        content_changed()  # member counts on public team pages
    return event


def application_decide(*, application: Application, to: str, lead, note: str = "", translator_languages=()):
    """A lead's or moderator's decision. Approving a Localization application
    may also add the volunteer to the translator groups of the languages they
    named (from then on they need two-factor authentication, like every
    translator)."""
    with transaction.atomic():
        event = application_move(application=application, to=to, actor=lead, note=note)
        if to == S.APPROVED and translator_languages:
            allowed = set(application.translate_languages) & set(roles.translation_languages())
            chosen = [code for code in translator_languages if code in allowed]
            groups = Group.objects.filter(name__in=[roles.translator_group_name(code) for code in chosen])
            application.user.groups.add(*groups)
            audit.record(
                instance=application,
                action="volunteers.application.translator_groups",
                user=lead,
                data={"languages": chosen},
            )
    return event


def applications_bulk_decide(*, applications, to: str, user, note: str = "") -> tuple[int, list[str]]:
    """Moderators' bulk approve/decline: each application moves on its own;
    those that cannot are reported, not half-done."""
    moved, refused = 0, []
    for application in applications:
        try:
            application_move(application=application, to=to, actor=user, note=note)
        except (ValidationError, PermissionDenied) as error:
            refused.append(
                f"#{application.pk}: {getattr(error, 'messages', [str(error)])[0] or _('not allowed')}"
            )
        else:
            moved += 1
    return moved, refused


def volunteer_withdraw(*, application: Application, user) -> ApplicationEvent:
    if application.user_id != user.pk:
        raise PermissionDenied
    return application_move(application=application, to=S.WITHDRAWN, actor=user)


# --- Reminders -------------------------------------------------------------------


def lead_reminders_send(*, today: datetime.date | None = None) -> int:
    """Mail the leads of each team with applications pending longer than
    PORTAL_VOLUNTEER_REMINDER_DAYS. At most one reminder per team and day
    (a conditional update claims it), however often the beat task runs."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - datetime.timedelta(days=settings.PORTAL_VOLUNTEER_REMINDER_DAYS)
    waiting = (
        Application.objects.filter(state=S.PENDING, created_at__lt=cutoff)
        .values("team")
        .annotate(oldest=Min("created_at"))
    )
    sent = 0
    for row in waiting:
        # The claim and the mails commit together: a crash loses neither.
        with transaction.atomic():
            claimed = Team.objects.filter(pk=row["team"]).exclude(reminded_on=today).update(reminded_on=today)
            if not claimed:
                continue
            team = Team.objects.get(pk=row["team"])
            count = Application.objects.filter(team=team, state=S.PENDING, created_at__lt=cutoff).count()
            account_services.mail_users(
                users=team.leads.filter(is_active=True),
                template_prefix="volunteers/mail/lead_reminder",
                context={
                    "team": team,
                    "count": count,
                    "days": settings.PORTAL_VOLUNTEER_REMINDER_DAYS,
                    "site_url": settings.SITE_URL.rstrip("/"),
                },
            )
        sent += 1
    return sent


# --- Exports ----------------------------------------------------------------------


def export_record(*, user, filters: dict, rows: int) -> ExportRecord:
    """Every CSV export of volunteers is kept: who, when, which filters, how many rows."""
    with transaction.atomic():
        record = ExportRecord.objects.create(user=user, filters=filters, rows=rows)
        audit.record(
            instance=record, action="volunteers.export", user=user, data={"filters": filters, "rows": rows}
        )
    return record


# --- A member's own data ------------------------------------------------------------


def account_delete(*, user) -> str:
    """Erase a member's personal data everywhere and close the account.

    The user row stays, under a pseudonym, so that what others did with it
    (applications decided, proposals reviewed, log entries) keeps its shape;
    everything that identifies the person goes: names, addresses, the
    volunteer profile, second factors, sessions, the contributors wall."""
    from django.contrib.sessions.models import Session

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    pseudonym = f"former-member-{secrets.token_hex(6)}"
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # Later features first, while the account still has its addresses.
        for hook in _deletion_hooks:
            hook(user)
        for application in Application.objects.filter(user=user, state__in=[S.PENDING, S.WAITLISTED]):
            application_move(application=application, to=S.WITHDRAWN, actor=user)
        Volunteer.objects.filter(user=user).delete()
        _scrub_django_admin_log(user, EmailAddress)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        UserSession.objects.filter(user=user).delete()
        Session.objects.filter(session_key__in=session_keys).delete()
        Team.leads.through.objects.filter(user=user).delete()
        # Notes written to or about the person, and log labels that named them.
        ApplicationEvent.objects.filter(application__user=user).update(note="")
        _scrub_log_entries(user)
        user.groups.clear()
        user.user_permissions.clear()
        user.username = pseudonym
        user.email = f"{pseudonym}@invalid.invalid"
        user.first_name = ""
        user.last_name = ""
        user.public_name = ""
        user.thank_publicly = False
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        from wagtail.users.models import UserProfile

        for profile in UserProfile.objects.filter(user=user):
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.delete()
        audit.record(instance=user, action="volunteers.account_deleted", user=None, data={})
        content_changed()
    return pseudonym


_deletion_hooks = []


def _scrub_django_admin_log(user, email_model) -> None:
    """The Django admin's history names the objects it changed (their str())."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    for model, ids in (
        (type(user), [str(user.pk)]),
        (email_model, [str(pk) for pk in email_model.objects.filter(user=user).values_list("pk", flat=True)]),
    ):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).update(object_repr="", change_message="")


def _scrub_log_entries(user) -> None:
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    user_type = ContentType.objects.get_for_model(type(user))
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(label="", data={})
    application_type = ContentType.objects.get_for_model(Application)
    ids = [str(pk) for pk in Application.objects.filter(user=user).values_list("pk", flat=True)]
    for entry in ModelLogEntry.objects.filter(content_type=application_type, object_id__in=ids):
        if entry.data.get("note"):
            entry.data = {**entry.data, "note": ""}
            entry.save(update_fields=["data"])


def on_account_delete(hook):
    """Later features (SIG proposals, the announcements list) register what they erase."""
    _deletion_hooks.append(hook)
    return hook


def my_data(*, user) -> dict:
    """Everything the portal holds about a member, as one JSON document."""
    from allauth.account.models import EmailAddress

    volunteer = Volunteer.objects.filter(user=user).prefetch_related("languages").first()
    applications = (
        Application.objects.filter(user=user)
        .select_related("team")
        .prefetch_related("events")
        .order_by("created_at")
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "public_name": user.public_name,
            "thank_publicly": user.thank_publicly,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "volunteer": None,
        "applications": [
            {
                "team": a.team.slug,
                "status": a.state,
                "applied": a.created_at.isoformat(),
                "languages_to_translate": a.translate_languages,
                "history": [
                    {"from": e.old_state, "to": e.new_state, "at": e.created_at.isoformat(), "note": e.note}
                    for e in a.events.all()
                ],
            }
            for a in applications
        ],
        "teams_led": sorted(user.led_teams.values_list("slug", flat=True)),
    }
    if volunteer:
        data["volunteer"] = {
            "display_name": volunteer.display_name,
            "country": volunteer.country,
            "timezone": volunteer.timezone,
            "languages": sorted(lang.code for lang in volunteer.languages.all()),
            "other_languages": volunteer.other_languages,
            "skills": volunteer.skills,
            "hours_per_week": volunteer.hours_per_week,
            "heard_from": volunteer.heard_from,
            "contact_ok": volunteer.contact_ok,
            "supporter_only": volunteer.supporter_only,
            "not_sure": volunteer.not_sure,
            "wants_announcements": volunteer.wants_announcements,
            "registered": volunteer.created_at.isoformat(),
        }
    for hook in _export_hooks:
        data.update(hook(user))
    return data


_export_hooks = []


def on_data_export(hook):
    """Later features add their part of a member's data export."""
    _export_hooks.append(hook)
    return hook


def team_lead_set(*, team: Team, users, actor) -> None:
    """Moderators name a team's leads (they join the Team leads role)."""
    with transaction.atomic():
        team.leads.set(users)
        group = Group.objects.get(name=roles.TEAM_LEADS)
        group.user_set.add(*users)
        # Who leads no team any more leaves the role.
        group.user_set.remove(*group.user_set.filter(led_teams__isnull=True))
        audit.record(instance=team, action="wagtail.edit", user=actor, data={"leads": [u.pk for u in users]})
        content_changed()


def team_url(team: Team) -> str:
    return reverse("volunteers:team", args=[team.slug])
