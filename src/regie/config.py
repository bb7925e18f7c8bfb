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

ENVIRONMENTS = ("ontwikkeling", "productie")

SETTINGS = (
    DATABASE_URL,
    ENVIRONMENT,
    SECRET_KEY,
    ALLOWED_HOSTS,
    SQLITE_PATH,
    PSEUDONYM_KEY,
    UPLOAD_MAX_MB,
    PLAN_DUE_WEEKS,
    CASE_MEETING_WEEKS,
    PANEL_REVIEW_WEEKS,
    REVIEW_INTERVAL_WEEKS,
)
