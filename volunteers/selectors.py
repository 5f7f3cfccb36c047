"""Reads for volunteers: public team pages, a member's participation, the
leads' queue, the admin list and the interest dashboard. Every list runs a
fixed number of queries; the dashboard aggregates in the database."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from volunteers.models import Application, ApplicationState, JoinPolicy, Team, Volunteer, VolunteerLanguage

S = ApplicationState


def _lead_names(team) -> list[str]:
    return [u.display_name for u in team.leads.all() if u.display_name]


def teams_with_counts():
    """Teams in order, each with .member_count (approved) and its leads prefetched."""
    return list(
        Team.objects.annotate(member_count=Count("applications", filter=Q(applications__state=S.APPROVED)))
        .prefetch_related("leads")
        .order_by("sort_order", "pk")
    )


def team_by_slug(slug: str):
    return (
        Team.objects.annotate(member_count=Count("applications", filter=Q(applications__state=S.APPROVED)))
        .prefetch_related("leads")
        .filter(slug=slug)
        .first()
    )


def joinable_teams():
    return Team.objects.exclude(join_policy=JoinPolicy.CLOSED).order_by("sort_order", "pk")


def my_applications(user):
    return list(Application.objects.filter(user=user).select_related("team").order_by("team__sort_order"))


def lead_queue(team: Team):
    """A team's applications for its leads: what they need to decide, nothing more.
    Pending and waitlisted first, then approved, declined and withdrawn."""
    order = {S.PENDING: 0, S.WAITLISTED: 1, S.APPROVED: 2, S.DECLINED: 3, S.WITHDRAWN: 4}
    applications = list(
        Application.objects.filter(team=team)
        .select_related("user", "user__volunteer")
        .prefetch_related(
            Prefetch("user__volunteer__languages", queryset=VolunteerLanguage.objects.order_by("code"))
        )
        .order_by("created_at", "pk")
    )
    applications.sort(key=lambda a: order[a.state])
    return applications


def not_sure_volunteers():
    """Volunteers who chose "not sure yet": every lead sees them, to invite them."""
    return list(
        Volunteer.objects.filter(not_sure=True, user__is_active=True)
        .prefetch_related(Prefetch("languages", queryset=VolunteerLanguage.objects.order_by("code")))
        .order_by("-created_at")[:100]
    )


def team_memberships(user_ids) -> dict[int, list[Team]]:
    """{user id: the teams that approved them, in team order}: one query."""
    memberships: dict[int, list[Team]] = {}
    for application in (
        Application.objects.filter(user_id__in=list(user_ids), state=S.APPROVED)
        .select_related("team")
        .order_by("team__sort_order", "team_id")
    ):
        memberships.setdefault(application.user_id, []).append(application.team)
    return memberships


# --- The admin list -------------------------------------------------------------


def admin_applications(*, q="", team=None, state="", language="", country="", date_from=None, date_to=None):
    applications = Application.objects.select_related("team", "user", "user__volunteer").prefetch_related(
        Prefetch("user__volunteer__languages", queryset=VolunteerLanguage.objects.order_by("code"))
    )
    if q:
        applications = applications.filter(
            Q(user__volunteer__display_name__icontains=q)
            | Q(user__email__icontains=q)
            | Q(user__volunteer__skills__icontains=q)
            | Q(user__volunteer__country__icontains=q)
        )
    if team:
        applications = applications.filter(team=team)
    if state in S.values:
        applications = applications.filter(state=state)
    if language:
        applications = applications.filter(user__volunteer__languages__code=language)
    if country:
        applications = applications.filter(user__volunteer__country__iexact=country)
    if date_from:
        applications = applications.filter(created_at__date__gte=date_from)
    if date_to:
        applications = applications.filter(created_at__date__lte=date_to)
    return applications.order_by("-created_at", "-pk")


def countries() -> list[str]:
    return list(Volunteer.objects.order_by("country").values_list("country", flat=True).distinct())


# --- The dashboard ---------------------------------------------------------------


@dataclass
class Dashboard:
    volunteers: int
    supporters: int
    not_sure: int
    pending: int
    teams: list  # [(team name, applied, approved, active)]
    weeks: list  # [(monday, count)] oldest first
    languages: list  # [(code, count)] most first
    regions: list  # [(region, count)] most first


WEEKS = 12


def dashboard(now: datetime.datetime | None = None) -> Dashboard:
    """Five queries whatever the number of volunteers: every figure is a
    COUNT ... GROUP BY in the database."""
    now = now or timezone.now()
    active_since = now - datetime.timedelta(days=settings.PORTAL_VOLUNTEER_ACTIVE_DAYS)
    totals = Volunteer.objects.aggregate(
        volunteers=Count("pk"),
        supporters=Count("pk", filter=Q(supporter_only=True)),
        not_sure=Count("pk", filter=Q(not_sure=True)),
    )
    pending = Application.objects.filter(state=S.PENDING).count()
    teams = [
        (str(t.name), t.applied, t.approved, t.active)
        for t in Team.objects.annotate(
            applied=Count("applications", filter=~Q(applications__state=S.WITHDRAWN)),
            approved=Count("applications", filter=Q(applications__state=S.APPROVED)),
            active=Count(
                "applications",
                filter=Q(applications__state=S.APPROVED, applications__user__last_login__gte=active_since),
            ),
        ).order_by("sort_order", "pk")
    ]
    this_monday = timezone.localtime(now).date() - datetime.timedelta(days=timezone.localtime(now).weekday())
    first_monday = this_monday - datetime.timedelta(weeks=WEEKS - 1)
    start = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    by_week = {
        (row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]): row["n"]
        for row in Volunteer.objects.filter(created_at__gte=start)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("pk"))
    }
    weeks = [
        (monday, by_week.get(monday, 0))
        for monday in (first_monday + datetime.timedelta(weeks=i) for i in range(WEEKS))
    ]
    languages = list(
        VolunteerLanguage.objects.values_list("code").annotate(n=Count("pk")).order_by("-n", "code")
    )
    regions: dict[str, int] = {}
    # One row per distinct time zone (a few hundred at most), not per volunteer.
    for tz, n in Volunteer.objects.values_list("timezone").annotate(n=Count("pk")):
        region = tz.split("/", 1)[0] if "/" in tz else tz
        regions[region] = regions.get(region, 0) + n
    return Dashboard(
        volunteers=totals["volunteers"],
        supporters=totals["supporters"],
        not_sure=totals["not_sure"],
        pending=pending,
        teams=teams,
        weeks=weeks,
        languages=languages,
        regions=sorted(regions.items(), key=lambda item: (-item[1], item[0])),
    )
