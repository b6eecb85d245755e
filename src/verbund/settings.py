"""Verbund settings.

Everything an operator changes comes from environment variables; the defaults give the
embedded set-up (SQLite and files under ``var/``) that ``make run`` starts on a fresh machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.utils.translation import gettext_lazy as _

from verbund.core import logging as verbund_logging

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VERBUND_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = not DEBUG and env_bool("VERBUND_PRODUCTION", False)
TESTING = env_bool("VERBUND_TESTING", False)

_insecure_key = "insecure-development-key-change-me-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _insecure_key)
if PRODUCTION and _insecure_key == SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when VERBUND_PRODUCTION is on.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("VERBUND_SITE_URL", "http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "csp",
    "corsheaders",
    "verbund.core",
    "verbund.accounts",
    "verbund.organizations",
    "verbund.networks",
    "verbund.meetings",
    "verbund.documents",
    "verbund.notifications",
    "verbund.formation",
    "verbund.assemblies",
    "verbund.maps",
    "verbund.counselling",
    "verbund.exchange",
    "verbund.websites",
    "ninja",
    "verbund.api",
    # The site-wide pages (home, dashboard) and seed_demo, on top of every app.
    "verbund.site",
]
if "anymail" in os.environ.get("EMAIL_BACKEND", ""):
    INSTALLED_APPS.append("anymail")

MIDDLEWARE = [
    "verbund.websites.middleware.OwnDomainMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that answers on its own: CORS preflights are answered here.
    "corsheaders.middleware.CorsMiddleware",
    "verbund.api.middleware.OpenDataHttpMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "verbund.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "verbund.accounts.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "verbund.urls"
WSGI_APPLICATION = "verbund.wsgi.application"
ASGI_APPLICATION = "verbund.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "verbund.core.context_processors.site",
            ],
        },
    },
    {
        # Plain-text e-mails (core/emails.py): the same templates, without HTML escaping.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite under var/ is the embedded default; DATABASE_URL switches to PostgreSQL.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'verbund.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles any statement its planner thinks expensive; for the short
    # statements of a web request the compiling (25-30 ms measured on the exchange search)
    # costs more than it saves.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and os.environ.get(
    "DATABASE_POOL_MAX_SIZE"
):
    # A connection pool per process (psycopg-pool): ASGI serves each request on its own
    # thread, so without a pool a burst of requests opens a burst of connections.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ["DATABASE_POOL_MAX_SIZE"]),
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Shared between processes: Redis when configured, files under var/ otherwise. Production
# needs Redis: the API's rate limits and ``core.caching.build_once`` rely on ``add`` and
# ``incr`` being atomic across processes, which the file cache's are not.
REDIS_URL = os.environ.get("REDIS_URL", "")
if PRODUCTION and not REDIS_URL:
    raise RuntimeError(
        "REDIS_URL must be set when VERBUND_PRODUCTION is on: rate limits and the shared "
        "cache need atomic operations across processes (e.g. REDIS_URL=redis://127.0.0.1:6379/0)."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Tasks ------------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("VERBUND_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "verbund.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("VERBUND_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Verbund] "
# Tell people by e-mail when their password, e-mail addresses or two-factor set-up change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Failed logins are limited per address (an attacker's machine) and per account (an attacker
# with many machines). An account over its limit is not locked: its owner logs in with a
# one-time code sent to the account's e-mail address (allauth's login by code), which the
# message on the login page offers.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,40/h/ip,5/5m/key,20/d/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "request_login_code": "10/m/ip,3/15m/key",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# Sign-up and password reset never say whether an address has an account (with mandatory
# e-mail verification, a sign-up with a known address sends that address a notice instead).
ACCOUNT_PREVENT_ENUMERATION = True
# Behind a proxy every request comes from the proxy's address: the rate limits count the
# client address the proxy names in X-Forwarded-For (the number of proxies in front).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("VERBUND_TRUSTED_PROXY_COUNT", "0"))
# Platform staff and superusers must set up two-factor authentication before anything else.
VERBUND_STAFF_TWO_FACTOR = env_bool("VERBUND_STAFF_TWO_FACTOR", PRODUCTION)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Verbund"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that does not answer must not hold a sign-up or password reset forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Verbund <noreply@verbund.localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

# --- Languages --------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
FORMAT_MODULE_PATH = ["verbund.formats"]
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
RTL_LANGUAGES = {"ar", "fa"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
PHONENUMBER_DEFAULT_REGION = "DE"
PHONENUMBER_DB_FORMAT = "E164"

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("VERBUND_STATIC_ROOT", VAR_DIR / "static"))
# Front-end libraries served straight from their xstatic packages, never copied into the repo.
STATICFILES_DIRS = [
    ("xstatic/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("xstatic/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("VERBUND_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "verbund.core.storage.StaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 512
# An uploaded image may have at most this many pixels before it is shrunk (decompression bombs).
LOGO_MAX_SOURCE_PIXELS = 40_000_000
# Images of news posts on organisations' websites: the upload and what is stored.
WEBSITE_IMAGE_MAX_BYTES = 10 * 1024 * 1024
WEBSITE_IMAGE_MAX_SOURCE_PIXELS = 40_000_000
WEBSITE_IMAGE_PIXELS = 1600
# The contact and news forms of the websites (``core.protection``): per connection and hour.
WEBSITE_FORMS_PER_HOUR = int(os.environ.get("VERBUND_WEBSITE_FORMS_PER_HOUR", "10"))
WEBSITE_FORMS_PER_HOUR_WITHOUT_POW = 3
WEBSITE_POW_MAX_NUMBER = int(os.environ.get("VERBUND_WEBSITE_POW_MAX_NUMBER", "50000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# CORS (django-cors-headers): public reads of the open data and the map widget's markers by
# scripts on any site, never with credentials. Which requests get the headers is decided per
# request by the apps' ``check_request_enabled`` receivers (api: data without a token; maps:
# the widget's data), so the path pattern here matches no path on its own.
CORS_URLS_REGEX = r"^$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging ----------------------------------------------------------------------------------
# One configuration for every process (verbund.core.logging.config); under gunicorn the
# server has applied it already and Django does not apply it a second time.
LOG_LEVEL = verbund_logging.log_level()
LOG_FORMAT = verbund_logging.log_format()
LOGGING = verbund_logging.config(level=LOG_LEVEL, renderer=LOG_FORMAT)
if os.environ.get(verbund_logging.CONFIGURED_BY_SERVER) == "1":
    LOGGING_CONFIG = None

# --- Verbund ----------------------------------------------------------------------------------
# How long the audit log keeps old and new values of changes (which may be personal data);
# ``manage.py purge_audit_values`` (daily from cron) blanks them afterwards.
AUDIT_VALUE_RETENTION_DAYS = int(os.environ.get("VERBUND_AUDIT_RETENTION_DAYS", str(2 * 365)))
DIRECTORY_PAGE_SIZE = 20
DIRECTORY_CACHE_SECONDS = int(os.environ.get("VERBUND_DIRECTORY_CACHE_SECONDS", "300"))
DEMO_ADMIN_EMAIL = "admin@verbund.example"
DEMO_ADMIN_PASSWORD = "verbund-demo-2026"  # noqa: S105 - printed by make run on purpose

# --- Open data and spreadsheets ---------------------------------------------------------------
VERBUND_DATA_LICENCE = {
    "name": os.environ.get("VERBUND_DATA_LICENCE", "CC BY 4.0"),
    "url": os.environ.get(
        "VERBUND_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
    ),
}
# "number/period" with period s, m, h or d; anonymous callers are counted per address.
VERBUND_API_ANONYMOUS_RATE = os.environ.get("VERBUND_API_ANONYMOUS_RATE", "120/m")
VERBUND_API_TOKEN_RATE = os.environ.get("VERBUND_API_TOKEN_RATE", "1200/m")
VERBUND_API_PAGE_SIZE = 50
VERBUND_API_MAX_PAGE_SIZE = 200
VERBUND_API_CACHE_SECONDS = int(os.environ.get("VERBUND_API_CACHE_SECONDS", "60"))
VERBUND_API_BODY_CACHE_SECONDS = 600  # large public answers (GeoJSON), keyed by their ETag
VERBUND_IMPORT_MAX_BYTES = 20 * 1024 * 1024
VERBUND_IMPORT_MAX_ROWS = 50_000
# What an uploaded spreadsheet may unpack to (XLSX is zipped XML), the longest cell, and the
# text kept in all (organizations/reading.py); reading runs in a child process with a budget.
VERBUND_IMPORT_MAX_UNPACKED = 200 * 1024 * 1024
VERBUND_IMPORT_MAX_CELL = 10_000
VERBUND_IMPORT_MAX_TEXT = 40_000_000
VERBUND_IMPORT_READ_SECONDS = int(os.environ.get("VERBUND_IMPORT_READ_SECONDS", "25"))
VERBUND_IMPORT_READ_MEMORY = int(os.environ.get("VERBUND_IMPORT_READ_MEMORY_MB", "512")) * 1024**2

# --- Map and geocoding ------------------------------------------------------------------------
# Tiles: any XYZ URL; an empty value shows the markers on a plain background.
VERBUND_MAP_TILE_URL = os.environ.get(
    "VERBUND_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
VERBUND_MAP_TILE_ATTRIBUTION = os.environ.get(
    "VERBUND_MAP_TILE_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# Up to this many organisations a map loads every marker at once; beyond, clusters per view.
VERBUND_MAP_MARKER_LIMIT = int(os.environ.get("VERBUND_MAP_MARKER_LIMIT", "1500"))
# "offline" (postal code and city gazetteer) or "nominatim" (online first, offline fallback).
VERBUND_GEOCODER = os.environ.get("VERBUND_GEOCODER", "offline")
if TESTING:
    VERBUND_GEOCODER = "offline"  # tests never reach an online geocoder
VERBUND_NOMINATIM_URL = os.environ.get(
    "VERBUND_NOMINATIM_URL", "https://nominatim.openstreetmap.org"
)
VERBUND_GEOCODER_USER_AGENT = os.environ.get(
    "VERBUND_GEOCODER_USER_AGENT", f"Verbund geocoder ({SITE_URL})"
)
VERBUND_GEOCODER_TIMEOUT = float(os.environ.get("VERBUND_GEOCODER_TIMEOUT", "5"))
# Seconds between two online requests (per process): the public Nominatim allows one a second.
VERBUND_GEOCODER_MIN_INTERVAL = float(os.environ.get("VERBUND_GEOCODER_MIN_INTERVAL", "1"))

# --- Counselling ------------------------------------------------------------------------------
# Keys that seal case files (``verbund.counselling.crypto``): comma-separated, the first is the
# current one. Never in the database. ``make run`` writes a development key to var/ when none
# is set; production refuses to start without one; tests bring their own.
_TEST_COUNSELLING_KEY = "dGVzdC1vbmx5LWNvdW5zZWxsaW5nLWtleS0wMDAwMDA="
COUNSELLING_KEY_FILE = VAR_DIR / "counselling.keys"
COUNSELLING_KEYS = env_list("VERBUND_COUNSELLING_KEYS")
if not COUNSELLING_KEYS:
    if PRODUCTION:
        raise RuntimeError("VERBUND_COUNSELLING_KEYS must be set when VERBUND_PRODUCTION is on.")
    if TESTING:
        COUNSELLING_KEYS = [_TEST_COUNSELLING_KEY]
    elif COUNSELLING_KEY_FILE.exists():
        COUNSELLING_KEYS = [
            line.strip()
            for line in COUNSELLING_KEY_FILE.read_text(encoding="ascii").split(",")
            if line.strip()
        ]
# Counsellors are logged out after this many minutes without a request.
COUNSELLING_IDLE_MINUTES = int(os.environ.get("VERBUND_COUNSELLING_IDLE_MINUTES", "15"))
# Default for new centres: days a closed case is kept before it is deleted.
COUNSELLING_RETENTION_DAYS = int(os.environ.get("VERBUND_COUNSELLING_RETENTION_DAYS", "1095"))
# Anonymous reports per address and hour: with the proof-of-work solved, and without it.
COUNSELLING_REPORTS_PER_HOUR = int(os.environ.get("VERBUND_COUNSELLING_REPORTS_PER_HOUR", "5"))
COUNSELLING_REPORTS_PER_HOUR_WITHOUT_POW = int(
    os.environ.get("VERBUND_COUNSELLING_REPORTS_PER_HOUR_WITHOUT_POW", "2")
)
COUNSELLING_RECEIPT_TRIES_PER_HOUR = 20
# Difficulty of the ALTCHA proof-of-work: the largest number the browser may have to try.
COUNSELLING_POW_MAX_NUMBER = int(os.environ.get("VERBUND_COUNSELLING_POW_MAX_NUMBER", "50000"))
COUNSELLING_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
COUNSELLING_IMAGE_MAX_PIXELS = 24_000_000
COUNSELLING_UPLOADS_PER_REPORT = 3
COUNSELLING_CASE_PAGE_SIZE = 25
# Cells of statistics below this are shown as "< 5", with secondary suppression.
COUNSELLING_MIN_CELL = 5
# Sealed files of case files and reports; outside MEDIA_ROOT, never served directly.
COUNSELLING_FILES_ROOT = Path(
    os.environ.get("VERBUND_COUNSELLING_FILES_ROOT", VAR_DIR / "counselling-files")
)

# The exchange: how many new requests (threads) one organisation or person may start per hour.
EXCHANGE_THREADS_PER_HOUR = int(os.environ.get("VERBUND_EXCHANGE_THREADS_PER_HOUR", "10"))
