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

SETTINGS = (DATABASE_URL,)
