"""Plein's only settings module. Everything that differs per deployment comes from
environment variables; the defaults make a fresh checkout run on SQLite in development.

See README.md ("Settings") for the full list.
"""

import os
from pathlib import Path
from typing import Literal

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLEIN_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


# Off unless asked for: debug mode serves every mail, login codes included, at /dev/mail/.
# `make run`, `make messages`, `make lint` and the tests (plein.core.pytest_env) turn it on.
DEBUG = env_bool("PLEIN_DEBUG", False)

SECRET_KEY = env_secret("PLEIN_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "Set PLEIN_SECRET_KEY (or PLEIN_SECRET_KEY_FILE) when PLEIN_DEBUG is off. "
            "On a development machine, set PLEIN_DEBUG=true instead."
        )
    SECRET_KEY = "development-only-secret-key-do-not-use-in-production"  # noqa: S105

BASE_URL = env("PLEIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = [h for h in env("PLEIN_ALLOWED_HOSTS").split(",") if h] or (
    ["127.0.0.1", "localhost", "[::1]", "testserver"]
    if DEBUG
    else [BASE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]]
)
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "plein.core",
    "plein.members",
    "plein.themes",
    "plein.posts",
    "plein.library",
    "plein.circles",
    "plein.gatherings",
    "plein.goals",
    "plein.showcase",
    "plein.insights",
    "plein.notify",
    "plein.search",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "plein.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plein.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plein.members.middleware.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plein.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "plein.urls"
WSGI_APPLICATION = "plein.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "plein" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plein.core.context_processors.plein",
                "plein.notify.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite in var/ by default (WAL mode), PostgreSQL in production via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'plein.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": env("PLEIN_TEST_SQLITE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.Member"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: Redis when REDIS_URL is set (needed once there is more than one process, so
# that rate limits are shared); otherwise a per-process memory cache.
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # members stay logged in for a month: no daily threshold
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Internationalisation: Dutch first, English on request.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "plein" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "plein" / "static"]
# Uploaded files (the library): on disk under PLEIN_VAR_DIR/media, or in an S3-compatible
# bucket when PLEIN_S3_BUCKET is set (install the `s3` extra). Either way they have no
# public address: Plein streams each one after its access check (MEDIA_URL stays unset).
# Without PLEIN_S3_ACCESS_KEY boto3 finds credentials itself (environment, IAM role).
S3_BUCKET = env("PLEIN_S3_BUCKET")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env("PLEIN_S3_ENDPOINT_URL") or None,
                "access_key": env_secret("PLEIN_S3_ACCESS_KEY") or None,
                "secret_key": env_secret("PLEIN_S3_SECRET_KEY") or None,
                "region_name": env("PLEIN_S3_REGION") or None,
                "default_acl": None,  # the bucket's default: private
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Mail. Development: every mail is written to var/mail/ and readable at /dev/mail/.
# Production: SMTP configured by PLEIN_EMAIL_* (or any Django backend by dotted path).
EMAIL_BACKEND = env(
    "PLEIN_EMAIL_BACKEND",
    "plein.core.mail.MailboxBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("PLEIN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("PLEIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("PLEIN_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("PLEIN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("PLEIN_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("PLEIN_EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("PLEIN_FROM_EMAIL", "Plein <plein@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Plein's own settings.
PLEIN_SITE_NAME = env("PLEIN_SITE_NAME", "Plein Twente")
# What an unknown address gets at the door: "open" lets anyone with a working mailbox
# join at once; "request" asks them to request access, which a community manager grants.
PLEIN_SIGNUP = env("PLEIN_SIGNUP", "open")
# Behind a reverse proxy every request comes from the proxy's address: trust the first
# X-Forwarded-For entry instead, or rate limits per IP would lump all members together.
PLEIN_BEHIND_PROXY = env_bool("PLEIN_BEHIND_PROXY", False)
PLEIN_LOGIN_TTL_SECONDS = 10 * 60
PLEIN_LOGIN_CODE_ATTEMPTS = 5
# Rate limits as (max events, window in seconds).
PLEIN_RATE_LIMITS = {
    # Login mails are counted per requesting IP and address, so a stranger's requests never
    # use up a member's own, and per address only up to a higher cap that bounds the mail
    # strangers can cause one address. A browser that came in as the address before (the
    # device cookie) passes both; the per-IP limit holds for everyone.
    "login-request-ip-address": (5, 15 * 60),
    "login-request-address": (10, 30 * 60),
    "login-request-ip": (30, 15 * 60),
    "login-code-ip": (30, 15 * 60),
    "password-login-ip": (20, 15 * 60),
    "ask-for-help": (10, 60 * 60),
    # A member asks to move their account to another address this often per hour.
    "email-change-member": (5, 60 * 60),
    # Webmentions are public: a sender (IP address) gets this many per hour.
    "webmention-ip": (20, 60 * 60),
}

# Security: a nonce-based Content-Security-Policy without inline scripts everywhere;
# secure cookies and HSTS whenever Plein is not in debug mode.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # A template that needs a script adds nonce="{{ request.csp_nonce }}"; django-csp
        # then puts that request's nonce here. Inline scripts without it never run.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no Plein page uses, switched off for every page (and every frame in
# it). Passkeys (publickey-credentials-*) keep their default, Plein itself. The door's QR
# code needs no camera here: phones scan it with their own camera app.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PLEIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("PLEIN_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("PLEIN_HSTS_PRELOAD", True)
# Only a reverse proxy that overwrites X-Forwarded-Proto may say a request came over
# HTTPS; without one, any client could send the header and pass for a secure request.
if PLEIN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE: Literal["Lax", "Strict", "None"] = "Lax"
# A visitor's choice of language lasts a year, not one browser session (a member's is also
# on their profile). Every language cookie Plein sets reads LANGUAGE_COOKIE_* as Django's
# set_language does, so it is Secure in production too.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# Logging: never write login tokens to a log (see plein.core.logging).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "plein.core.logging.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "plein": {"handlers": ["console"], "level": env("PLEIN_LOG_LEVEL", "INFO")},
    },
}

FORM_RENDERER = "plein.core.forms.FormRenderer"
CSRF_FAILURE_VIEW = "plein.core.views.csrf_failure"

# Routing questions to people who can help.
PLEIN_ROUTE_ROUND_SIZE = int(env("PLEIN_ROUTE_ROUND_SIZE", "5"))
PLEIN_ROUTE_AFTER_HOURS = int(env("PLEIN_ROUTE_AFTER_HOURS", "48"))

# Library (bibliotheek): shared files are checked by content, not only by name (see
# plein.library.files, which also lists the types it can check; others are refused).
# Let the reverse proxy accept request bodies a little over the maximum (form fields).
PLEIN_LIBRARY_MAX_UPLOAD_MB = int(env("PLEIN_LIBRARY_MAX_UPLOAD_MB", "20"))
PLEIN_LIBRARY_FILE_TYPES = [
    extension.strip().lower().lstrip(".")
    for extension in env(
        "PLEIN_LIBRARY_FILE_TYPES", "pdf,docx,xlsx,pptx,odt,ods,odp,txt,csv,md,png,jpg,jpeg"
    ).split(",")
    if extension.strip()
]
# Office and OpenDocument files are zips: refused beyond these (zip bombs; see files.py).
PLEIN_LIBRARY_MAX_UNZIPPED_MB = int(env("PLEIN_LIBRARY_MAX_UNZIPPED_MB", "100"))
PLEIN_LIBRARY_MAX_ZIP_ENTRIES = int(env("PLEIN_LIBRARY_MAX_ZIP_ENTRIES", "1000"))

# Background tasks (reminders, mails). "inline" runs each task at once in the process that
# asks for it, so `make run` and the tests need no worker; "database" queues them for
# `plein worker` (run it next to the web server in production).
PLEIN_TASKS = env("PLEIN_TASKS", "inline")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if PLEIN_TASKS == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Gatherings: the door QR code shown on the host's screen changes every few minutes; a
# scanned code stays valid a little longer so someone still typing is not turned away.
PLEIN_DOOR_CODE_MINUTES = int(env("PLEIN_DOOR_CODE_MINUTES", "3"))
PLEIN_DOOR_CODE_GRACE_MINUTES = int(env("PLEIN_DOOR_CODE_GRACE_MINUTES", "10"))
# Reminders go out this many hours before a gathering starts.
PLEIN_REMINDER_HOURS = int(env("PLEIN_REMINDER_HOURS", "24"))

# Blog carnivals: Webmentions and registered addresses are fetched in the background, at
# most this many bytes, within this many seconds in all, following at most this many
# redirects. Plein never fetches private, loopback or link-local addresses; the tests
# (which run a blog on 127.0.0.1) may allow loopback with PLEIN_WEBMENTION_ALLOW_LOOPBACK.
PLEIN_WEBMENTION_MAX_BYTES = int(env("PLEIN_WEBMENTION_MAX_BYTES", str(1_000_000)))
PLEIN_WEBMENTION_TIMEOUT_SECONDS = float(env("PLEIN_WEBMENTION_TIMEOUT_SECONDS", "5"))
PLEIN_WEBMENTION_MAX_REDIRECTS = int(env("PLEIN_WEBMENTION_MAX_REDIRECTS", "5"))
PLEIN_WEBMENTION_ALLOW_LOOPBACK = env_bool("PLEIN_WEBMENTION_ALLOW_LOOPBACK", False)

# Insights: a figure about a group of fewer members than this is not shown (privacy), and
# the hourly rate the business case starts from until a community manager sets one.
PLEIN_INSIGHTS_MIN_GROUP = int(env("PLEIN_INSIGHTS_MIN_GROUP", "5"))
PLEIN_INSIGHTS_DEFAULT_HOURLY_RATE = int(env("PLEIN_INSIGHTS_DEFAULT_HOURLY_RATE", "60"))
# `plein worker` rolls the activity log up into the dashboards' figures when the last
# rollup is older than this many minutes.
PLEIN_INSIGHTS_ROLLUP_MINUTES = int(env("PLEIN_INSIGHTS_ROLLUP_MINUTES", "15"))
