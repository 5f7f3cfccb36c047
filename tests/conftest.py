from django.core.cache import cache
from django.utils import translation

import pytest


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language earlier in the
    same process must not leak into messages built outside a request."""
    translation.activate("en")
    yield
    translation.deactivate()


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


@pytest.fixture
def sink():
    """An SMTP server (aiosmtpd) that answers 451 or 550 on demand: (handler, port)."""
    from tests.smtp_sink import running_sink

    with running_sink() as found:
        yield found
