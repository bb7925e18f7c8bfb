"""Django settings. Every value comes from ``regie.config``, the one module that reads the
environment; this module only turns those values into Django's names.

Development (``REGIE_OMGEVING=ontwikkeling``, the default) runs on SQLite with a fixed,
clearly marked development key. Production (``productie``) refuses to start without a
real secret key and explicit host names.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from regie import config
from regie.formats.pseudonym import PseudonymKeyError, pseudonym_key_check

django_stubs_ext.monkeypatch()  # generic Django classes (ModelAdmin[Model]) at run time

WEB_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "regie-ontwikkeling-niet-voor-productie-" + "x" * 24
MINIMUM_SECRET_KEY_LENGTH = 50
DEVELOPMENT_PSEUDONYM_KEY = "regie-ontwikkeling-pseudoniemen-niet-voor-productie"


def environment_get() -> str:
    environment = config.ENVIRONMENT.get() or "ontwikkeling"
    if environment not in config.ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"{config.ENVIRONMENT.name}={environment!r}: kies uit {', '.join(config.ENVIRONMENTS)}"
        )
    return environment


def secret_key_get(environment: str) -> str:
    key = config.SECRET_KEY.get()
    if key is None:
        if environment == "productie":
            raise ImproperlyConfigured(
                f"{config.SECRET_KEY.name} ontbreekt: in productie start Regie niet zonder "
                f"geheime sleutel (minstens {MINIMUM_SECRET_KEY_LENGTH} tekens)."
            )
        return DEVELOPMENT_SECRET_KEY
    if len(key) < MINIMUM_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"{config.SECRET_KEY.name} is {len(key)} tekens lang; "
            f"minstens {MINIMUM_SECRET_KEY_LENGTH} zijn nodig."
        )
    return key


def database_from_url(url: str | None, sqlite_path: str) -> dict[str, Any]:
    """Django's database settings for ``postgresql://user[:password]@host[:port]/name``,
    or SQLite at ``sqlite_path`` when no URL is given."""
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            # WAL: pages keep reading while a round's background thread writes; a writer
            # waits up to 20 s for another instead of failing at once; a transaction takes
            # the write lock when it begins (IMMEDIATE), so that two that read and then
            # write (the audit chain's next number) wait for each other instead of failing
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
            # tests get a file, not the shared in-memory database: threads (a round's
            # background job, the live server) would otherwise lock each other's tables
            "TEST": {
                "NAME": str(Path(tempfile.gettempdir()) / f"regie-test-{os.getpid()}.sqlite3")
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ImproperlyConfigured(
            f"{config.DATABASE_URL.name}: schema {parts.scheme!r} wordt niet ondersteund; "
            "gebruik postgresql://gebruiker@host:poort/database"
        )
    name = parts.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured(
            f"{config.DATABASE_URL.name}: de naam van de database ontbreekt "
            "(postgresql://gebruiker@host:poort/database)"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(name),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def pseudonym_key_get(environment: str) -> bytes:
    key = config.PSEUDONYM_KEY.get()
    if key is None and environment == "ontwikkeling":
        return DEVELOPMENT_PSEUDONYM_KEY.encode()
    try:
        return pseudonym_key_check(key)
    except PseudonymKeyError as exc:
        raise ImproperlyConfigured(
            f"{config.PSEUDONYM_KEY.name}: {exc}; in productie start Regie niet zonder."
        ) from None


def upload_max_bytes_get() -> int:
    value = config.UPLOAD_MAX_MB.get() or "200"
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(
            f"{config.UPLOAD_MAX_MB.name}={value!r}: geef een heel aantal megabytes, minstens 1."
        )
    return int(value) * 1024 * 1024


def weeks_get(setting: config.Setting) -> int:
    value = setting.get() or ""
    if not value.isdigit() or not 1 <= int(value) <= 520:
        raise ImproperlyConfigured(
            f"{setting.name}={value!r}: geef een heel aantal weken, van 1 tot en met 520."
        )
    return int(value)


ENVIRONMENT = environment_get()
DEBUG = ENVIRONMENT == "ontwikkeling"
SECRET_KEY = secret_key_get(ENVIRONMENT)
PSEUDONYM_KEY = pseudonym_key_get(ENVIRONMENT)
ALLOWED_HOSTS = [h.strip() for h in (config.ALLOWED_HOSTS.get() or "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(f"{config.ALLOWED_HOSTS.name} is leeg; noem minstens één host.")

DATABASES = {
    "default": database_from_url(
        config.DATABASE_URL.get(), config.SQLITE_PATH.get() or "regie.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # the API documentation's own Swagger UI files, served locally (no CDN)
    "regie.accounts",
    "regie.deliveries",
    "regie.audit",
    "regie.identity",
    "regie.rounds",
    "regie.cases",
    "regie.letters",
    "regie.plans",
    "regie.web",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "regie.web.urls"
WSGI_APPLICATION = "regie.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regie.web.navigation.navigation",
            ]
        },
    }
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploads. Django limits only the form fields (DATA_UPLOAD_MAX_MEMORY_SIZE, its default
# 2.5 MB), not a file's size; the first upload handler skips a file larger than
# UPLOAD_MAX_BYTES while it arrives, before it is stored. A file above
# FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a temporary file instead of memory.
UPLOAD_MAX_BYTES = upload_max_bytes_get()

# Case direction: the clocks of a person in regie (docs/case-direction.md).
PLAN_DUE_WEEKS = weeks_get(config.PLAN_DUE_WEEKS)
CASE_MEETING_WEEKS = weeks_get(config.CASE_MEETING_WEEKS)
PANEL_REVIEW_WEEKS = weeks_get(config.PANEL_REVIEW_WEEKS)
REVIEW_INTERVAL_WEEKS = weeks_get(config.REVIEW_INTERVAL_WEEKS)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "regie.deliveries.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
X_FRAME_OPTIONS = "DENY"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
