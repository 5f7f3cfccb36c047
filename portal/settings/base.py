"""Settings shared by every environment.

One source of truth, read from the environment with django-environ. The
defaults make `make run` work on a machine with no servers (SQLite, a
filesystem Celery broker, mail written to files); production.py tightens them.
See docs/operations.md for every variable.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "portal",
    "accounts",
    "news",
    "localization",
    "sigs",
    "volunteers",
    "sponsors",
    "announcements",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.cache.AnonymousPageCacheMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.PrivilegedMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
# URLs outside the language prefixes (portal/urls.py): a 404 there stays a 404.
PORTAL_UNPREFIXED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/language/",
    "/healthz",
    "/sitemap.xml",
    "/media/",
    "/static/",
    "/bench/",
]
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent web + worker processes on one SQLite file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://"))}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Languages -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("de", "Deutsch"),
    ("zh-hans", "简体中文"),
    ("af", "Afrikaans"),
    ("el", "Ελληνικά"),
    ("tr", "Türkçe"),
]
# Our own catalogue first; locale/vendor supplements third-party catalogues
# that lack one of our languages (django-allauth has no Afrikaans).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Community Portal"
# A translation becomes public only when a translator publishes it; until
# then readers get the English page with a notice (portal/fallback.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login_redirect"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Email addresses change through allauth (verification), not Wagtail's account page.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin loads nothing from other sites (and the CSP would refuse it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt", "ods"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Wagtail's own background work (reference index, image renditions) goes
# through django-tasks; here it is handed to Celery (see portal/task_backend.py).
TASKS = {"default": {"BACKEND": "portal.task_backend.CeleryTaskBackend"}}

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Mail ------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if "EMAIL_URL" not in env.ENVIRON:
    # make run: one file per message in var/mail/.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Community Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = 30

# --- Celery ----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")


def filesystem_broker_options(folder: Path) -> dict:
    """kombu's filesystem transport: a real broker with no server (make run, tests)."""
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        # Workers look for new messages every 0.2 s (kombu's default is 1 s).
        "polling_interval": 0.2,
    }


if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(VAR_DIR / "broker")
# The queue tasks go to unless they name one (the integration tests give each worker its own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, and re-delivered if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.worker_heartbeat", "schedule": 60.0},
    "publish-scheduled-pages": {"task": "portal.publish_scheduled", "schedule": 60.0},
    # Idempotent (one notice per end date): hourly so a missed run catches up.
    "sponsor-renewal-notices": {"task": "sponsors.send_renewal_notices", "schedule": 3600.0},
    # At most one reminder per team and day, however often it runs.
    "volunteer-lead-reminders": {"task": "volunteers.send_lead_reminders", "schedule": 3600.0},
    "sig-reminders": {"task": "sigs.send_reminders", "schedule": 3600.0},
    # The announcements list: scheduled campaigns start; deliveries claimed by
    # a worker that died go back to the queue (docs/announcements.md).
    "announcements-start-due": {"task": "announcements.start_due_campaigns", "schedule": 30.0},
    "announcements-requeue-stuck": {"task": "announcements.requeue_stuck", "schedule": 60.0},
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True

# --- Accounts (django-allauth) ---------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Community Portal")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)
MFA_PASSKEY_LOGIN_ENABLED = False
USERSESSIONS_TRACK_ACTIVITY = True

# --- Security --------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Public pages: no inline code, nothing from other origins. The Wagtail admin
# gets its own, looser policy in portal/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'self'"],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# Roles that must have a second factor before any admin or review page opens.
PORTAL_PRIVILEGED_GROUPS = ["Moderators", "Administrators", "SIG reviewers", "Editors"]
PORTAL_PRIVILEGED_GROUP_PREFIXES = ["Translators – "]
# Paths (regular expressions on request.path_info) that privileged users may
# only open once they have an authenticator. Later features add review pages.
PORTAL_MFA_REQUIRED_PATHS = [
    r"^/admin/",
    r"^/django-admin/",
    # A team's applications: moderators and administrators decide there too.
    r"^/[^/]+/volunteers/teams/[^/]+/applications/",
    # SIG review pages: reviewers and moderators (proposers are not privileged).
    r"^/[^/]+/sigs/review/",
    r"^/[^/]+/sigs/proposals/\d+/",
    # A SIG's management page: moderators retire SIGs there.
    r"^/[^/]+/sigs/[^/]+/manage/",
]

# Whole-response cache of public pages for anonymous readers (portal/cache.py).
PORTAL_ANONYMOUS_CACHE = env.bool("PORTAL_ANONYMOUS_CACHE", default=True)
PORTAL_ANONYMOUS_CACHE_SECONDS = env.int("PORTAL_ANONYMOUS_CACHE_SECONDS", default=600)
# Exposes /bench/floor/ for bench/pages.py; never on in production.
PORTAL_BENCH_FLOOR = env.bool("PORTAL_BENCH_FLOOR", default=False)
PORTAL_ANONYMOUS_CACHE_EXCLUDED_PREFIXES = [
    "/bench/",
    "/admin/",
    "/django-admin/",
    "/language/",
    "/healthz",
    "/documents/",
    "/static/",
    "/media/",
]

# Public forms' rate limits (portal/ratelimit.py): "<count>/<s|m|h|d>" per client address.
PORTAL_RATE_LIMITS = {
    "list_subscribe": env.str("PORTAL_RATE_LIMIT_LIST_SUBSCRIBE", default="10/h"),
    "sponsor_inquiry": env.str("PORTAL_RATE_LIMIT_SPONSOR_INQUIRY", default="5/h"),
    "volunteer_register": env.str("PORTAL_RATE_LIMIT_VOLUNTEER_REGISTER", default="10/h"),
}

# --- SIG proposals ---------------------------------------------------------
# A moderator may decide only once this many reviews with a vote are in.
PORTAL_SIG_MIN_REVIEWS = env.int("PORTAL_SIG_MIN_REVIEWS", default=2)
# Reviewers hear of proposals waiting, and proposers of changes requested, after this many days.
PORTAL_SIG_REMINDER_DAYS = env.int("PORTAL_SIG_REMINDER_DAYS", default=7)

# --- Volunteers ------------------------------------------------------------
# Team leads are reminded of applications pending longer than this many days.
PORTAL_VOLUNTEER_REMINDER_DAYS = env.int("PORTAL_VOLUNTEER_REMINDER_DAYS", default=7)
# "Active" team members signed in within this many days (the dashboard).
PORTAL_VOLUNTEER_ACTIVE_DAYS = env.int("PORTAL_VOLUNTEER_ACTIVE_DAYS", default=90)

# --- Sponsors --------------------------------------------------------------
# A sponsor stays on public pages this many days after its end date.
PORTAL_SPONSOR_GRACE_DAYS = env.int("PORTAL_SPONSOR_GRACE_DAYS", default=30)
# The renewal mail goes to the sponsor's contact and the administrators this
# many days before the end date.
PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS = env.int("PORTAL_SPONSOR_RENEWAL_NOTICE_DAYS", default=45)
# Logos: raster images only (WAGTAILIMAGES_EXTENSIONS), within these limits.
PORTAL_SPONSOR_LOGO_MAX_BYTES = env.int("PORTAL_SPONSOR_LOGO_MAX_BYTES", default=2 * 1024 * 1024)
PORTAL_SPONSOR_LOGO_MIN_SIDE = 64
PORTAL_SPONSOR_LOGO_MAX_SIDE = 4000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "wagtail": {"level": "WARNING"}},
}

# --- The announcements list (docs/announcements.md) ---------------------------
PORTAL_LIST_NAME = env.str("PORTAL_LIST_NAME", default="Community announcements")
PORTAL_LIST_FROM_EMAIL = env.str("PORTAL_LIST_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
# The domain of List-Id and of every Message-ID.
PORTAL_LIST_DOMAIN = env.str(
    "PORTAL_LIST_DOMAIN", default=SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]
)
PORTAL_LIST_ID = env.str("PORTAL_LIST_ID", default=f"announcements.{PORTAL_LIST_DOMAIN}")
# The mailto of List-Unsubscribe: `manage.py unsubscribe_by_mail` reads what arrives there.
PORTAL_LIST_UNSUBSCRIBE_MAILTO = env.str(
    "PORTAL_LIST_UNSUBSCRIBE_MAILTO", default=f"unsubscribe@{PORTAL_LIST_DOMAIN}"
)
PORTAL_LIST_CONFIRM_DAYS = env.int("PORTAL_LIST_CONFIRM_DAYS", default=7)
# Deliveries a batch task claims and sends over one SMTP connection.
PORTAL_LIST_BATCH_SIZE = env.int("PORTAL_LIST_BATCH_SIZE", default=200)
# Batch chains per campaign: at most this many workers send one campaign at once.
PORTAL_LIST_CONCURRENCY = env.int("PORTAL_LIST_CONCURRENCY", default=4)
# The Celery queue of the batch tasks (empty: the default queue). With a queue
# of its own, start workers for it: `celery -A portal worker -Q list`.
PORTAL_LIST_QUEUE = env.str("PORTAL_LIST_QUEUE", default="")
# Messages per second across all workers; 0 for no limit.
PORTAL_LIST_RATE = env.int("PORTAL_LIST_RATE", default=0)
# Transient failures (4xx, lost connections) are retried after 1, 2, 4 … × this, up to the limit.
PORTAL_LIST_RETRY_SECONDS = env.int("PORTAL_LIST_RETRY_SECONDS", default=60)
PORTAL_LIST_MAX_ATTEMPTS = env.int("PORTAL_LIST_MAX_ATTEMPTS", default=5)
# Permanent failures (5xx) in a row after which an address is suspended.
PORTAL_LIST_BOUNCE_LIMIT = env.int("PORTAL_LIST_BOUNCE_LIMIT", default=3)
# A delivery claimed longer ago than this belongs to a worker that died.
PORTAL_LIST_CLAIM_TIMEOUT = env.int("PORTAL_LIST_CLAIM_TIMEOUT", default=300)
