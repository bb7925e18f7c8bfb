"""Engines for the criteria tests: DuckDB and SQLite always, PostgreSQL when DATABASE_URL is set.

Under CI (``CI=true``) a missing DATABASE_URL is an error, not a skip: CI must prove the
engines agree on PostgreSQL too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from regie.criteria.engines import Engine, engine_open

ENGINES = ("duckdb", "sqlite", "postgresql")


def database_url() -> str | None:
    return os.environ.get("DATABASE_URL") or None


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    name = request.param
    if name == "postgresql" and not database_url():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but DATABASE_URL is not set: the PostgreSQL engine must be tested")
        pytest.skip("PostgreSQL engine: DATABASE_URL is not set (CI sets it)")
    with engine_open(name, database_url=database_url()) as opened:
        yield opened
