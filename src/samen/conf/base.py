"""Base settings shared by every environment.

Environment modules (dev, ci, production) only change defaults and then import this module;
every value that can differ per installation is read through :func:`samen.conf.utils.config`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .utils import Csv, config

SRC_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SRC_DIR.parent
DJANGO_PROJECT_DIR = SRC_DIR / "samen"

# --- Core -----------------------------------------------------------------------------------
SECRET_KEY = config("SECRET_KEY", help_text="Django's secret key; required in production.")
DEBUG = config(
    "DEBUG", default=False, cast=bool, help_text="Show debug pages. Never in production."
)
ALLOWED_HOSTS = config(
    "ALLOWED_HOSTS",
    default="localhost,127.0.0.1",
    cast=Csv(),
    help_text="Comma-separated host names this installation answers to.",
)
CSRF_TRUSTED_ORIGINS = config(
    "CSRF_TRUSTED_ORIGINS",
    default="",
    cast=Csv(),
    help_text="Comma-separated origins (https://samen.example.nl) trusted for form posts.",
)
ALLOW_DEMO_DATA = config(
    "ALLOW_DEMO_DATA",
    default=False,
    cast=bool,
    help_text="Allow `load_demo` to create demo users with a known password. Never in production.",
)
SITE_NAME = config("SITE_NAME", default="Samen", help_text="Name shown in the page header.")

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = config(
    "DATABASE_URL",
    default=f"sqlite:///{BASE_DIR / 'var' / 'samen.sqlite3'}",
    help_text=(
        "Database to use. SQLite (the embedded default) for demo and development, "
        "postgres://user:pass@host:5432/name in production and CI."
    ),
    group="Database",
)
DATABASE_REPLICA_URL = config(
    "DATABASE_REPLICA_URL",
    default="",
    help_text="Optional read replica (PostgreSQL), registered as the 'replica' database: reports and exports that opt in with .using('replica') read from it; everything else uses the primary.",
    group="Database",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a management command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = config(
        "DB_CONN_MAX_AGE",
        default=60,
        cast=int,
        help_text="Seconds a PostgreSQL connection is kept open between requests.",
        group="Database",
    )
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["samen.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = config(
    "REDIS_URL",
    default="",
    help_text="Redis for the shared cache and sessions when running several web processes.",
    group="Cache",
)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "samen.core.admin_config.SamenAdminConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "samen.core",
    "samen.accounts",
    "samen.audit",
    "samen.regions",
    "samen.network",
    "samen.actionlines",
    "samen.grants",
    "samen.participation",
    "samen.matching",
    "samen.migration",
    "samen.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samen.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [DJANGO_PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.core.context_processors.navigation",
            ],
        },
    },
]

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "samen.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "two_factor:login"

TWO_FACTOR_REQUIRED = config(
    "TWO_FACTOR_REQUIRED",
    default=True,
    cast=bool,
    help_text="Staff accounts must use two-factor authentication. Only the demo turns this off.",
    group="Security",
)
TWO_FACTOR_PATCH_ADMIN = False
OTP_TOTP_ISSUER = SITE_NAME

AXES_FAILURE_LIMIT = config(
    "AXES_FAILURE_LIMIT",
    default=5,
    cast=int,
    help_text="Failed logins after which an account is locked.",
    group="Security",
)
AXES_COOLOFF_TIME = timedelta(
    minutes=config(
        "AXES_COOLOFF_MINUTES",
        default=30,
        cast=int,
        help_text="Minutes a locked account stays locked.",
        group="Security",
    )
)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking per account, not per IP address: a town hall's staff share one outgoing address, and one
# mistyping colleague must not lock out the rest. Rate limiting per IP belongs at the proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "samen.accounts.lockout.username_of_attempt"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Sessions and cookies -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = config(
    "SESSION_COOKIE_AGE",
    default=8 * 60 * 60,
    cast=int,
    help_text="Seconds a login stays valid (default a working day).",
    group="Security",
)
CSRF_COOKIE_HTTPONLY = True  # HTMX takes the token from a meta tag (samen.js), not the cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [DJANGO_PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    DJANGO_PROJECT_DIR / "static",
    ("vendor/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    (
        "vendor/tokens",
        BASE_DIR
        / "node_modules"
        / "@nl-design-system-unstable"
        / "voorbeeld-design-tokens"
        / "dist",
    ),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = config(
    "PRIVATE_MEDIA_ROOT",
    default=str(BASE_DIR / "var" / "private-media"),
    help_text="Folder for uploaded files. Never served directly: downloads go through a view that checks permissions.",
    group="Files",
)

# --- Data migration ---------------------------------------------------------------------------
MIGRATION_WORKERS = config(
    "MIGRATION_WORKERS",
    default=2,
    cast=int,
    help_text=(
        "Processes that read the sheets of an export and import the rows of one sheet side by "
        "side, when `import_dossiers` runs on PostgreSQL (one per CPU core is a good choice; 1 "
        "does everything in one process). A dry run reads in parallel but checks in one "
        "transaction; uploads in the browser use one process."
    ),
    group="Data migration",
)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = config(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend",
    help_text="Django e-mail backend; the demo prints mail on the console.",
    group="E-mail",
)
EMAIL_HOST = config("EMAIL_HOST", default="localhost", help_text="SMTP host.", group="E-mail")
EMAIL_PORT = config("EMAIL_PORT", default=25, cast=int, help_text="SMTP port.", group="E-mail")
EMAIL_USE_TLS = config(
    "EMAIL_USE_TLS", default=False, cast=bool, help_text="Use STARTTLS.", group="E-mail"
)
DEFAULT_FROM_EMAIL = config(
    "DEFAULT_FROM_EMAIL",
    default="samen@example.nl",
    help_text="Sender address of mail from Samen.",
    group="E-mail",
)

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samen API",
    "DESCRIPTION": (
        "API of Samen, the platform for municipalities that work together with residents and "
        "partners in the social domain. Follows the NL API Design Rules where they fit."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {"name": "Samen", "url": "https://samen.example.nl"},
    "LICENSE": {"name": "EUPL-1.2"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice fields that share a name across modules (status, kind, role, ...) get a name of their
    # own here; without one drf-spectacular falls back to hashed names such as "Status29eEnum".
    # A value is the dotted path of the choices: a TextChoices class, a list of (value, label)
    # pairs, or plain values (LIMITATIONS: its codes, as the serializers offer them). One entry
    # names the choice set wherever it is used. The schema test (`--fail-on-warn`) fails on a new
    # collision: add an entry for it.
    "ENUM_NAME_OVERRIDES": {
        "ActionLineStatusEnum": "samen.actionlines.models.ActionLine.Status",
        "ProgressReportKindEnum": "samen.actionlines.models.ProgressReport.Kind",
        "GovernmentRoleEnum": "samen.actionlines.models.MunicipalityRole.Ladder",
        "GrantApplicationStatusEnum": "samen.grants.states.State",
        "MatchStateEnum": "samen.matching.models.Match.State",
        "MatchEndReasonEnum": "samen.matching.models.Match.EndReason",
        "WorkOpportunityKindEnum": "samen.matching.models.WorkOpportunity.Kind",
        "DossierStatusEnum": "samen.participation.models.Dossier.Status",
        "DossierClosingReasonEnum": "samen.participation.models.Dossier.ClosingReason",
        "PillarStatusEnum": "samen.participation.models.Pillar.Status",
        "ArrangementKindEnum": "samen.participation.models.Arrangement.Kind",
        "LadderRungEnum": "samen.participation.instruments.RUNG_CHOICES",
        "LimitationEnum": "samen.participation.instruments.LIMITATIONS",
    },
}

# --- Audit ----------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = config(
    "LOG_LEVEL", default="INFO", help_text="Level of the application log.", group="Logging"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_bsn": {"()": "samen.core.logging.ScrubBSNFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["scrub_bsn"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "samen": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # axes logs every successful login at INFO; failures and lockouts come as WARNING.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

os.makedirs(STATIC_ROOT, exist_ok=True)
