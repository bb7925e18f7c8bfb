"""Django settings. Every value comes from ``regie.config``, the one module that reads the
environment; this module only turns those values into Django's names.

Development (``REGIE_OMGEVING=ontwikkeling``, the default) runs on SQLite with a fixed,
clearly marked development key. Production (``productie``) refuses to start without a
real secret key and explicit host names.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
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


def yes_no_get(setting: config.Setting) -> bool:
    value = (setting.get() or "").lower()
    if value not in ("ja", "nee"):
        raise ImproperlyConfigured(f"{setting.name}={value!r}: kies ja of nee.")
    return value == "ja"


HSTS_SECONDS_MAXIMUM = 2 * 365 * 24 * 60 * 60


def hsts_seconds_get() -> int:
    value = config.HSTS_SECONDS.get() or ""
    if not value.isdigit() or int(value) > HSTS_SECONDS_MAXIMUM:
        raise ImproperlyConfigured(
            f"{config.HSTS_SECONDS.name}={value!r}: geef een heel aantal seconden, "
            f"van 0 tot en met {HSTS_SECONDS_MAXIMUM} (twee jaar)."
        )
    return int(value)


def csrf_trusted_origins_for(hosts: list[str]) -> list[str]:
    """The https origins of the allowed hosts (``.example.nl`` also stands for its
    subdomains), so that a form sent over HTTPS passes the CSRF check even when a proxy
    hands the request on over http."""
    return [
        f"https://*{host}" if host.startswith(".") else f"https://{host}"
        for host in hosts
        if host != "*"
    ]


def weeks_get(setting: config.Setting) -> int:
    value = setting.get() or ""
    if not value.isdigit() or not 1 <= int(value) <= 520:
        raise ImproperlyConfigured(
            f"{setting.name}={value!r}: geef een heel aantal weken, van 1 tot en met 520."
        )
    return int(value)


def whole_number_get(setting: config.Setting, *, low: int, high: int, unit: str) -> int:
    """A whole number from ``low`` to ``high`` (inclusive); refused otherwise."""
    value = setting.get() or ""
    if not value.isdigit() or not low <= int(value) <= high:
        raise ImproperlyConfigured(
            f"{setting.name}={value!r}: geef een heel aantal {unit}, van {low} tot en met {high}."
        )
    return int(value)


def oidc_settings_get() -> dict[str, str] | None:
    """The OpenID Connect settings when all are given, None when none are; some but not
    all is refused, so that single sign-on is never half switched on."""
    values = {setting.name: setting.get() for setting in config.OIDC_SETTINGS}
    given = {name: value for name, value in values.items() if value is not None}
    if not given:
        return None
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise ImproperlyConfigured(
            "Inloggen via de eigen organisatie (OpenID Connect) is half ingesteld: "
            f"{', '.join(missing)} ontbreekt. Geef alle {len(values)} instellingen, of geen."
        )
    return given


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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "regie.accounts",
    "regie.deliveries",
    "regie.audit",
    "regie.identity",
    "regie.rounds",
    "regie.cases",
    "regie.letters",
    "regie.plans",
    "regie.privacy",
    "regie.retention",
    "regie.web",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "regie.web.security.ContentSecurityPolicyMiddleware",  # first: on every response
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # serves STATIC_ROOT (production)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "regie.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
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

# Static files (docs/production.md). WhiteNoise serves STATIC_ROOT, which
# `regie-beheer collectstatic` fills: in production under names that carry a hash of their
# content (browsers may keep them for ever) with compressed copies. Development and tests
# keep the plain names; runserver and the test server read the apps' own static folders.
STATIC_URL = "static/"
STATIC_ROOT = config.STATIC_DIR.get()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if ENVIRONMENT == "productie"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# HTTPS (docs/production.md): production answers over HTTPS only, redirects http to https
# and tells browsers to keep to HTTPS (HSTS, subdomains included; preload only marks the
# site as fit for the browsers' preload list, which takes a separate request by the domain's
# owner). Development stays on plain http at 127.0.0.1. The pages' own Content-Security-
# Policy and Permissions-Policy: regie.web.security.
IS_PRODUCTION = ENVIRONMENT == "productie"
SECURE_SSL_REDIRECT = IS_PRODUCTION
SECURE_HSTS_SECONDS = hsts_seconds_get() if IS_PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# behind a proxy that ends TLS, a request counts as HTTPS when the proxy says so, and
# the client's address is the one the proxy adds to X-Forwarded-For (for the lockout)
BEHIND_PROXY = yes_no_get(config.BEHIND_PROXY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
CSRF_TRUSTED_ORIGINS = csrf_trusted_origins_for(ALLOWED_HOSTS) if IS_PRODUCTION else []
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: Django's CSRF check over HTTPS reads the Referer of a form
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
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

# Retention: how long data is kept (docs/retention.md).
RETENTION_FACTS_DAYS = whole_number_get(config.RETENTION_FACTS_DAYS, low=0, high=3650, unit="dagen")
RETENTION_DOSSIER_YEARS = whole_number_get(
    config.RETENTION_DOSSIER_YEARS, low=1, high=100, unit="jaren"
)
RETENTION_AUDIT_YEARS = whole_number_get(
    config.RETENTION_AUDIT_YEARS, low=1, high=100, unit="jaren"
)
RETENTION_LOGIN_DAYS = whole_number_get(config.RETENTION_LOGIN_DAYS, low=1, high=3650, unit="dagen")
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
# Logging in (docs/login.md): a session ends after REGIE_SESSIE_INACTIEF_MINUTEN without a
# request; every request saves the session, which moves its end forward again.
SESSION_IDLE_MINUTES = whole_number_get(
    config.SESSION_IDLE_MINUTES, low=1, high=1440, unit="minuten"
)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# The second factor (TOTP, django-otp).
OTP_TOTP_ISSUER = "Regie"
OTP_TOTP_THROTTLE_FACTOR = 0  # wrong codes count towards the lockout below instead

# Lockout (django-axes): too many failed logins for one username block it for a while,
# whatever its password; a wrong second-factor code counts as a failed login too.
AXES_FAILURE_LIMIT = whole_number_get(config.LOGIN_ATTEMPTS, low=1, high=100, unit="pogingen")
AXES_LOCKOUT_MINUTES = whole_number_get(config.LOCKOUT_MINUTES, low=1, high=1440, unit="minuten")
AXES_COOLOFF_TIME = timedelta(minutes=AXES_LOCKOUT_MINUTES)
# Locked per user name, summed over addresses and browsers; an address is locked as well
# once REGIE_INLOG_POGINGEN_PER_ADRES failures came from it (over all user names), so that
# one person's typos never block an office behind one address, and trying a password on
# many accounts from one address does get blocked (regie.accounts.lockout).
LOGIN_ATTEMPTS_PER_ADDRESS = whole_number_get(
    config.LOGIN_ATTEMPTS_PER_ADDRESS, low=1, high=100_000, unit="pogingen"
)
AXES_LOCKOUT_PARAMETERS = "regie.accounts.lockout.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "regie.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = False  # reset after the second factor, not the password
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "regie.accounts.views.lockout"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a blocked username
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on through OpenID Connect (mozilla-django-oidc), only when configured. It
# replaces the password, not the second factor.
OIDC = oidc_settings_get()
OIDC_ENABLED = OIDC is not None
if OIDC is not None:
    OIDC_RP_CLIENT_ID = OIDC[config.OIDC_CLIENT_ID.name]
    OIDC_RP_CLIENT_SECRET = OIDC[config.OIDC_CLIENT_SECRET.name]
    OIDC_OP_AUTHORIZATION_ENDPOINT = OIDC[config.OIDC_AUTHORIZATION_ENDPOINT.name]
    OIDC_OP_TOKEN_ENDPOINT = OIDC[config.OIDC_TOKEN_ENDPOINT.name]
    OIDC_OP_USER_ENDPOINT = OIDC[config.OIDC_USER_ENDPOINT.name]
    OIDC_OP_JWKS_ENDPOINT = OIDC[config.OIDC_JWKS_ENDPOINT.name]
    AUTHENTICATION_BACKENDS.append("regie.accounts.oidc.RegieOIDCBackend")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
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
