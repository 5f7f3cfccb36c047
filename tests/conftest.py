from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailoutbox_by_recipient(mailoutbox):
    def by(address):
        return [m for m in mailoutbox if address in m.to]

    return by
