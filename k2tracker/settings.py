"""K2 Tracker settings, driven by the environment.

DJANGO_DEBUG=1          development mode (`make run` sets it); off otherwise
DJANGO_SECRET_KEY       required when DEBUG is off, at least 50 characters
DJANGO_ALLOWED_HOSTS    comma-separated; required when DEBUG is off
DATABASE_URL            e.g. postgres://user@host:5432/k2tracker; SQLite file when unset
DJANGO_HTTPS=0          serve plain HTTP with DEBUG off (tests); HTTPS-only otherwise
DJANGO_HSTS_PRELOAD=1   ask browsers to preload HSTS (opt-in: hard to undo once listed)
K2_SIGN_IN_LIMIT        failed sign-ins per account and per address before a 15-minute pause
EMAIL_HOST              SMTP for password-reset mail (console when unset), with EMAIL_PORT,
                        EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DEBUG off the app refuses to start without it: "
            "set DJANGO_SECRET_KEY to a long random string (or DJANGO_DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - only ever used with DEBUG on
# Django's own check (security.W009) asks for 50 characters; a short key can be guessed offline
# from any signed value (sessions, reset links, undo tokens).
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY has {len(SECRET_KEY)} characters; with DEBUG off it needs at least "
        f"{MIN_SECRET_KEY_LENGTH}. Generate one with: python -c "
        "'from django.core.management.utils import get_random_secret_key as k; print(k())'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. With DEBUG off list the host names this app "
            "serves, comma-separated (e.g. DJANGO_ALLOWED_HOSTS=k2.example.org)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "foods",
    "diary",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "k2tracker.middleware.PrivateNoStoreMiddleware",
    "k2tracker.middleware.RefuseNulMiddleware",
    # After the session and the user: a signed-in person's automatic doses, once a local day.
    "diary.routines.middleware.AutoDosesMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed sign-ins (in the database, so every worker sees them) per user name
# and, separately, per address; at the limit both are paused for AXES_COOLOFF_TIME.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with the profile read in the same query as the signed-in user.
    "diary.profile.backends.ProfileModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("K2_SIGN_IN_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "diary.profile.throttle.sign_in_locked"
AXES_CLIENT_IP_CALLABLE = "diary.profile.throttle.client_address"
AXES_VERBOSE = False
# Only failures are kept (AccessAttempt); no log of every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True

# Sign-ups and password-reset requests per address (and reset mails per mailbox), counted in
# the cache: (limit, window in seconds).
THROTTLES = {
    "signup": (int(os.environ.get("K2_SIGN_UP_LIMIT", "10")), 3600),
    "password-reset": (int(os.environ.get("K2_RESET_LIMIT", "5")), 3600),
    "reset-mailbox": (3, 3600),
    # Clinic report PDFs per person: each one may take seconds to make.
    "report-pdf": (int(os.environ.get("K2_PDF_LIMIT", "10")), 3600),
}
# Mail (password resets, address checks) goes out on a thread after the answer, so a request
# takes as long whatever address it names. Tests turn it off to read the outbox at once.
MAIL_IN_BACKGROUND = env_flag("K2_MAIL_IN_BACKGROUND", True)

# Messages wait in the session, not in a cookie of their own: signing out flushes the session,
# so a message meant for one person never shows to the next on a shared browser.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "k2tracker.urls"
WSGI_APPLICATION = "k2tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "k2lib.page_cache.csrf_placeholder",
            ],
            # {% submission_field %} in every form that adds (no {% load %} needed).
            "builtins": ["diary.templatetags.diary_forms"],
        },
    },
]

# SQLite by default (zero set-up); PostgreSQL through psycopg 3 when DATABASE_URL is set.
# Persistent connections: a new connection per request made a one-query page 5x slower here.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait up to 20 s for it, instead
    # of failing mid-transaction with "database is locked" (two Undo clicks at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # The test database is a file too, as `make run`'s is. Django's default for SQLite tests is
    # shared-cache memory, which the live server's threads (browser and race tests) either share
    # as one connection ("bad parameter or other API misuse" when htmx's preview and an add
    # arrive together) or open side by side with table locks that ignore the busy timeout
    # ("database table is locked"): 500s that a real SQLite file never gives. One file per
    # process, so two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"k2tracker-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "day:today"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Strict Content Security Policy: scripts only from this origin or with the per-request nonce
# ({% htmx_script %} uses it); no inline styles, no eval.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Console by default (password-reset mails appear in the server's output); SMTP once EMAIL_HOST
# is set. `check --deploy` refuses the console backend, so production must set EMAIL_HOST.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_flag("EMAIL_USE_TLS"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "K2 Tracker <noreply@localhost>")

# Production serves HTTPS only. DJANGO_HTTPS=0 is for plain-HTTP runs (the test suite).
if not DEBUG and env_flag("DJANGO_HTTPS", True):
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is near-permanent for the whole domain: only on request.
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # off on purpose, see above
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # The app's own records (imports, failed sign-ins) at INFO; Django's errors reach the root.
    "loggers": {
        name: {"level": os.environ.get("K2_LOG_LEVEL", "INFO")}
        for name in ("foods", "diary", "k2tracker")
    },
}

# --- Cache ---------------------------------------------------------------------------------
# Whole pages kept under a key naming what they show (k2lib/page_cache.py). Off
# (K2_PAGE_CACHE=0) every page is rendered afresh: the benchmark's --cold, or to rule it out.
PAGE_CACHE = env_flag("K2_PAGE_CACHE", True)
# Shared answers (public catalogue pages, search fragments, the catalogue version) live here.
# Redis when REDIS_URL is set, so every gunicorn instance sees the same entries and the same
# catalogue version; local memory otherwise (one process: development and tests).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("K2_CACHE_PREFIX", "k2"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
