"""Logging in: a password and a code from an authenticator app (enrolled with a QR code on
the first login), a lock after too many failures, and a session that ends when unused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from regie.accounts.constants import SECOND_FACTOR_ENROLLED, Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import current_code, totp_device_for, two_factor_login
from regie.audit.models import AuditEvent
from regie.deliveries.models import Delivery
from regie.deliveries.tokens import api_token_issue

PASSWORD = "synthetisch-wachtwoord-42"
WRONG_CODE = "Deze code klopt niet. Typ de code die de app nu laat zien."


@pytest.fixture
def analyst(db: None) -> User:
    organisation = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    user = User.objects.create_user(
        username="analist1",
        password=PASSWORD,
        first_name="Sam",
        last_name="Analist",
        role=Role.ANALYST,
        organisation=organisation,
    )
    return user


@pytest.fixture
def device(analyst: User) -> TOTPDevice:
    return totp_device_for(analyst)


def password_step(client: Client, username: str = "analist1", password: str = PASSWORD) -> str:
    """Post the login form; the address it sends the browser to."""
    response = client.post("/inloggen/", {"username": username, "password": password})
    return str(response.get("Location", ""))


def wrong(code: str) -> str:
    """A six-digit code that is not ``code``."""
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def test_the_start_page_sends_a_visitor_to_the_login_page(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/"


def test_a_wrong_password_is_refused_with_a_message_in_dutch(client: Client, analyst: User) -> None:
    response = client.post("/inloggen/", {"username": "analist1", "password": "fout"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_password_and_then_the_code_lead_to_the_start_page(
    client: Client, analyst: User, device: TOTPDevice
) -> None:
    # when the analyst gives the password, they are asked for the code, not let in
    assert password_step(client) == "/"
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/inloggen/tweede-factor/?next=%2F", 302)]
    assert "Code uit de app" in response.content.decode()
    # when they type the code the app shows now
    response = client.post(
        "/inloggen/tweede-factor/?next=%2F", {"code": current_code(device), "next": "/"}
    )
    # then they are in, and see who they are and in which role
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Welkom, Sam Analist" in page
    assert "Je bent ingelogd als analist bij Zorg- en Veiligheidshuis (synthetisch)." in page


def test_a_wrong_code_is_refused_and_counts_as_a_failed_login(
    client: Client, analyst: User, device: TOTPDevice
) -> None:
    # given the password step done
    password_step(client)
    # when a wrong code is typed
    response = client.post(
        "/inloggen/tweede-factor/", {"code": wrong(current_code(device)), "next": "/"}
    )
    # then the page says so, the session is still not let in, and it counted as a failure
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert client.get("/")["Location"] == "/inloggen/tweede-factor/?next=%2F"
    assert AccessAttempt.objects.get(username="analist1").failures_since_start == 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_a_code_that_is_not_six_digits_is_refused_without_counting(
    client: Client, analyst: User, device: TOTPDevice, code: str
) -> None:
    password_step(client)
    response = client.post("/inloggen/tweede-factor/", {"code": code})
    assert "Typ de code van 6 cijfers uit de app." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_without_an_app_the_first_login_enrols_one_with_a_qr_code(
    client: Client, analyst: User
) -> None:
    # given an analyst without an authenticator app, past the password
    assert not TOTPDevice.objects.exists()
    password_step(client)
    # when they open any page, they get the enrolment page: a QR code (SVG, no inline
    # style) and the key as text
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/inloggen/tweede-factor/instellen/?next=%2F", 302)]
    page = response.content.decode()
    started = TOTPDevice.objects.get(user=analyst)
    assert not started.confirmed
    svg = re.search(r'<div id="qr-code">(<svg.*?</svg>)</div>', page, re.S)
    assert svg is not None
    assert "style" not in svg[1]
    secret = re.search(r'<code id="sleutel">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    assert len(secret[1].replace(" ", "")) == 32
    # and the header shows no links yet: they would all lead to this step
    assert response.context["navigation"] == []
    # and opening it again shows the same key (the app may have scanned it already)
    again = client.get("/inloggen/tweede-factor/instellen/").content.decode()
    assert secret[0] in again
    # when they type the first code the app shows
    response = client.post(
        "/inloggen/tweede-factor/instellen/", {"code": current_code(started), "next": "/"}
    )
    # then the app is confirmed, the session let in, and the enrolment audit-recorded
    assert response["Location"] == "/"
    started.refresh_from_db()
    assert started.confirmed
    assert "Welkom, Sam Analist" in client.get("/").content.decode()
    event = AuditEvent.objects.get(action=SECOND_FACTOR_ENROLLED)
    assert (event.actor, event.subject_id, event.detail) == (
        analyst,
        str(analyst.pk),
        {"device": started.pk},
    )


def test_a_wrong_first_code_leaves_the_app_unconfirmed(client: Client, analyst: User) -> None:
    password_step(client)
    client.get("/inloggen/tweede-factor/instellen/")
    started = TOTPDevice.objects.get(user=analyst)
    response = client.post(
        "/inloggen/tweede-factor/instellen/", {"code": wrong(current_code(started))}
    )
    assert WRONG_CODE in response.content.decode()
    started.refresh_from_db()
    assert not started.confirmed
    assert not AuditEvent.objects.filter(action=SECOND_FACTOR_ENROLLED).exists()


def test_with_an_app_the_enrolment_page_sends_to_the_code_page(
    client: Client, analyst: User, device: TOTPDevice
) -> None:
    password_step(client)
    response = client.get("/inloggen/tweede-factor/instellen/")
    assert response["Location"] == "/inloggen/tweede-factor/"
    assert TOTPDevice.objects.filter(user=analyst).count() == 1


def route_paths() -> Iterator[str]:
    """Every page of the web application with made-up ids: each path pattern of the URL
    configuration (the admin's included), outside the API."""

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif not route.startswith("^") and "^" not in route:
                yield "/" + re.sub(r"<(?:int:)?\w+>|<(?:str|path|slug):\w+>", "1", route)

    yield from walk(get_resolver().url_patterns, "")


OPEN_PATHS = {
    "/inloggen/",
    "/inloggen/tweede-factor/",
    "/inloggen/tweede-factor/instellen/",
    "/inloggen/organisatie/",
    "/inloggen/organisatie/terug/",
    "/uitloggen/",
}
PAGES = sorted(p for p in set(route_paths()) if p not in OPEN_PATHS and not p.startswith("/api/"))


def test_the_pages_cover_every_part_of_regie() -> None:
    prefixes = {"/" + page.split("/")[1] for page in PAGES}
    assert prefixes >= {
        "/",
        "/aanleveringen",
        "/identiteit",
        "/rondes",
        "/dossiers",
        "/brieven",
        "/regie",
        "/beheer",
    }
    assert len(PAGES) > 60


@pytest.mark.parametrize("path", PAGES)
def test_a_session_with_only_the_password_is_sent_to_the_second_step_from_every_page(
    client: Client, analyst: User, device: TOTPDevice, path: str
) -> None:
    # given an administrator past the password but not the code (the admin is theirs)
    analyst.is_staff = analyst.is_superuser = True
    analyst.save()
    password_step(client)
    # when they open the page, they are sent to the code first, and back afterwards
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/tweede-factor/?" + f"next={quote(path, safe='')}"


def test_a_post_with_only_the_password_changes_nothing(
    client: Client, analyst: User, device: TOTPDevice
) -> None:
    password_step(client)
    response = client.post("/aanleveringen/nieuw/", {"partner": "politie"})
    assert response["Location"] == "/inloggen/tweede-factor/"
    assert not Delivery.objects.exists()


def test_the_api_answers_to_its_bearer_token_without_a_second_factor(analyst: User) -> None:
    # given a token of the police's system
    police = Organisation.objects.create(name="Politie (synthetisch)", partner="politie")
    issued = api_token_issue(organisation=police, name="koppeling", issued_by=None)
    # when it reads the deliveries, no login step is in its way
    response = Client().get(
        "/api/aanleveringen/1", headers={"Authorization": f"Bearer {issued.clear}"}
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_the_lockout_refuses_the_right_password_until_the_cool_off_ends(
    client: Client, analyst: User, device: TOTPDevice, settings: Settings
) -> None:
    # given as many wrong passwords as allowed
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": "analist1", "password": "fout"})
    # when the right password is given, it is refused with the lockout page
    response = client.post("/inloggen/", {"username": "analist1", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Daarom is dit account 15 minuten geblokkeerd." in page
    assert "Vraag de beheerder van Regie in je organisatie om de blokkade op te heffen." in page
    assert "_auth_user_id" not in client.session
    # when the cool-off has passed (the attempts are 15 minutes and a second old)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    # then the right password is accepted again
    assert password_step(client) == "/"
    assert client.session["_auth_user_id"] == str(analyst.pk)


def test_one_persons_typos_do_not_block_a_colleague_behind_the_same_address(
    client: Client, analyst: User, device: TOTPDevice, settings: Settings
) -> None:
    # given a colleague who locked their own account from the office's one address
    User.objects.create_user(username="collega", password=PASSWORD, role=Role.ANALYST)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": "collega", "password": "fout"})
    assert client.post("/inloggen/", {"username": "collega", "password": PASSWORD}).status_code == (
        429
    )
    # when the analyst logs in from that same address, they get in
    assert password_step(Client()) == "/"


def test_trying_one_password_on_many_accounts_blocks_the_address(
    analyst: User, device: TOTPDevice, settings: Settings
) -> None:
    # given an address from which wrong passwords were tried on many user names, each
    # fewer times than the lock of a user name, up to the limit of the address
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 12
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [
        attacker.post(
            "/inloggen/", {"username": f"naam{number // 2}", "password": "Zomer2026!"}
        ).status_code
        for number in range(12)
    ]
    # (the twelfth failure itself already answers with the block)
    assert statuses == [200] * 11 + [429]
    # when the right password of a real account is tried from that address
    response = attacker.post("/inloggen/", {"username": "analist1", "password": PASSWORD})
    # then the address is blocked, with its own page, and nobody is logged in
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Te veel pogingen vanaf dit adres</h1>" in page
    assert "Daarom kan vanaf dit adres 15 minuten niemand inloggen." in page
    assert "_auth_user_id" not in attacker.session
    # and the same account still gets in from another address
    assert password_step(Client(REMOTE_ADDR="192.0.2.10")) == "/"
    # and after the cool-off the address may try again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert password_step(attacker) == "/"


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(settings: Settings) -> None:
    from django.test import RequestFactory

    from regie.accounts.lockout import client_address

    # given a request through the proxy, with an address the client made up in front
    request = RequestFactory().post(
        "/inloggen/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.23",
    )
    # then behind a proxy the address is the proxy's last entry, else REMOTE_ADDR
    settings.BEHIND_PROXY = True
    assert client_address(request) == "198.51.100.23"
    settings.BEHIND_PROXY = False
    assert client_address(request) == "10.0.0.2"


def test_an_administrator_lifts_a_lockout(
    client: Client, analyst: User, device: TOTPDevice, settings: Settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": "analist1", "password": "fout"})
    assert client.post(
        "/inloggen/", {"username": "analist1", "password": PASSWORD}
    ).status_code == (429)
    call_command("axes_reset_username", "analist1", stdout=None)
    assert password_step(client) == "/"


def test_wrong_codes_lock_the_account_and_end_the_session(
    client: Client, analyst: User, device: TOTPDevice, settings: Settings
) -> None:
    # given the password step done
    password_step(client)
    code = current_code(device)
    # when wrong codes are typed up to the limit
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/inloggen/tweede-factor/", {"code": wrong(code)})
        assert response.status_code == 200
    response = client.post("/inloggen/tweede-factor/", {"code": wrong(code)})
    # then the last one blocks the account and ends the session
    assert response.status_code == 429
    assert "Account geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and the password no longer gets in, not even with the right code after it
    response = client.post("/inloggen/", {"username": "analist1", "password": PASSWORD})
    assert response.status_code == 429


def test_the_right_code_forgets_earlier_failures(
    client: Client, analyst: User, device: TOTPDevice
) -> None:
    client.post("/inloggen/", {"username": "analist1", "password": "fout"})
    password_step(client)
    client.post("/inloggen/tweede-factor/", {"code": current_code(device)})
    assert not AccessAttempt.objects.exists()


def test_an_unused_session_ends_and_a_used_one_is_extended(
    client: Client, analyst: User, settings: Settings
) -> None:
    # given a logged-in session (both factors)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    two_factor_login(client, analyst)
    key = client.session.session_key
    # when it was last used a minute before its end, a request moves the end forward
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get("/").status_code == 200
    expire_date = Session.objects.get(session_key=key).expire_date
    assert expire_date >= timezone.now() + timedelta(minutes=29)
    # when its end has passed, the next request goes to the login page
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/"


def test_logging_out_ends_the_session(client: Client, analyst: User) -> None:
    two_factor_login(client, analyst)
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/"
    assert client.get("/").status_code == 302


def test_the_login_page_offers_single_sign_on_only_when_it_is_on(
    client: Client, db: None, settings: Settings
) -> None:
    assert "Inloggen via de eigen organisatie" not in client.get("/inloggen/").content.decode()
    assert client.get("/inloggen/organisatie/").status_code == 404
    settings.OIDC_ENABLED = True
    page = client.get("/inloggen/?next=/dossiers/").content.decode()
    assert (
        '<a href="/inloggen/organisatie/?next=/dossiers/">Inloggen via de eigen organisatie</a>'
        in page
    )


def test_every_role_has_a_dutch_name() -> None:
    assert [label for _, label in Role.choices] == [
        "gegevensleverancier partner",
        "uitvoerder interventie (partner)",
        "analist",
        "regisseur",
        "lid expertpanel",
        "programmamanager",
        "functionaris gegevensbescherming",
        "beheerder",
    ]
