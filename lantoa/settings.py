"""Settings from the environment (LANTOA_*), with working defaults for one machine."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


DATA_DIR = Path(os.environ.get("LANTOA_DATA_DIR", PROJECT_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("LANTOA_DEBUG", default=False)

SECRET_KEY = os.environ.get("LANTOA_SECRET_KEY", "")
if not SECRET_KEY:
    # One machine without configuration still works: keep a generated key in the data folder so that
    # sessions survive restarts and several local processes agree on it.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key(), encoding="utf-8")
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("LANTOA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "lantoa.core",
    "lantoa.units",
    "lantoa.indicators",
    "lantoa.directives",
    "lantoa.activities",
    "lantoa.evidence",
    "lantoa.reports",
    # The demo drives every app (its own top floor); it has no models or templates, only `lantoa demo`.
    "lantoa.demo",
    "lantoa.summaries",
    "lantoa.notifications",
    "lantoa.dashboard",
    "lantoa.jobs",
    "lantoa.api",
    # django-ninja: its API docs page's assets, served from our own static files (nothing from a CDN)
    "ninja",
]

MIDDLEWARE = [
    # Refuses an oversized body from its Content-Length, before anything below reads a byte of it.
    "lantoa.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "lantoa.core.audit.ClientAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Both read only the session (no query): the session's age and the second factor still owed.
    "lantoa.core.middleware.SessionTimeoutMiddleware",
    "lantoa.core.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lantoa.core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantoa.core.context_processors.site",
                "lantoa.notifications.context_processors.notifications",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"LANTOA_DATABASE_URL is not a database URL we understand: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        # WAL lets readers and one writer work at once; the busy timeout makes concurrent writers from
        # several processes wait for the lock instead of failing; IMMEDIATE takes the write lock up front
        # so a transaction never has to upgrade (the usual cause of "database is locked").
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                "PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {
    "default": _database_from_url(
        os.environ.get("LANTOA_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'lantoa.sqlite3'}"
    )
}
if "TEST" not in DATABASES["default"] and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("LANTOA_TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "lantoa.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": _env_int("LANTOA_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Vietnamese and site words, repeated characters and keyboard runs the English list does not know.
    {"NAME": "lantoa.core.passwords.GuessablePasswordValidator"},
    {"NAME": "lantoa.core.passwords.MaximumLengthValidator"},
]

# django-axes refuses a locked-out login before Django's own backend hashes the password, so a flood of
# guesses costs a few indexed queries each, not a password hash.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (see lantoa/core/login_throttle.py and README "Security"): 10 wrong passwords for one
# account from one address lock that pair; 30 from one address, or 30 for one account from anywhere, lock
# the address or the account. Every lock ends by itself after the cool-off.
AXES_HANDLER = "lantoa.core.login_throttle.LoginThrottle"
AXES_FAILURE_LIMIT = _env_int("LANTOA_LOGIN_FAILURE_LIMIT", 10, minimum=3)
LANTOA_LOGIN_WIDE_FAILURE_LIMIT = _env_int(
    "LANTOA_LOGIN_WIDE_FAILURE_LIMIT", 3 * AXES_FAILURE_LIMIT, minimum=AXES_FAILURE_LIMIT
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_env_int("LANTOA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# Tries made while locked are refused cheaply and do not push the end of the lock further away, so nobody
# can keep someone else locked out by trickling guesses.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lantoa.core.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lantoa.core.audit.client_address"
# Logins, logouts and failures go to Lantoa's own audit trail; axes keeps only its counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "new_password1", "new_password2", "old_password"]

# Sessions: signed out after LANTOA_SESSION_IDLE_MINUTES without a request, and LANTOA_SESSION_MAX_HOURS
# after signing in whatever happens (lantoa/core/middleware.py).
LANTOA_SESSION_IDLE_MINUTES = _env_int("LANTOA_SESSION_IDLE_MINUTES", 30, minimum=1)
LANTOA_SESSION_MAX_HOURS = _env_int("LANTOA_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = LANTOA_SESSION_MAX_HOURS * 3600
# When a person was last seen (the session) and an API token last used are written at most this often: a
# write per request would cost a database write per page, and a minute is precise enough for both.
LANTOA_SEEN_RESOLUTION_SECONDS = 60
# How long the checks every page makes are kept in the cache: whether this is the demo site, and the unread
# count on the bell (a message from another process shows within this time; the demo loader and new messages
# clear them at once).
LANTOA_PAGE_CHECK_SECONDS = 60
PASSWORD_RESET_TIMEOUT = 2 * 3600

# The second factor (TOTP): who must use it, by role of their memberships ("admin" also means staff):
# e.g. "admin,officer,leader". Anyone may turn it on for themselves.
LANTOA_REQUIRE_2FA_ROLES = frozenset(
    r.strip().lower() for r in os.environ.get("LANTOA_REQUIRE_2FA_ROLES", "").split(",") if r.strip()
)
OTP_TOTP_ISSUER = "Lantoa"
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese dates are dd/mm/yyyy; Django's "vi" locale already says so, and these pin it for forms too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["lantoa.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
# Where Lantoa is reached from outside ("https://lantoa.example.gov.vn"): links in generated files point there.
LANTOA_BASE_URL = os.environ.get("LANTOA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Several web processes serve static files themselves (no separate web server needed); hashed names
    # when collected, plain finders during tests and `runserver`.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _env_bool("LANTOA_COLLECTED_STATIC", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

EMAIL_URL = os.environ.get("LANTOA_EMAIL_URL", "console://")
if EMAIL_URL.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem:"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(
            "LANTOA_EMAIL_URL must be console://, locmem:// or smtp[s]://user:pass@host:port"
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (
        465 if _mail.scheme == "smtps" else 587 if _mail.scheme == "submission" else 25
    )
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "submission"
DEFAULT_FROM_EMAIL = os.environ.get("LANTOA_FROM_EMAIL", "Lantoa <lantoa@localhost>")

# --- Transport, cookies and headers ---------------------------------------------------------------------
# Behind HTTPS set LANTOA_SECURE_COOKIES, LANTOA_SSL_REDIRECT and LANTOA_HSTS_SECONDS (README "Security").
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = _env_bool("LANTOA_SECURE_COOKIES", default=False) and not DEBUG
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("LANTOA_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP inside the network
SECURE_HSTS_SECONDS = _env_int("LANTOA_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("LANTOA_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = _env_bool("LANTOA_HSTS_PRELOAD", default=False)
# How many reverse proxies stand in front of Lantoa. With 1 or more, the client's address is read from
# X-Forwarded-For (the entry that many hops from the right) and HTTPS from X-Forwarded-Proto, which the
# proxy must set and overwrite; with 0 both come from the connection itself.
LANTOA_PROXY_COUNT = _env_int("LANTOA_PROXY_COUNT", 0)
if LANTOA_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("LANTOA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# A strict Content-Security-Policy on every page: scripts and styles only from our own static files (no
# inline script, no style attribute), nothing framed, forms post only here. Evidence and directive files
# set their own, stricter policy (a sandbox).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Request limits -----------------------------------------------------------------------------------
# A request body above LANTOA_MAX_REQUEST_MB is refused from its Content-Length, before it is read (a
# Vietnamese 413 page); Django then caps the fields and files of what it does read.
LANTOA_MAX_REQUEST_MB = _env_int("LANTOA_MAX_REQUEST_MB", 50, minimum=1)
LANTOA_MAX_UPLOAD_MB = _env_int("LANTOA_MAX_UPLOAD_MB", 15, minimum=1)

# Evidence checks (lantoa.evidence): "job" queues them as a background job after the save (lantoa.jobs);
# "thread" runs them in a thread of this process; "inline" at commit.
LANTOA_EVIDENCE_CHECKS = os.environ.get("LANTOA_EVIDENCE_CHECKS", "job")
# Whether linked articles are fetched, how long one may take, and whether private addresses may be fetched
# (never in production: the server must not be made to look inside its own network).
LANTOA_EVIDENCE_LINK_CHECKS = os.environ.get("LANTOA_EVIDENCE_LINK_CHECKS", "1") not in ("0", "false", "")
LANTOA_EVIDENCE_LINK_TIMEOUT = _env_int("LANTOA_EVIDENCE_LINK_TIMEOUT", 4, minimum=1)
LANTOA_EVIDENCE_FETCH_PRIVATE = False
# Offline capture: the phone resizes photos to this longest side before sending them.
LANTOA_PHOTO_MAX_SIDE = _env_int("LANTOA_PHOTO_MAX_SIDE", 1600, minimum=320)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # the non-file part of a form
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = _env_int("LANTOA_MAX_FILES_PER_REQUEST", 10, minimum=1)
# Uploads above 2.5 MB wait on disk while the request runs; a crash can leave one behind, so they go to
# the data folder, where `lantoa cleanup-uploads` finds them.
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "upload-tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)

# --- Background jobs (lantoa/jobs) -------------------------------------------------------------------
# With LANTOA_BROKER_URL (redis://127.0.0.1:6379/0) jobs go to Celery workers (`lantoa worker`); without it a
# thread in each web process runs them from the Job table ("embedded"). "eager" runs them when the request's
# transaction commits, in the request (tests).
LANTOA_BROKER_URL = os.environ.get("LANTOA_BROKER_URL", "").strip()
LANTOA_JOBS_MODE = os.environ.get("LANTOA_JOBS_MODE", "").strip() or (
    "celery" if LANTOA_BROKER_URL else "embedded"
)
if LANTOA_JOBS_MODE not in {"embedded", "celery", "eager"}:
    raise ImproperlyConfigured("LANTOA_JOBS_MODE must be embedded, celery or eager")
LANTOA_JOBS_RETRY_SECONDS = _env_int("LANTOA_JOBS_RETRY_SECONDS", 10, minimum=1)
LANTOA_JOBS_POLL_SECONDS = _env_int("LANTOA_JOBS_POLL_SECONDS", 2, minimum=1)
LANTOA_JOBS_STALE_SECONDS = _env_int("LANTOA_JOBS_STALE_SECONDS", 1800, minimum=60)
# The scheduler (Celery beat, or `lantoa worker` without a broker) queues a reminder run this often.
LANTOA_REMINDER_EVERY_SECONDS = _env_int("LANTOA_REMINDER_EVERY_SECONDS", 300, minimum=10)

# --- REST API (lantoa/api) ---------------------------------------------------------------------------
# Requests per token, and per address without a valid token ("N/s", "N/m", "N/h"); counted in the cache.
LANTOA_API_RATE = os.environ.get("LANTOA_API_RATE", "600/m")
LANTOA_API_ANON_RATE = os.environ.get("LANTOA_API_ANON_RATE", "60/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LANTOA_LOG_LEVEL", "INFO")},
    # django-axes logs every attempt at INFO; the audit trail already holds them.
    "loggers": {"axes": {"level": "WARNING"}},
}
