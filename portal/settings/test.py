"""Test settings. DATABASE_URL / CELERY_BROKER_URL from the environment decide
whether the suite runs on SQLite or PostgreSQL/Redis (CI uses the real ones)."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-abcdefghij"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The integration tests start a real Celery worker process: on SQLite the test
# database must be a file that process can open (on PostgreSQL it is shared anyway).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so that concurrent runs never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
# Never share the filesystem broker with a `make run` worker.
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(VAR_DIR / "test-broker")  # noqa: F405

# The worker started by the integration tests writes its mail to files the test reads.
if env.str("WORKER_EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("WORKER_EMAIL_FILE_PATH")

# The integration tests of the announcements list point the worker at an SMTP sink.
if env.str("WORKER_EMAIL_URL", default=""):
    vars().update(env.email_url("WORKER_EMAIL_URL"))

# Tests of the anonymous cache switch it on themselves.
PORTAL_ANONYMOUS_CACHE = False
