"""Rate limits for the portal's public forms (inquiries, sign-ups to come).

A fixed window per action and client address, counted in the cache (Redis in
production, so every web process shares the count). The client address is
allauth's (`ALLAUTH_TRUSTED_PROXY_COUNT` behind a proxy), so the portal's
limits and allauth's agree on who a client is.

    if not ratelimit.hit(request, "sponsor_inquiry"):
        ... answer 429 with the form and a translated message
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from allauth.account.adapter import get_adapter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse(rate: str) -> tuple[int, int]:
    """'5/h' -> (5, 3600)."""
    count, _slash, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def client_key(request) -> str:
    address = get_adapter(request).get_client_ip(request) or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(request, action: str) -> bool:
    """Count one attempt at `action`; False once the client is over its limit."""
    limit, period = parse(settings.PORTAL_RATE_LIMITS[action])
    window = int(time.time() // period)
    key = f"portal:ratelimit:{action}:{client_key(request)}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit
