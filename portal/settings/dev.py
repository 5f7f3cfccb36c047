"""Local development: `make run`. Debug on, mail to var/mail, SQLite, filesystem broker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop"  # noqa: F405
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PORTAL_ANONYMOUS_CACHE = env.bool(
    "PORTAL_ANONYMOUS_CACHE", default=False
)  # templates change while developing
