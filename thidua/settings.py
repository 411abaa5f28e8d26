"""Settings for thidua, read from environment variables with safe local defaults.

With no variable set, thidua runs on a SQLite file in the project folder, so a fresh clone works
after `make run`. Every variable below is optional; a malformed one stops start-up with a message
that names it (Healthchecks' habit: fail loudly rather than run half-configured).
"""

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from thidua.core.env import env_bool, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

# Off unless asked for: a server started by hand must not leak tracebacks. `make run` turns it on.
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, else from an untracked file made on first run."""
    from_env = env_secret("SECRET_KEY")
    if from_env:
        return from_env
    key_file = BASE_DIR / ".secret_key"
    try:
        # Created exclusively and private from the start: two workers starting together agree.
        handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(50))
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# The secret the council's ballot papers are sealed with while a session is open
# (thidua/council/ballot_box.py); derived from SECRET_KEY when unset. Keep it out of the
# database's backups: with it, a copy taken during a session could tie members to choices.
COUNCIL_BALLOT_KEY = env_secret("COUNCIL_BALLOT_KEY") or ""
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Biến môi trường ALLOWED_HOSTS rỗng: mọi yêu cầu sẽ bị từ chối.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "thidua.core.admin_site.ThiduaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    # Plain "rules": our predicates live in each app's permissions.py, imported by its ready().
    "rules",
    "auditlog",
    "axes",
    "csp",
    # Its packaged Swagger UI files serve the API's documentation (no CDN).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "thidua.core",
    "thidua.organization",
    "thidua.accounts",
    "thidua.evidence",
    "thidua.attachments",
    "thidua.awards",
    "thidua.registrations",
    "thidua.clusters",
    "thidua.evaluation",
    "thidua.plans",
    "thidua.documents",
    "thidua.spreadsheets",
    "thidua.audit",
    "thidua.council",
    "thidua.decisions",
    "thidua.proposals",
    "thidua.closing",
    "thidua.rewards",
    "thidua.todo",
    "thidua.api",
    # Above all others: the only app that imports every app's demo data.
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last (its documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.accounts.context_processors.roles",
            ],
        },
    },
]


# WAL lets readers work while one request writes; the busy timeout and IMMEDIATE transactions
# make concurrent writers wait instead of failing with "database is locked". secure_delete
# overwrites deleted rows, so once a council session is closed (and the WAL checkpointed) the
# file keeps no trace of its sealed ballot envelopes (thidua/council/ballot_box.py).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
    "transaction_mode": "IMMEDIATE",
}


def _masked(url: str) -> str:
    """Return the URL without its password, for error messages."""
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def _databases() -> dict:
    """Return DATABASES: SQLite in the project folder unless DATABASE_URL names another."""
    url = env_secret("DATABASE_URL")
    if not url:
        return {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": BASE_DIR / "db.sqlite3",
                "OPTIONS": dict(SQLITE_OPTIONS),
            }
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            "Biến môi trường DATABASE_URL không hợp lệ ({}): {}".format(exc, _masked(url))
        ) from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(
            "Biến môi trường DATABASE_URL thiếu loại hoặc tên cơ sở dữ liệu: {}".format(
                _masked(url)
            )
        )
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("CONN_HEALTH_CHECKS", True)
        if not env_bool("POSTGRES_JIT", False):
            # JIT off for thidua's connections unless asked for. PostgreSQL compiles a query
            # whose estimated cost passes jit_above_cost, and thidua's pages run a few large
            # grouped queries whose estimated cost grows with the province's tables while their
            # answers stay small: compiling took most of a page (issue 19: 885 of 1,096 ms of
            # the dashboard's query). Measured side by side on a 5,000-person agency inside a
            # 100,000-person province (bench/README.md, "Pages inside a province"): dashboard
            # 243 ms without JIT, 651 ms with it; forecast 829 / 1,127 ms. A page's query never
            # runs long enough to repay the compilation.
            options = config.setdefault("OPTIONS", {})
            options["options"] = " ".join(filter(None, [options.get("options"), "-c jit=off"]))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five failures for one user name from one address lock that pair for 15
# minutes; 20 failures from one address, whatever the accounts, lock the address. The client's
# address is read through TRUSTED_PROXY_COUNT reverse proxies (thidua/accounts/throttle.py).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "thidua.accounts.throttle.ThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "thidua.accounts.throttle.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["thidua.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Serve straight from the app folders, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_secret("MEDIA_ROOT") or BASE_DIR / "media")
# A scanned decision or certificate fits in 10 MB; more would mostly fill the disk and backups.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# No upload is read past this (an attachment, a 10 MB spreadsheet): LimitedUploadHandler stops
# at the file's first bytes when Content-Length is over it, else when the bytes pass it.
UPLOAD_MAX_BYTES = env_int(
    "UPLOAD_MAX_BYTES", max(ATTACHMENT_MAX_BYTES, 10 * 1024 * 1024), minimum=1
)
FILE_UPLOAD_HANDLERS = [
    "thidua.attachments.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Django's own limits, stated: files up to 2.5 MB stay in memory, larger ones go to a temporary
# file; the form fields other than files may hold at most 2.5 MB and 1,000 fields.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# The JSON API refuses a larger body before reading it (413), whatever its content type.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1048576, minimum=1024)
# Requests a token may make in a minute (reads and writes; 429 with Retry-After beyond): enough
# for a nightly synchronisation page by page, not for a runaway loop.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 300, minimum=1)
# How long an Idempotency-Key is remembered (its first answer replayed), in hours.
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# A strict Content Security Policy: no inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies travel only over HTTPS outside debug; a TLS-terminating proxy sets the header below.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# HSTS: once a browser has reached the site over HTTPS, it refuses plain HTTP to it for a year.
# On by default outside debug; Django sends it only on HTTPS requests, so behind a proxy that
# ends TLS set BEHIND_TLS_PROXY=1 (the proxy must set X-Forwarded-Proto and strip the client's).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Django's English CSRF refusal replaced by a Vietnamese page in the site's style.
CSRF_FAILURE_VIEW = "thidua.core.views.csrf_failure"

# Key of the council sessions' seals (HMAC-SHA256, thidua/council/results.py), kept outside the
# database so that someone who can write the database cannot recompute a seal. Unset: derived
# from SECRET_KEY under a label of its own. Changing either breaks every keyed seal (README).
COUNCIL_SEAL_KEY = env_secret("COUNCIL_SEAL_KEY") or ""

DJANGO_TABLES2_TEMPLATE = "includes/table.html"  # bootstrap5-responsive, with a Vietnamese pager
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOG_LEVEL = (env_secret("LOG_LEVEL") or "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        "Biến môi trường LOG_LEVEL không hợp lệ: '{}' (DEBUG, INFO, WARNING, ERROR).".format(
            LOG_LEVEL
        )
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}


# E-mail (the daily to-do digest, `manage.py send_reminders`). The console backend by default, so
# a demo or a developer's machine sends nothing; an installation sets EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and the SMTP server's variables.
EMAIL_BACKEND = env_secret("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env_secret("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_secret("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS và EMAIL_USE_SSL không được bật cùng lúc.")
# A server that does not answer must not hang the nightly command for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_secret("DEFAULT_FROM_EMAIL") or "thidua@localhost"
# The site's address as users reach it: the links in an e-mail must be absolute.
SITE_URL = (env_secret("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Background work (Django's Tasks framework, the django-tasks backport until Django 6): tasks are
# rows in this database, run by `python manage.py db_worker` (one beside the server under
# `make run`; as many as needed elsewhere). TASKS_BACKEND=immediate runs each task inside the
# process that enqueues it, for a tiny installation with no worker.
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = (env_secret("TASKS_BACKEND") or "database").lower()
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        "Biến môi trường TASKS_BACKEND không hợp lệ: '{}' (database hoặc immediate).".format(
            TASKS_BACKEND
        )
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# Above these sizes the work goes to a worker, with a progress page (thidua.core.jobs): an import
# of more data rows than BACKGROUND_IMPORT_ROWS (a few thousand rows check in seconds; 100,000
# take minutes, past a proxy's timeout). A running task tells its progress every second; one
# silent for JOB_STALE_SECONDS is taken as a worker that stopped mid-way (killed, the machine
# restarted): its page says "bị gián đoạn" and offers to run it again.
BACKGROUND_IMPORT_ROWS = env_int("BACKGROUND_IMPORT_ROWS", 3000, minimum=0)
# A decision whose annexed list is longer than this is made into a file by a worker (a
# 5,000-name PDF takes 8–14 s); a shorter one is downloaded at once.
BACKGROUND_DOCUMENT_ROWS = env_int("BACKGROUND_DOCUMENT_ROWS", 300, minimum=0)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60, minimum=5)
# How often a running job writes its progress file (milliseconds): a second is what the page's
# polling shows; the worker test writes more often, to kill its worker at a known point.
JOB_PROGRESS_MS = env_int("JOB_PROGRESS_MS", 1000, minimum=10)

# The to-do list: a deadline shows this many days ahead; a tờ trình sent to a higher body is
# chased once it has waited this long without an answer.
TODO_HORIZON_DAYS = env_int("TODO_HORIZON_DAYS", 14, minimum=0)
TODO_PROPOSAL_WAIT_DAYS = env_int("TODO_PROPOSAL_WAIT_DAYS", 30, minimum=1)
