"""Demo teams and volunteers for `make run`. Idempotent."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from volunteers.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    HeardFrom,
    JoinPolicy,
    Team,
    Volunteer,
    VolunteerLanguage,
)

TEAMS = [
    # slug, English name, Spanish name, description, policy
    ("infrastructure", "Infrastructure", "Infraestructura",
     "Runs the build farm, mirrors, the website and every service the project depends on.", JoinPolicy.APPROVAL),
    ("release-engineering", "Release Engineering and Packaging", "Ingeniería de versiones y empaquetado",
     "Builds, signs and ships every package and release image.", JoinPolicy.APPROVAL),
    ("security", "Security", "Seguridad",
     "Tracks vulnerabilities, prepares advisories and reviews sensitive changes.", JoinPolicy.APPROVAL),
    ("web", "Web", "Web", "Designs and builds the community's websites, this portal included.", JoinPolicy.APPROVAL),
    ("community", "Community", "Comunidad",
     "Welcomes newcomers, moderates the forum and chat, and organises events.", JoinPolicy.OPEN),
    ("localization", "Localization", "Localización",
     "Translates the website, the news and the documentation into every language we can.", JoinPolicy.APPROVAL),
    ("documentation", "Documentation", "Documentación",
     "Writes and maintains guides for installing, running and contributing.", JoinPolicy.OPEN),
    ("testing", "Testing", "Pruebas", "Tests images, updates and upgrades before they ship.", JoinPolicy.OPEN),
    ("legal", "Legal", "Legal", "Looks after licences, trademarks and the foundation's paperwork.", JoinPolicy.CLOSED),
]  # fmt: skip

COUNTRIES = [
    "Germany",
    "Spain",
    "Brazil",
    "India",
    "United States",
    "France",
    "China",
    "Greece",
    "Türkiye",
    "Kenya",
]
TIMEZONES = ["Europe/Berlin", "Europe/Madrid", "America/Sao_Paulo", "Asia/Kolkata", "America/Chicago",
             "Europe/Paris", "Asia/Shanghai", "Europe/Athens", "Europe/Istanbul", "Africa/Nairobi"]  # fmt: skip
LANGUAGES = ["de", "es", "en", "en", "en", "fr", "zh-hans", "el", "tr", "en"]


def ensure_teams(lead_email: str | None = None) -> dict[str, Team]:
    teams = {}
    with transaction.atomic():
        for order, (slug, name, name_es, description, policy) in enumerate(TEAMS):
            team, created = Team.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_en": name,
                    "name_es": name_es,
                    "description_en": description,
                    "join_policy": policy,
                    "asks_languages": slug == "localization",
                    "sort_order": order * 10,
                },
            )
            teams[slug] = team
        if lead_email:
            lead = get_user_model().objects.filter(email=lead_email).first()
            if lead is not None and not teams["infrastructure"].leads.exists():
                teams["infrastructure"].leads.add(lead)
    return teams


def ensure_volunteers(teams: dict[str, Team], count: int = 40) -> None:
    """Made-up volunteers so the dashboard and the lists have something to show."""
    User = get_user_model()
    if Volunteer.objects.filter(user__email__endswith="@volunteers.example").exists():
        return
    rng = random.Random(7)
    now = timezone.now()
    slugs = [s for s in teams if teams[s].join_policy != JoinPolicy.CLOSED]
    with transaction.atomic():
        for i in range(count):
            user = User.objects.create_user(email=f"volunteer{i}@volunteers.example", password=None)
            user.set_unusable_password()
            user.last_login = now - datetime.timedelta(days=rng.randint(0, 150))
            user.save()
            k = i % len(COUNTRIES)
            volunteer = Volunteer.objects.create(
                user=user,
                display_name=f"Volunteer {i + 1}",
                country=COUNTRIES[k],
                timezone=TIMEZONES[k],
                skills=rng.sample(
                    ["packaging", "ansible", "python", "writing", "design", "testing", "rust"], 2
                ),
                hours_per_week=rng.choice([2, 4, 5, 8, 10]),
                heard_from=rng.choice(HeardFrom.values),
                contact_ok=True,
                not_sure=i % 9 == 0,
            )
            Volunteer.objects.filter(pk=volunteer.pk).update(
                created_at=now - datetime.timedelta(days=rng.randint(0, 80))
            )
            VolunteerLanguage.objects.create(volunteer=volunteer, code=LANGUAGES[k])
            if LANGUAGES[k] != "en":
                VolunteerLanguage.objects.create(volunteer=volunteer, code="en")
            for slug in rng.sample(slugs, rng.choice([1, 1, 2])):
                state = rng.choice(
                    [ApplicationState.PENDING, ApplicationState.APPROVED, ApplicationState.APPROVED]
                )
                application = Application.objects.create(user=user, team=teams[slug], state=state)
                ApplicationEvent.objects.create(
                    application=application, actor=user, new_state=ApplicationState.PENDING
                )


def ensure_demo(lead_email: str | None = None) -> None:
    teams = ensure_teams(lead_email)
    ensure_volunteers(teams)
