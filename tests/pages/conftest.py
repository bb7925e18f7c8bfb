"""The pages of rounds and cases, over the small synthetic region of tests/rounds/oversightkit.py.

``region`` gives the users of a region that is delivered, linked and has one participant;
``finished_round`` adds a round that has run (in the test's thread, not in the background).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

ROUNDS_TESTS = Path(__file__).resolve().parent.parent / "rounds"
if str(ROUNDS_TESTS) not in sys.path:
    sys.path.insert(0, str(ROUNDS_TESTS))

from oversightkit import PEILDATUM, region_ready  # noqa: E402

from regie.accounts.models import User  # noqa: E402
from regie.rounds.models import Round  # noqa: E402
from regie.rounds.services import round_start  # noqa: E402


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The region makes five users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region(tmp_path: Path) -> dict[str, User]:
    return region_ready(tmp_path)


@pytest.fixture
def finished_round(region: dict[str, User]) -> Round:
    return round_start(peildatum=PEILDATUM, started_by=region["analist"], background=False)
