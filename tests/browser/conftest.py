"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
``live_server``. Reusable fixtures:

- ``user_make(username, role, partner=None)``: a synthetic user with ``PASSWORD``, in an
  organisation with that partner code (made if needed), or in the Zorg- en Veiligheidshuis;
- ``logged_in_page(user)``: a new browser context (its own cookies) with a page on which
  ``user`` has logged in through the login form and the second step (the current code of
  their TOTP device, made if they have none), at ``live_server.url``.

Tests that use them need the database through ``django_db(transaction=True)``: the live
server answers from another thread and sees only committed data.

Chromium is Debian's (``apt-get install chromium``), not a browser Playwright downloads.
Without it the tests are skipped, with the reason; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import current_code, totp_device_for

# Playwright's sync API runs an event loop in the test's thread; Django refuses database
# calls from a thread with a running loop unless told that this is safe, which it is here:
# the test code does not run inside the loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD: Final = "synthetisch-wachtwoord-42"
DEBIAN_CHROMIUM: Final = Path("/usr/bin/chromium")
TIMEOUT_MS: Final = 15_000


def chromium_find() -> str | None:
    found = shutil.which("chromium")
    if found is not None:
        return found
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.is_file() else None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_find()
    if path is None:
        reason = (
            "Debian's Chromium is not installed (sudo apt-get install chromium); "
            "the browser tests drive it through Playwright"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def chromium(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=["--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The production hasher is slow on purpose; the live server shares these settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user_make(transactional_db: None) -> Callable[..., User]:
    def make(username: str, role: Role, partner: str | None = None) -> User:
        if partner is None:
            organisation, _ = Organisation.objects.get_or_create(
                name="Zorg- en Veiligheidshuis (synthetisch)"
            )
        else:
            organisation, _ = Organisation.objects.get_or_create(
                partner=partner, defaults={"name": f"{partner} (synthetisch)"}
            )
        return User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=username.capitalize(),
            last_name="Synthetisch",
            role=role,
            organisation=organisation,
        )

    return make


@pytest.fixture
def logged_in_page(chromium: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def log_in(user: User, password: str = PASSWORD) -> Page:
        context = chromium.new_context(locale="nl-NL", base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        device = totp_device_for(user)
        page = context.new_page()
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        # the second step: the code the user's authenticator app shows now
        expect(page.get_by_role("heading", level=1)).to_have_text("Code uit de app")
        page.get_by_label("Code uit de app").fill(current_code(device))
        page.get_by_role("button", name="Verder").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Welkom, {user.get_full_name() or user.username}"
        )
        return page

    yield log_in
    for context in contexts:
        context.close()
