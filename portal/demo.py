"""Demo content for `make run`: idempotent, safe to run on every start."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Locale, Page, Site

from allauth.account.models import EmailAddress

from accounts import roles
from portal.models import HomePage


@dataclass
class CreatedAccount:
    email: str
    password: str
    role: str


DEMO_ACCOUNTS = [
    ("admin@example.org", "Administrator", None),
    ("moderator@example.org", "Moderator", roles.MODERATORS),
    ("administrator@example.org", "Administrator role", roles.ADMINISTRATORS),
    ("reviewer@example.org", "SIG reviewer", roles.SIG_REVIEWERS),
    ("translator-es@example.org", "Translator (Spanish)", roles.translator_group_name("es")),
    ("lead@example.org", "Team lead", roles.TEAM_LEADS),
    ("member@example.org", "Member", None),
]


def ensure_home_page() -> HomePage:
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's default "Welcome" page is replaced by the home page.
    for welcome in root.get_children().filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        welcome.delete()
    english = Locale.objects.get(language_code="en")
    home = HomePage(
        title="Home",
        slug="home",
        locale=english,
        hero_title="Build the distribution with us",
        hero_text=(
            "An open, community-run enterprise Linux distribution. Read the news, "
            "join a team, propose a Special Interest Group or support the project."
        ),
        intro=(
            "<p>We are a new community, and everything here is built by volunteers. "
            "Sign up to follow the work, help a team or translate our updates.</p>"
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    # Wagtail's default welcome page is replaced as the site root.
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="Community Portal"
        )
    else:
        site.root_page = home
        site.site_name = "Community Portal"
        site.save()
    return home


def ensure_account(email: str, name: str, group: str | None) -> CreatedAccount | None:
    User = get_user_model()
    if User.objects.filter(email=email).exists():
        return None
    password = secrets.token_urlsafe(12)
    first, _, last = name.partition(" ")
    if group is None and email.startswith("admin@"):
        user = User.objects.create_superuser(email=email, password=password, first_name=first, last_name=last)
    else:
        user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last)
    if group:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return CreatedAccount(
        email=email, password=password, role=group or ("superuser" if user.is_superuser else "member")
    )


def load_demo() -> list[CreatedAccount]:
    """Idempotent: every step checks what exists. Not one transaction, because
    wagtail-localize publishes translations as each transaction commits."""
    from localization.services import field_translation_baseline, translator_page_permissions_sync
    from news.demo import ensure_news
    from sponsors.demo import ensure_sponsors
    from volunteers.demo import ensure_demo as ensure_volunteers

    with transaction.atomic():
        home = ensure_home_page()
    ensure_news(home)
    translator_page_permissions_sync()
    created = []
    for email, name, group in DEMO_ACCOUNTS:
        with transaction.atomic():
            account = ensure_account(email, name, group)
        if account:
            created.append(account)
    ensure_sponsors()
    ensure_volunteers(lead_email="lead@example.org")
    field_translation_baseline()
    return created
