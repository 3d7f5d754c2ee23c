"""hoptac settings: one module, driven by environment variables (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("HOPTAC_ALLOW_INSECURE_KEY", True):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "axes",
    "hoptac.lib",
    "hoptac.units",
    "hoptac.audit",
    "hoptac.accounts",
    "hoptac.registry",
    "hoptac.indicators",
    "hoptac.plans",
    "hoptac.reports",
    "hoptac.ingest",
    "hoptac.dashboard",
    "hoptac.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hoptac.accounts.middleware.LanguageMiddleware",  # LocaleMiddleware, Vietnamese unless switched
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hoptac.accounts.middleware.AccessRuleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hoptac.urls"
WSGI_APPLICATION = "hoptac.wsgi.application"

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
                "hoptac.lib.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / os.environ.get('SQLITE_NAME', 'hoptac.sqlite3')}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # hoptac.dashboard.landing: each role's own start page
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# The directive review form posts every field of every task (the seed uses about 260).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("UPLOAD_MAX_FIELDS", 10000)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hoptac@localhost")

# Which grades count as "hoạt động hiệu quả" (effective) for the effective-share indicator.
HOPTAC_EFFECTIVE_GRADES = env_list("HOPTAC_EFFECTIVE_GRADES", "tot,kha")
# The province this installation serves (official code); loaders and pages default to it.
HOPTAC_PROVINCE_CODE = os.environ.get("HOPTAC_PROVINCE_CODE", "62")
# Registry import: largest file accepted, and where an upload waits between preview and confirm.
HOPTAC_IMPORT_MAX_MB = env_int("HOPTAC_IMPORT_MAX_MB", 10)
HOPTAC_IMPORT_DIR = os.environ.get("HOPTAC_IMPORT_DIR", "")
# Last day (dd/mm) of a yearly reporting period.
HOPTAC_REPORT_CUTOFF = os.environ.get("HOPTAC_REPORT_CUTOFF", "31/12")
# Mark every page and export as demonstration data.
HOPTAC_DEMO = env_bool("HOPTAC_DEMO", False)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "hoptac.api.schema.ApiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "hoptac.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    # Session for the browser, personal tokens (Authorization: Bearer …) for other systems.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hoptac.api.authentication.ApiTokenAuthentication",
        "hoptac.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["hoptac.api.permissions.HasDeclaredRight"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "hoptac.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hoptac API",
    "DESCRIPTION": "Hệ thống theo dõi phát triển kinh tế hợp tác — API v1 / Cooperative economy monitoring API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Vendored under static/vendor/swagger-ui/ (no CDN); the docs template loads them with {% static %}.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "hoptac.units.models.AdminUnit.Kind",
        "AgencyKindEnum": "hoptac.units.models.Agency.Kind",
        "EventKindEnum": "hoptac.registry.models.EventKind",
        "MemberKindEnum": "hoptac.registry.forms.MemberKind.CHOICES",
        "CooperativeStateEnum": "hoptac.registry.models.State",
        "SubmissionStateEnum": "hoptac.reports.models.SubmissionState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if env_bool("HOPTAC_TESTING", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
