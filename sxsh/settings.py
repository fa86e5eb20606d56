"""SXSH settings: one module, driven by environment variables.

SQLite in ``SXSH_DATA_DIR`` by default, so that a fresh checkout just works;
``DATABASE_URL`` for PostgreSQL in a real deployment.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    # An empty variable counts as unset (dj-database-url crashes on an empty URL).
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SXSH_DEBUG", False)
DATA_DIR = Path(env("SXSH_DATA_DIR", str(BASE_DIR / "data")))


def _secret_key() -> str:
    if key := env("SXSH_SECRET_KEY"):
        return key
    if path := env("SXSH_SECRET_KEY_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    # Otherwise a random key made once per installation, readable by its owner only, in
    # the data folder (never in the repository).
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in env("SXSH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in env("SXSH_CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "auditlog",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sxsh.core",
    "sxsh.plans",
    "sxsh.facilities",
    "sxsh.indicators",
    "sxsh.assessments",
    "sxsh.activities",
    "sxsh.jobs",
    "sxsh.national",
    "sxsh.portal",
    "sxsh.reports",
    "sxsh.api",
    "sxsh.help",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sxsh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sxsh.core.middleware.NoStoreMiddleware",
    "sxsh.core.middleware.ControlCharacterMiddleware",
    "sxsh.core.middleware.UploadSizeMiddleware",
    "sxsh.core.middleware.DatabaseBusyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sxsh.urls"
WSGI_APPLICATION = "sxsh.wsgi.application"

# Widgets render through the project's templates, so that one template can change them
# all (a select's empty choice reads "— chọn —", not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sxsh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sxsh.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sxsh.sqlite3'}"),
        conn_max_age=int(env("SXSH_CONN_MAX_AGE", "60")),
        # A persistent connection is checked before a request reuses it: after the
        # database server restarts, the request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # A writer waits at most this long for another's write to end, then the request is
    # refused with a clear page (core.middleware.DatabaseBusyMiddleware), never left hanging.
    options["timeout"] = float(env("SXSH_SQLITE_BUSY_SECONDS", "5"))
    # A transaction that reads then writes would fail at once ("database is locked") when
    # another writes meanwhile; taking the write lock at BEGIN makes it wait its turn.
    options["transaction_mode"] = "IMMEDIATE"
    # Write-ahead log: pages read while an import writes (the background worker, a
    # command), and a write waits only for another write, not for readers.
    options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif name := env("SXSH_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The capability table answers its own names (and nothing else) before the model
    # permissions of the administration area are read.
    "sxsh.core.capabilities.CapabilityBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "sxsh.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("SXSH_FAST_PASSWORD_HASHER", False):
    # Tests only: hashing a password a million times per login would dominate the suite.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): five failures lock the username for 15 minutes, whether
# they come from one address or from many. A wrong current password on the password-change
# form counts as a failed login of that user (``core.forms.PasswordChangeForm``).
AXES_FAILURE_LIMIT = int(env("SXSH_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# ...and an address, over all usernames, at this many failures (core/lockout.py)
AXES_HANDLER = "sxsh.core.lockout.AddressAwareHandler"
SXSH_ADDRESS_FAILURE_LIMIT = int(env("SXSH_ADDRESS_FAILURE_LIMIT", "20"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("SXSH_AXES_ENABLED", True)

# Indicators. The pages open on the latest year in which at least this share of the
# facilities open that year have an accepted report; on the public pages and files a figure
# computed from fewer facilities than the minimum is not published (small-count protection).
#: The installation's province (an admin unit code): a scope without an area is its
#: province's, and is measured against its plans (and those of the provinces merged into it).
HOME_PROVINCE = env("SXSH_HOME_PROVINCE", "hue")
INDICATORS_MIN_REPORTING_RATE = float(env("SXSH_INDICATORS_MIN_REPORTING_RATE", "0.5"))
INDICATORS_MIN_FACILITIES = int(env("SXSH_INDICATORS_MIN_FACILITIES", "5"))

# Sessions expire after 8 hours (a working day) and when the browser closes.
SESSION_COOKIE_AGE = int(env("SXSH_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers. Behind HTTPS in production; plain HTTP only with DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SXSH_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SXSH_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("SXSH_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
# An intranet host can never be on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("SXSH_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles and everything else from the app
# itself, nothing inline (no <script> body, no style attribute: the templates keep them in
# static files; core/tests/test_security_headers.py walks the templates), no plugins, not
# framed, forms posted to the app only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Vietnamese first; English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sxsh.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("SXSH_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("SXSH_MEDIA_ROOT", str(DATA_DIR / "media")))
# Production serves hashed, compressed files made by ``collectstatic``; development and
# tests serve the files where they lie.
STATIC_MANIFEST = env_bool("SXSH_STATIC_MANIFEST", not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest file anyone may upload; a larger one is refused with a message naming the
# limit, its bytes thrown away as they arrive (sxsh.core.uploads.SizeLimitUploadHandler).
UPLOAD_MAX_BYTES = int(env("SXSH_UPLOAD_MAX_MB", "20")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "sxsh.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background work (Django's Tasks framework through the django-tasks backport): tasks are
# rows in the database, run by ``sxsh db_worker`` beside the web server (``make run``;
# README, "Background worker"). No other server is needed.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# An uploaded file larger than this is imported in the background: saved in JOBS_DIR
# (private, never served), then the user follows the job's page. Smaller files are
# imported during the request, as before. Empty: the folder "jobs" in MEDIA_ROOT, which the
# backup archives with the data (a file waiting for the worker is restored with its job).
BACKGROUND_IMPORT_BYTES = int(env("SXSH_BACKGROUND_IMPORT_KB", "256")) * 1024
JOBS_DIR = env("SXSH_JOBS_DIR", "")
# The documents of issued reports (DOCX, XLSX, PDF), kept as issued; never served directly.
# Empty: the folder "reports" in MEDIA_ROOT, which the backup archives with the data.
REPORTS_DIR = env("SXSH_REPORTS_DIR", "")

# An XLSX file is a zip of XML: checked against these before openpyxl parses it (a zip bomb,
# a shared-strings table that would fill the memory). A 100 000-row report file takes about
# 100 MB unpacked and compresses about 7 times; a zip bomb compresses about 1 000 times.
XLSX_MAX_UNPACKED_MB = int(env("SXSH_XLSX_MAX_UNPACKED_MB", "200"))
XLSX_MAX_RATIO = int(env("SXSH_XLSX_MAX_RATIO", "200"))
XLSX_MAX_SHARED_STRINGS_MB = int(env("SXSH_XLSX_MAX_SHARED_STRINGS_MB", "20"))
XLSX_MAX_SHARED_STRINGS = int(env("SXSH_XLSX_MAX_SHARED_STRINGS", "500000"))

# dumpdata and loaddata (and so the backup) keep times to the microsecond.
SERIALIZATION_MODULES = {"json": "sxsh.core.serialization"}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("SXSH_LOG_LEVEL", "WARNING")},
}


# The REST API (sxsh/api): the same users, capabilities and scopes as the pages.
REST_FRAMEWORK = {
    # The token first: its WWW-Authenticate header makes a refused request a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sxsh.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per token, in the default cache: per worker process (sxsh/api/common.py says more).
    "DEFAULT_THROTTLE_CLASSES": [
        "sxsh.api.common.TokenReadThrottle",
        "sxsh.api.common.TokenWriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"token_read": "600/min", "token_write": "60/min"},
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's pages carry inline scripts the CSP refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Its JSON refused with a control character, as a form is (sxsh/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "sxsh.api.parsers.JSONParser",
        "sxsh.api.parsers.FormParser",
        "sxsh.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "sxsh.api.common.StableOrdering",  # DRF's, the primary key last
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sxsh.api.errors.handle",
    # Decimals travel as strings ("1234.5"), never as floats that lose digits.
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SXSH API",
    "DESCRIPTION": "API của hệ thống quản lý chương trình sản xuất sạch hơn trong công nghiệp.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the installed sidecar package: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per status field's choices (the API's models share the field name).
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "sxsh.assessments.models.Assessment.Status",
        "OptionStatusEnum": "sxsh.assessments.models.Option.Status",
        "TaskProgressStatusEnum": "sxsh.plans.models.TaskProgress.Status",
        "YearBudgetStatusEnum": "sxsh.plans.models.YearBudget.Status",
        "ReportStatusEnum": "sxsh.facilities.models.Report.Status",
        "ReportVersionStatusEnum": "sxsh.reports.models.ReportVersion.Status",
    },
}
