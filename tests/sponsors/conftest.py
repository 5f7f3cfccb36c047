import pytest

from tests.factories import AdministratorFactory, ModeratorFactory, give_totp
from tests.news.conftest import home, index, spanish_tree  # noqa: F401  (shared fixtures)


def login(client, user):
    give_totp(user)
    client.force_login(user)
    return user


@pytest.fixture
def admin_client(client, db):
    login(client, AdministratorFactory(preferred_language="en"))
    return client


@pytest.fixture
def moderator_client(client, db):
    login(client, ModeratorFactory(preferred_language="en"))
    return client
