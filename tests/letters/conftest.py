"""The letters' tests build on the small synthetic region of ``tests/rounds/oversightkit.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

ROUNDS = Path(__file__).parent.parent / "rounds"
if str(ROUNDS) not in sys.path:
    sys.path.insert(0, str(ROUNDS))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests hash many passwords; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
