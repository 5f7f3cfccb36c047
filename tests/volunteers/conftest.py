import pytest

from tests.factories import AdministratorFactory, ModeratorFactory, TeamFactory, give_totp
from volunteers.models import JoinPolicy


def login(client, user, *, mfa=True):
    if mfa:
        give_totp(user)
    client.force_login(user)
    return user


@pytest.fixture
def teams(db):
    return {
        "infra": TeamFactory(slug="infrastructure", name_en="Infrastructure", name_es="Infraestructura"),
        "web": TeamFactory(slug="web", name_en="Web"),
        "l10n": TeamFactory(slug="localization", name_en="Localization", asks_languages=True),
        "community": TeamFactory(slug="community", name_en="Community", join_policy=JoinPolicy.OPEN),
        "legal": TeamFactory(slug="legal", name_en="Legal", join_policy=JoinPolicy.CLOSED),
    }


@pytest.fixture
def moderator_client(client, db):
    login(client, ModeratorFactory())
    return client


@pytest.fixture
def admin_client(client, db):
    login(client, AdministratorFactory())
    return client


def form_data(chosen=(), **overrides):
    data = {
        "display_name": "Ada",
        "country": "Spain",
        "timezone": "Europe/Madrid",
        "languages": ["es", "en"],
        "other_languages": "Catalan",
        "teams": [t.pk for t in chosen],
        "skills": "Packaging, ansible, packaging",
        "hours_per_week": "6",
        "heard_from": "forum",
        "contact_ok": "on",
        "thank_publicly": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
