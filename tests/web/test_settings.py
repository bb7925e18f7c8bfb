"""The settings refuse what cannot work, with a message that says what is wrong."""

from __future__ import annotations

import os
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.web.conf.settings import (
    DEVELOPMENT_PSEUDONYM_KEY,
    DEVELOPMENT_SECRET_KEY,
    database_from_url,
    environment_get,
    pseudonym_key_get,
    secret_key_get,
)


def test_a_postgresql_url_becomes_django_database_settings() -> None:
    assert database_from_url("postgresql://regie:ge%40heim@db.local:5433/regie", "x") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "regie",
        "USER": "regie",
        "PASSWORD": "ge@heim",
        "HOST": "db.local",
        "PORT": "5433",
    }


def test_without_a_url_the_application_uses_sqlite_in_wal_mode() -> None:
    settings = database_from_url(None, "/tmp/regie.sqlite3")
    assert (settings["ENGINE"], settings["NAME"]) == (
        "django.db.backends.sqlite3",
        "/tmp/regie.sqlite3",
    )
    assert settings["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # the tests' database is a file of this process, not the shared in-memory one
    assert settings["TEST"]["NAME"].endswith(f"regie-test-{os.getpid()}.sqlite3")


def test_a_url_of_another_database_is_refused_naming_the_scheme() -> None:
    with pytest.raises(ImproperlyConfigured, match="schema 'mysql' wordt niet ondersteund"):
        database_from_url("mysql://root@localhost/regie", "x")


def test_a_url_without_a_database_name_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="de naam van de database ontbreekt"):
        database_from_url("postgresql://postgres@localhost:5432", "x")


def test_production_refuses_to_start_without_a_secret_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REGIE_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="REGIE_SECRET_KEY ontbreekt"):
        secret_key_get("productie")


def test_development_uses_the_marked_development_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIE_SECRET_KEY", raising=False)
    assert secret_key_get("ontwikkeling") == DEVELOPMENT_SECRET_KEY


def test_a_short_secret_key_is_refused_with_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIE_SECRET_KEY", "kort")
    with pytest.raises(ImproperlyConfigured, match="is 4 tekens lang; minstens 50"):
        secret_key_get("productie")


def test_an_unknown_environment_is_refused_with_the_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REGIE_OMGEVING", "test")
    with pytest.raises(ImproperlyConfigured, match="kies uit ontwikkeling, productie"):
        environment_get()


def test_the_application_runs_on_the_database_the_environment_names(db: None) -> None:
    from django.db import connection

    from regie import config

    expected = "postgresql" if config.DATABASE_URL.get() else "sqlite"
    assert connection.vendor == expected


def test_production_refuses_to_start_without_a_pseudonym_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REGIE_PSEUDONIEM_SLEUTEL", raising=False)
    with pytest.raises(
        ImproperlyConfigured,
        match=re.escape(
            "REGIE_PSEUDONIEM_SLEUTEL: de sleutel voor pseudoniemen ontbreekt; "
            "in productie start Regie niet zonder."
        ),
    ):
        pseudonym_key_get("productie")


def test_development_pseudonymises_with_the_marked_development_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REGIE_PSEUDONIEM_SLEUTEL", raising=False)
    assert pseudonym_key_get("ontwikkeling") == DEVELOPMENT_PSEUDONYM_KEY.encode()
