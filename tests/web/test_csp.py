"""The Content-Security-Policy and Permissions-Policy (regie.web.security) on the pages of
every app, and no template that the policy would break: no inline <style>, style="...",
inline <script> or on...= handler anywhere in src (so a future one fails here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

TESTS = Path(__file__).resolve().parent.parent
for kit in ("pages", "rounds"):
    if str(TESTS / kit) not in sys.path:
        sys.path.insert(0, str(TESTS / kit))

from oversightkit import PEILDATUM, region_ready  # noqa: E402
from pagekit import client_for  # noqa: E402

from regie.rounds.models import Round, RoundOutcome  # noqa: E402
from regie.rounds.services import round_start  # noqa: E402
from regie.web.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY  # noqa: E402

SRC = TESTS.parent / "src"

# The policy written out, so that a loosened constant fails here too.
EXPECTED_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
EXPECTED_PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The region makes five users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_protected(client: Client, url: str, status: int = 200) -> None:
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Security-Policy"] == EXPECTED_POLICY, url
    assert response["Permissions-Policy"] == EXPECTED_PERMISSIONS, url


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere() -> None:
    assert CONTENT_SECURITY_POLICY == EXPECTED_POLICY
    assert PERMISSIONS_POLICY == EXPECTED_PERMISSIONS
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert "*" not in CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_the_pages_of_every_app_carry_the_policy(tmp_path: Path) -> None:
    # given a region that is delivered and linked, with a round that has run
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    outcome = RoundOutcome.objects.filter(round=round).order_by("pk").first()
    assert outcome is not None
    staff = users["beheerder"]
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])

    # when each role opens the pages of its apps, then each answer carries the policy
    analyst = client_for(users["analist"])
    for url in (
        "/",
        "/identiteit/",
        "/rondes/",
        f"/rondes/{round.pk}/",
        f"/rondes/{round.pk}/personen/{outcome.pk}/",  # the explanation (_explanation.html)
        "/dossiers/",
    ):
        assert_protected(analyst, url)
    administrator = client_for(staff)
    for url in ("/aanleveringen/", "/beheer/", "/api/docs"):
        assert_protected(administrator, url)
    assert_protected(client_for(users["regisseur"]), "/regie/mijn/")
    assert_protected(client_for(users["manager"]), "/regie/overzicht/")
    # and so do the login page, a redirect to it, a page that does not exist and the API
    anonymous = Client()
    assert_protected(anonymous, "/inloggen/")
    assert_protected(anonymous, "/rondes/", status=302)
    assert_protected(anonymous, "/bestaat-niet/", status=404)
    assert_protected(anonymous, "/api/openapi.json")


def test_round_pages_show_the_explanation_with_its_classes_not_inline_style(
    tmp_path: Path, db: None
) -> None:
    # given a round that has run
    users = region_ready(tmp_path)
    round: Round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    outcome = RoundOutcome.objects.filter(round=round).order_by("pk").first()
    assert outcome is not None
    # when the analyst opens a person's explanation
    page = client_for(users["analist"]).get(f"/rondes/{round.pk}/personen/{outcome.pk}/")
    # then the page links the stylesheet and styles nothing itself
    text = page.content.decode()
    assert '<link rel="stylesheet" href="/static/regie/regie.css">' in text
    assert '<section class="uitleg"' in text
    assert inline_code_find(text) == []


# --- no template the policy would break ------------------------------------------------------

# Inline code the policy blocks: a <style> element, a style attribute, a <script> without
# src (a JSON data block, type="application/json", runs nothing and is allowed), an
# on...= event handler, and a javascript: URL.
INLINE_CODE = re.compile(
    r"<style\b"
    r"|\sstyle\s*="
    r"|<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/json[\"'])"
    r"|\son[a-z]+\s*="
    r"|javascript:",
    re.IGNORECASE,
)


def inline_code_find(text: str) -> list[str]:
    """Each piece of inline code in ``text``, with its line number."""
    return [
        f"{text.count(chr(10), 0, found.start()) + 1}: {found.group(0).strip()}"
        for found in INLINE_CODE.finditer(text)
    ]


def test_the_detector_finds_each_kind_of_inline_code() -> None:
    assert inline_code_find(
        "<p>\n<style>p{}</style>\n<div style='x'>\n<script>go()</script>\n"
        '<button onclick="go()">\n<a href="javascript:go()">\n<SCRIPT type="module">'
    ) == [
        "2: <style",
        "3: style=",
        "4: <script",
        "5: onclick=",
        "6: javascript:",
        "7: <SCRIPT",
    ]
    assert (
        inline_code_find(
            '<script src="/static/regie/progress.js" defer></script>\n'
            '<script type="application/json" id="x">{}</script>\n'
            '<p class="stylish" data-onset="1">Bijna gestyled</p>\n'
            '<form action="/uitloggen/" class="uitloggen"></form>'
        )
        == []
    )


def test_no_template_in_src_contains_inline_style_script_or_handlers() -> None:
    templates = sorted(SRC.glob("regie/**/templates/**/*.html"))
    assert len(templates) > 30  # the glob finds the templates of every app
    found = {
        str(path.relative_to(SRC)): inline_code_find(path.read_text(encoding="utf-8"))
        for path in templates
    }
    assert {path: code for path, code in found.items() if code} == {}
