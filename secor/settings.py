"""Django settings for the SECOR project.

One file, driven by the environment (django-environ). Production unless told otherwise: with ``DEBUG``
unset it is production and refuses to start without a real ``SECRET_KEY``. ``DEBUG=1`` (set by
``scripts/run.sh``) or the test suite is *development mode*, the embedded default: SQLite, Celery tasks run
eagerly in-process, e-mail printed to the console, the repository's dev secret. Production sets
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``, ``REDIS_URL`` and the e-mail settings
(see ``.env.example``). The secrets may also be given as ``NAME_FILE`` pointing at a file that holds the
value (Docker secrets).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of the embedded default (SQLite file, uploads, collected static, beat schedule).
(BASE_DIR / "var").mkdir(exist_ok=True)

env = environ.Env()
environ.Env.smart_cast = True


_SECRET_NAMES = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST_PASSWORD")


def _file_secrets() -> None:
    """Load ``NAME_FILE`` variables into ``NAME`` for the secrets above (Docker/Kubernetes secrets)."""
    for secret in _SECRET_NAMES:
        name, value = f"{secret}_FILE", os.environ.get(f"{secret}_FILE")
        if value and secret not in os.environ:
            try:
                os.environ[secret] = Path(value).read_text().strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"{name} points at {value!r}, which cannot be read: {exc}"
                ) from exc


_file_secrets()

# Production unless told otherwise: development mode is DEBUG=1 (scripts/run.sh sets it) or the test suite
# (SECOR_TESTING, on by default under pytest). Only development mode may use the repository's dev secret.
DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("SECOR_TESTING", default="pytest" in sys.modules)
DEVELOPMENT = DEBUG or TESTING

_DEV_SECRET = "dev-insecure-secret-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if DEVELOPMENT else None)
if not SECRET_KEY or (SECRET_KEY == _DEV_SECRET and not DEVELOPMENT):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (see .env.example); "
        "for development on your own machine set DEBUG=1 (scripts/run.sh does)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails and calendar feeds. By default they follow the address the run command serves on
# (``ADDR``, as in scripts/run.sh; a wildcard host is reached on 127.0.0.1).
_ADDR = env("ADDR", default="127.0.0.1:8000")
_WILDCARD = "0.0.0.0"  # noqa: S104 - only read, to turn a wildcard bind into a reachable address
_ADDR = "127.0.0.1" + _ADDR[len(_WILDCARD) :] if _ADDR.startswith(_WILDCARD) else _ADDR
_ADDR = _ADDR if ":" in _ADDR else f"127.0.0.1:{_ADDR}"  # runserver accepts a bare port
SITE_URL = env("SITE_URL", default=f"http://{_ADDR}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "django_htmx",
    "csp",
    "secor.core",
    "secor.accounts",
    "secor.employers",
    "training",
    "audits",
    "safety_program",
    "secor.reminders",
    "secor.status",
    "secor.web",
    "secor.reports",
    "secor.certificates",
    "secor.changes",
]

MIDDLEWARE = [
    "secor.core.proxy.TrustedProxyMiddleware",  # forwarding headers only from TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY)
    "secor.core.middleware.UnstorableCharactersMiddleware",  # NUL bytes: 400, not a psycopg 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "secor.accounts.mfa.RequireSecondFactorMiddleware",  # staff and reviewers: second factor first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into its page (docs/accounts.md)
]

ROOT_URLCONF = "secor.urls"
WSGI_APPLICATION = "secor.wsgi.application"
ASGI_APPLICATION = "secor.asgi.application"

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
                "secor.core.context_processors.site",
            ],
            # What people may see (public sources, words for codes) is available in every template.
            "builtins": ["secor.core.templatetags.public"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# Embedded default: SQLite in the project folder. Production: DATABASE_URL=postgres://…
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # A file (not :memory:) so a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
else:
    # Persistent connections: CONN_MAX_AGE=0 cut list throughput to a quarter (shared/CI.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if TESTING else 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The per-request queries of secor/core/prepared.py are also prepared on the PostgreSQL server, once per
# session; turn off (0) behind a connection pooler in transaction mode.
DATABASE_SERVER_PREPARE = env.bool("DATABASE_SERVER_PREPARE", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The lock-out check comes first (django-axes); then the usual e-mail + password check. docs/accounts.md
AUTHENTICATION_BACKENDS = [
    "secor.accounts.auth.LockoutBackend",
    "secor.accounts.auth.AccountBackend",  # Django's ModelBackend, reading the user's unread count with them
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-ca"
TIME_ZONE = env("TIME_ZONE", default="America/Edmonton")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEVELOPMENT:
    # WhiteNoise serves from the finders here; an existing (empty) STATIC_ROOT keeps it from warning.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEVELOPMENT
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads live outside static/ and are never served directly: views check the viewer may see the record.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"  # not routed; kept for completeness
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# benchmarks/web.py serves a hello-world view at /bench/hello/ as its baseline; off everywhere else.
BENCHMARK_HELLO = env.bool("BENCHMARK_HELLO", default=False)

# --- Redis / Celery ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")


def _redis_db(url: str, db: int) -> str:
    """The same Redis server, another database number (tests keep off the development worker's queue)."""
    base = url.split("?", 1)[0].rstrip("/")
    if base.count("/") >= 3 and base.rsplit("/", 1)[1].isdigit():
        base = base.rsplit("/", 1)[0]
    return f"{base}/{db}"


if TESTING and REDIS_URL:
    # Under pytest-xdist each worker ("gw0", "gw1", …) gets its own database number, one below the other.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    REDIS_URL = _redis_db(REDIS_URL, (env.int("TEST_REDIS_DB", default=14) - _worker) % 16)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# Embedded default (no Redis): run tasks in-process so nothing waits for a worker that is not there.
# Tests run eagerly too; the broker integration tests switch it off around a real worker process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)


def _cron(value: str) -> crontab:
    """Parse a five-field cron string ("m h dom mon dow") into a celery crontab."""
    parts = value.split()
    if len(parts) != 5:
        raise ImproperlyConfigured(f"Cron expression {value!r} must have five fields")
    minute, hour, day_of_month, month_of_year, day_of_week = parts
    return crontab(minute, hour, day_of_week, day_of_month, month_of_year)


# The beat schedule: a table whose cron strings can be overridden from the environment. Everything daily is
# one job (secor.core.daily.run_daily: audit schedule, certificate decisions, deadlines, reminders, digests),
# the same entry point `manage.py run_sweep` runs.
CELERY_BEAT_SCHEDULE = {
    "daily-deadline-sweep": {
        "task": "secor.reminders.tasks.daily_sweep",
        # https://crontab.guru/#15_6_*_*_* — 06:15 local time every day
        "schedule": _cron(env("SWEEP_CRON", default="15 6 * * *")),
        "options": {"expires": 23 * 3600},
    },
}

# --- Cache ----------------------------------------------------------------------------------------------
CACHES = {
    "default": (
        {"BACKEND": "secor.core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL and not TESTING
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions: with a cache every process shares (Redis), a page reads its session from the cache and writes
# through to the database (a cache miss falls back to it). A per-process cache must not hold sessions: a
# log-out in one process would leave the session alive in another.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- E-mail -------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST", default="")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SECOR Tracker <no-reply@secor.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST framework ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's JSON, written by orjson (secor/core/renderers.py); the browsable API as DRF ships it.
    "DEFAULT_RENDERER_CLASSES": [
        "secor.core.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "secor.core.filters.IdFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "secor.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "secor.core.api.exception_handler",
    # Throttles key on REMOTE_ADDR, which secor.core.proxy sets from a trusted proxy's X-Forwarded-For.
    "NUM_PROXIES": 0,
}
# The public what-if eligibility endpoint needs no login: throttle anonymous callers (per client IP).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env("API_ANON_THROTTLE_RATE", default="120/min"),
    "eligibility": env("ELIGIBILITY_THROTTLE_RATE", default="60/min"),
}
# API tokens (django-rest-knox): hashed at rest, expire, die with log-out and a password change.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=12)),
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTH_HEADER_PREFIX": "Token",
}

OTP_TOTP_ISSUER = "SECOR Tracker"

# --- Log-in lock-out and audit trail (django-axes) -------------------------------------------------------
# 20 failed log-ins for one e-mail address, or from one client address, lock further tries out for an hour
# (page and API alike); every log-in, failed or not, is kept and listed in the admin. docs/accounts.md
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "secor.accounts.auth.login_username"
AXES_CLIENT_IP_CALLABLE = "secor.accounts.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "secor.accounts.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

SPECTACULAR_SETTINGS = {
    "TITLE": "SECOR Tracker API",
    "DESCRIPTION": "Employers, people, training, audits and deadlines for the Small Employer COR programs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's error answers (400/403/404/429) are part of the contract (secor/core/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "secor.core.schema.document_errors",
    ],
    # Several models have a "status"; name each choice set after its model instead of StatusXYZEnum.
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "secor.employers.models.Enrolment.Status",
        "MembershipStatusEnum": "secor.employers.models.Membership.Status",
        "WCBBoardEnum": "secor.employers.models.WCBAccount.Board",
        "PersonCategoryEnum": "secor.employers.models.Person.Category",
        "EmployerRoleEnum": "secor.accounts.models.EmployerMembership.Role",
        # Three choice sets belong to fields named "kind": audits, reviewer notes, deadlines (muted kinds).
        "AuditKindEnum": "audits.models.AuditKind",
        "ReviewNoteKindEnum": "audits.models.ReviewNote.Kind",
        "DeadlineKindEnum": "secor.reminders.models.KIND_CHOICES",
        # Provinces (employer, people, business changes' "to_province"): one enum.
        "ProvinceEnum": "secor.core.fields.PROVINCE_CHOICES",
    },
}

# --- Security (production) ---------------------------------------------------------------------------------
# Addresses or networks of the reverse proxies whose X-Forwarded-For/-Proto are believed (core/proxy.py);
# from anyone else those headers are dropped. docker-compose.yml sets the Caddy container's address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and connections only from this site; no inline
# scripts or style attributes in templates (htmx's own indicator style is off, the rules are in app.css).
# Stored-file downloads set their own stricter policy (secor/core/files.py); /api/docs/ and /api/redoc/ widen
# it for the documentation viewers (secor/urls.py). docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = BASE_DIR / "var" / "test-media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
