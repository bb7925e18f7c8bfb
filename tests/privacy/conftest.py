"""The synthetic world of privacyworld.py for every privacy test."""

from __future__ import annotations

import pytest
from privacyworld import World, world_build
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return world_build()
