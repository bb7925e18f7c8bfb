"""Tests marked ``postgres`` run when the test database is PostgreSQL (DATABASE_URL is set).

Without it they are skipped; under CI (``CI=true``) a missing DATABASE_URL is an error, not
a skip, as for the criteria engines: CI must prove the PostgreSQL path too.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") is None or connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but DATABASE_URL is not set: the PostgreSQL path must be tested")
    pytest.skip("PostgreSQL: DATABASE_URL is not set (CI sets it)")
