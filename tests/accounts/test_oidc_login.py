"""Single sign-on through OpenID Connect, end to end against a tiny provider served from
the test (a thread with http.server, an RSA key from cryptography, id tokens signed with
PyJWT): the provider's e-mail claim finds one existing, active user; anyone else is
refused; the second factor still follows."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from jwt.algorithms import RSAAlgorithm
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.oidc import NOT_FOUND
from regie.accounts.testing import current_code, totp_device_for

pytestmark = pytest.mark.django_db

CLIENT_ID = "regie-synthetisch"
CLIENT_SECRET = "synthetisch-client-geheim"
KEY_ID = "sleutel-1"


@dataclass
class Provider:
    """What the provider knows: its key, and per code the nonce and claims of a login."""

    url: str
    key: rsa.RSAPrivateKey
    logins: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    audience: str = CLIENT_ID

    def id_token(self, nonce: str, claims: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {
            "iss": self.url,
            "sub": "medewerker-1",
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KEY_ID})


def handler_for(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/jwks":
                jwk = RSAAlgorithm.to_jwk(provider.key.public_key(), as_dict=True)
                self.answer(200, {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]})
            elif path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.tokens.get(token)
                self.answer(200 if claims else 401, claims or {"error": "invalid_token"})
            else:
                self.answer(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            code = form.get("code", [""])[0]
            if (
                form.get("client_id") != [CLIENT_ID]
                or form.get("client_secret") != [CLIENT_SECRET]
                or code not in provider.logins
            ):
                self.answer(400, {"error": "invalid_grant"})
                return
            nonce, claims = provider.logins.pop(code)
            access_token = secrets.token_urlsafe(16)
            provider.tokens[access_token] = {"sub": "medewerker-1", **claims}
            self.answer(
                200,
                {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "id_token": provider.id_token(nonce, claims),
                },
            )

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test's output is the test's."""

    return Handler


@pytest.fixture
def provider(settings: Settings) -> Iterator[Provider]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    state = Provider(url=url, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    server.RequestHandlerClass = handler_for(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # the settings Regie derives from REGIE_OIDC_* when all six are given
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "regie.accounts.oidc.RegieOIDCBackend",
    ]
    yield state
    server.shutdown()
    server.server_close()


def user_make(username: str, email: str, *, is_active: bool = True) -> User:
    organisation, _ = Organisation.objects.get_or_create(name="ZVH (synthetisch)")
    return User.objects.create_user(
        username=username,
        email=email,
        role=Role.REGISSEUR,
        organisation=organisation,
        first_name=username.capitalize(),
        last_name="Synthetisch",
        is_active=is_active,
    )


def sign_on(client: Client, provider: Provider, claims: dict[str, Any]) -> Any:
    """The browser's round trip: Regie sends it to the provider, the employee logs in
    there (the provider gives a code for ``claims``), and the browser comes back."""
    response = client.get("/inloggen/organisatie/")
    assert response.status_code == 302
    sent_to = urlsplit(response["Location"])
    assert f"{sent_to.scheme}://{sent_to.netloc}{sent_to.path}" == f"{provider.url}/authorize"
    query = {name: values[0] for name, values in parse_qs(sent_to.query).items()}
    assert (query["client_id"], query["response_type"], query["scope"]) == (
        CLIENT_ID,
        "code",
        "openid email",
    )
    assert query["code_challenge_method"] == "S256"
    code = secrets.token_urlsafe(8)
    provider.logins[code] = (query["nonce"], claims)
    return client.get("/inloggen/organisatie/terug/", {"code": code, "state": query["state"]})


def test_the_e_mail_claim_logs_in_its_user_and_the_second_factor_follows(
    client: Client, provider: Provider
) -> None:
    # given a regisseur known by e-mail address (other capitals), with an app
    regisseur = user_make("rik", "Rik.Regisseur@ZVH.example")
    device = totp_device_for(regisseur)
    # when they sign on at their organisation, which vouches for the address
    response = sign_on(
        client, provider, {"email": "rik.regisseur@zvh.example", "email_verified": True}
    )
    # then Regie knows who they are, but asks the code before any page
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(regisseur.pk)
    assert client.get(response["Location"])["Location"] == "/inloggen/tweede-factor/?next=%2F"
    client.post("/inloggen/tweede-factor/", {"code": current_code(device)})
    assert "Welkom, Rik Synthetisch" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"email": "onbekend@zvh.example"}, "no user has the address"),
        ({"email": "inactief@zvh.example"}, "the user is no longer active"),
        ({"email": "dubbel@zvh.example"}, "two users have the address"),
        ({"email": "rik@zvh.example", "email_verified": False}, "the address is not verified"),
        ({}, "the provider gives no address"),
    ],
)
def test_anyone_but_one_active_user_is_refused_and_no_user_is_made(
    client: Client, provider: Provider, claims: dict[str, Any], why: str
) -> None:
    # given the users of the region
    user_make("rik", "rik@zvh.example")
    user_make("oud", "inactief@zvh.example", is_active=False)
    user_make("dubbel1", "dubbel@zvh.example")
    user_make("dubbel2", "DUBBEL@zvh.example")
    # when someone signs on with these claims
    response = sign_on(client, provider, claims)
    # then they are back at the login page with the reason, logged in as no one
    assert response.status_code == 302, why
    assert response["Location"] == "/inloggen/"
    assert "_auth_user_id" not in client.session
    assert NOT_FOUND in client.get("/inloggen/").content.decode()
    assert User.objects.count() == 4


def test_an_id_token_made_for_another_client_is_refused(client: Client, provider: Provider) -> None:
    user_make("rik", "rik@zvh.example")
    provider.audience = "een-andere-applicatie"
    response = sign_on(client, provider, {"email": "rik@zvh.example"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_when_single_sign_on_is_off_its_pages_do_not_exist(client: Client) -> None:
    assert client.get("/inloggen/organisatie/").status_code == 404
    assert client.get("/inloggen/organisatie/terug/", {"code": "x", "state": "y"}).status_code == (
        404
    )
