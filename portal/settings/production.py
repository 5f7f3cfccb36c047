"""Production: every secret from the environment, nothing insecure by default.

Refuses to start without SECRET_KEY. Passes `manage.py check --deploy`.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (at least 50 random characters) in production; "
        "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")


def _required(name: str, why: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {why}")
    return value


# Several processes share one cache: content versions, rate limits and the
# used-TOTP-code register live there (docs/operations.md).
if not (env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")):
    raise ImproperlyConfigured(
        "CACHE_URL (or REDIS_URL) must be set in production: a Redis shared by every web process and worker"
    )
SITE_URL = _required("SITE_URL", "the public base URL, used in mails and admin links")
WAGTAILADMIN_BASE_URL = SITE_URL
_required("EMAIL_URL", "an SMTP URL such as smtp+tls://user:password@host:587")
# Behind the reverse proxy that terminates TLS (SECURE_PROXY_SSL_HEADER below).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
