"""Every environment variable Regie reads, in one place, each with a default and a line of help."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str

    def get(self) -> str | None:
        value = os.environ.get(self.name, "").strip()
        return value or self.default


DATABASE_URL = Setting(
    "DATABASE_URL",
    None,
    "PostgreSQL URL (postgresql://user@host:port/db) for the postgresql engine and its tests; "
    "unset means the embedded default (DuckDB for selection, SQLite for the application).",
)

ENVIRONMENT = Setting(
    "REGIE_OMGEVING",
    "ontwikkeling",
    "ontwikkeling (development: debug pages, a fixed development secret key allowed) or "
    "productie (refuses to start without REGIE_SECRET_KEY and REGIE_ALLOWED_HOSTS).",
)
SECRET_KEY = Setting(
    "REGIE_SECRET_KEY",
    None,
    "Django's secret key (signs sessions); required in productie, at least 50 characters.",
)
ALLOWED_HOSTS = Setting(
    "REGIE_ALLOWED_HOSTS",
    "127.0.0.1,localhost",
    "Comma-separated host names the web application answers to.",
)
SQLITE_PATH = Setting(
    "REGIE_SQLITE",
    "regie.sqlite3",
    "Path of the application's SQLite database when DATABASE_URL is not set.",
)

PSEUDONYM_KEY = Setting(
    "REGIE_PSEUDONIEM_SLEUTEL",
    None,
    "Key of the HMAC that replaces every BSN before it is stored; required in productie, "
    "at least 32 characters. Changing it breaks the link with earlier deliveries.",
)

UPLOAD_MAX_MB = Setting(
    "REGIE_UPLOAD_MAX_MB",
    "200",
    "Largest delivery file accepted by the browser upload and the API, in megabytes "
    "(1 MB = 1,048,576 bytes); a larger file is refused before it is stored.",
)

# Production behind HTTPS (docs/production.md).
BEHIND_PROXY = Setting(
    "REGIE_ACHTER_PROXY",
    "nee",
    "ja when a proxy in front of Regie ends TLS and passes the request on over http with "
    "X-Forwarded-Proto: https (the proxy must set or strip that header itself); nee otherwise.",
)
HSTS_SECONDS = Setting(
    "REGIE_HSTS_SECONDEN",
    "31536000",
    "Seconds a browser remembers to reach Regie over HTTPS only (HSTS; productie only); one "
    "year by default. Start lower (3600) when first going live; 0 switches HSTS off.",
)
STATIC_DIR = Setting(
    "REGIE_STATIC_MAP",
    None,
    "Folder that regie-beheer collectstatic fills and the web application serves /static/ "
    "from (productie); check --deploy warns when it is not set.",
)

PLAN_DUE_WEEKS = Setting(
    "REGIE_PLAN_TERMIJN_WEKEN",
    "4",
    "Weeks after a regisseur is assigned within which the plan of approach is due.",
)
CASE_MEETING_WEEKS = Setting(
    "REGIE_CASUSOVERLEG_WEKEN",
    "8",
    "Longest time in weeks between two case meetings of a person in regie.",
)
PANEL_REVIEW_WEEKS = Setting(
    "REGIE_PANEL_TERMIJN_WEKEN",
    "10",
    "Weeks after a regisseur is assigned at which the expert panel reviews the case.",
)
REVIEW_INTERVAL_WEEKS = Setting(
    "REGIE_TOETS_INTERVAL_WEKEN",
    "26",
    "Weeks between two proportionality reviews of a person in regie (the first counted "
    "from the assignment of the regisseur).",
)

# Retention (docs/retention.md): the seeds name no terms; these defaults are chosen.
RETENTION_FACTS_DAYS = Setting(
    "REGIE_BEWAAR_FEITEN_DAGEN",
    "0",
    "Days after a round has been decided that the facts, outcomes and identity records of "
    "persons it did not select are kept (0 to 3650; 0: removed by the next retention run).",
)
RETENTION_DOSSIER_YEARS = Setting(
    "REGIE_BEWAAR_DOSSIER_JAREN",
    "5",
    "Years after outflow or withdrawal that a case is kept with its dossier, plan, letters "
    "and the facts of the person (1 to 100).",
)
RETENTION_AUDIT_YEARS = Setting(
    "REGIE_BEWAAR_AUDITLOG_JAREN",
    "5",
    "Years that a record of the audit trail (the access log) is kept (1 to 100).",
)
RETENTION_LOGIN_DAYS = Setting(
    "REGIE_BEWAAR_INLOGGEGEVENS_DAGEN",
    "180",
    "Days that the records of staff logins are kept (successful and failed attempts: user "
    "name, network address, browser; django-axes) (1 to 3650). Expired sessions go at every "
    "retention run.",
)

SESSION_IDLE_MINUTES = Setting(
    "REGIE_SESSIE_INACTIEF_MINUTEN",
    "30",
    "Minutes without any request after which a session ends and the user logs in again "
    "(1 to 1440).",
)
LOGIN_ATTEMPTS = Setting(
    "REGIE_INLOG_POGINGEN",
    "5",
    "Failed logins (wrong password or wrong code) after which an account is blocked (1 to 100).",
)
LOCKOUT_MINUTES = Setting(
    "REGIE_BLOKKADE_MINUTEN",
    "15",
    "Minutes an account stays blocked after too many failed logins (1 to 1440).",
)
LOGIN_ATTEMPTS_PER_ADDRESS = Setting(
    "REGIE_INLOG_POGINGEN_PER_ADRES",
    "50",
    "Failed logins from one network address, over all user names, after which that address "
    "is blocked for REGIE_BLOKKADE_MINUTEN too (1 to 100000): against trying one password on "
    "many accounts, without blocking an office behind one address for one person's typos.",
)

# Single sign-on through OpenID Connect: on only when all six are given, refused when some are.
OIDC_CLIENT_ID = Setting(
    "REGIE_OIDC_CLIENT_ID", None, "Regie's client id at the organisation's OpenID provider."
)
OIDC_CLIENT_SECRET = Setting(
    "REGIE_OIDC_CLIENT_SECRET", None, "Regie's client secret at the OpenID provider."
)
OIDC_AUTHORIZATION_ENDPOINT = Setting(
    "REGIE_OIDC_AUTHORIZATION_ENDPOINT", None, "The provider's authorization endpoint (URL)."
)
OIDC_TOKEN_ENDPOINT = Setting(
    "REGIE_OIDC_TOKEN_ENDPOINT", None, "The provider's token endpoint (URL)."
)
OIDC_USER_ENDPOINT = Setting(
    "REGIE_OIDC_USERINFO_ENDPOINT", None, "The provider's userinfo endpoint (URL)."
)
OIDC_JWKS_ENDPOINT = Setting(
    "REGIE_OIDC_JWKS_ENDPOINT",
    None,
    "The provider's JWKS endpoint (URL): the public keys that sign its id tokens (RS256).",
)
OIDC_SETTINGS = (
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_AUTHORIZATION_ENDPOINT,
    OIDC_TOKEN_ENDPOINT,
    OIDC_USER_ENDPOINT,
    OIDC_JWKS_ENDPOINT,
)

ENVIRONMENTS = ("ontwikkeling", "productie")

SETTINGS = (
    DATABASE_URL,
    ENVIRONMENT,
    SECRET_KEY,
    ALLOWED_HOSTS,
    SQLITE_PATH,
    PSEUDONYM_KEY,
    UPLOAD_MAX_MB,
    BEHIND_PROXY,
    HSTS_SECONDS,
    STATIC_DIR,
    PLAN_DUE_WEEKS,
    CASE_MEETING_WEEKS,
    PANEL_REVIEW_WEEKS,
    REVIEW_INTERVAL_WEEKS,
    RETENTION_FACTS_DAYS,
    RETENTION_DOSSIER_YEARS,
    RETENTION_AUDIT_YEARS,
    RETENTION_LOGIN_DAYS,
    SESSION_IDLE_MINUTES,
    LOGIN_ATTEMPTS,
    LOCKOUT_MINUTES,
    LOGIN_ATTEMPTS_PER_ADDRESS,
    *OIDC_SETTINGS,
)
