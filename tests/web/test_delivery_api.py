"""The delivery API: a partner's system delivers with its bearer token, never with a session."""

from __future__ import annotations

import json
from typing import Any

import pytest
from deliverykit import BAD_CSV, BAD_PROBLEMS, GOOD_CSV, HEADER, organisation_make, user_make
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import ApiToken, Delivery, Fact
from regie.deliveries.tokens import IssuedToken, api_token_issue, api_token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def police() -> Organisation:
    return organisation_make("politie")


@pytest.fixture
def issued(police: Organisation) -> IssuedToken:
    return api_token_issue(organisation=police, name="koppeling politie", issued_by=None)


def bearer(issued: IssuedToken) -> dict[str, str]:
    return {"Authorization": f"Bearer {issued.clear}"}


def post_file(client: Client, name: str, text: str, headers: dict[str, str]) -> Any:
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/api/aanleveringen", {"bestand": file}, headers=headers)


def test_a_good_file_is_accepted_as_the_organisations_api_user(
    client: Client, issued: IssuedToken
) -> None:
    # when the police's system posts a good file with its token
    response = post_file(client, "politie.csv", GOOD_CSV, bearer(issued))
    # then it is accepted, delivered by the police's API user through the API
    delivery = Delivery.objects.get()
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": delivery.pk,
        "status": "accepted",
        "bron": "politie",
        "bestand": "politie.csv",
        "rijen": 2,
        "sha256": delivery.sha256,
        "kanaal": "api",
        "geleverd_op": body["geleverd_op"],
        "aantal_problemen": 0,
        "problemen": [],
    }
    assert (delivery.channel, delivery.delivered_by.username) == (Channel.API, "api-politie")
    assert delivery.delivered_by == issued.token.acts_as
    assert Fact.objects.count() == 2
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_a_refused_file_gives_422_with_every_problem(client: Client, issued: IssuedToken) -> None:
    response = post_file(client, "politie.csv", BAD_CSV, bearer(issued))
    assert response.status_code == 422
    body = response.json()
    assert (body["status"], body["aantal_problemen"]) == ("refused", 5)
    assert body["problemen"] == [
        {"regel": line, "kolom": column, "melding": message}
        for line, column, message in BAD_PROBLEMS
    ]
    assert Fact.objects.count() == 0
    assert Delivery.objects.get().status == DeliveryStatus.REFUSED


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer regie_onbekend", "Bearer ", "Basic cmVnaWU6cmVnaWU=", "regie_zonder_schema"],
)
def test_a_missing_or_unknown_token_gives_401_and_changes_nothing(
    client: Client, issued: IssuedToken, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = post_file(client, "politie.csv", GOOD_CSV, headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="regie"'
    assert response.json() == {
        "detail": "geen geldige API-token: stuur 'Authorization: Bearer <token>'"
    }
    assert Delivery.objects.count() == 0
    assert client.get("/api/aanleveringen/1", headers=headers).status_code == 401


def test_a_revoked_token_gives_401(client: Client, issued: IssuedToken) -> None:
    api_token_revoke(token=issued.token, revoked_by=None)
    response = post_file(client, "politie.csv", GOOD_CSV, bearer(issued))
    assert response.status_code == 401
    assert Delivery.objects.count() == 0


def test_a_browser_session_does_not_open_the_api(client: Client, police: Organisation) -> None:
    # given a supplier logged in to the website
    two_factor_login(client, user_make("leverancier", Role.PARTNER_SUPPLIER, police))
    # when the API is called with the session cookie only, then it is refused
    response = post_file(client, "politie.csv", GOOD_CSV, {})
    assert response.status_code == 401
    assert Delivery.objects.count() == 0


def test_the_token_is_enough_without_a_csrf_token(issued: IssuedToken) -> None:
    client = Client(enforce_csrf_checks=True)
    response = post_file(client, "politie.csv", GOOD_CSV, bearer(issued))
    assert response.status_code == 201


def test_a_delivery_reads_back_with_its_problems_only_for_its_organisation(
    client: Client, issued: IssuedToken
) -> None:
    # given a refused delivery of the police, and a token of the prosecution service
    post_file(client, "politie.csv", BAD_CSV, bearer(issued))
    delivery = Delivery.objects.get()
    other = api_token_issue(organisation=organisation_make("om"), name="om", issued_by=None)
    # when the police read it back, then they get its status and every problem, audited
    response = client.get(f"/api/aanleveringen/{delivery.pk}", headers=bearer(issued))
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert len(response.json()["problemen"]) == 5
    event = AuditEvent.objects.get(action="delivery_report_viewed")
    assert (event.actor, event.subject_id, event.detail) == (
        issued.token.acts_as,
        str(delivery.pk),
        {"channel": "api"},
    )
    # and the prosecution service gets the same 404 as for a delivery that does not exist
    response = client.get(f"/api/aanleveringen/{delivery.pk}", headers=bearer(other))
    assert (response.status_code, response.json()) == (404, {"detail": "aanlevering niet gevonden"})
    assert client.get("/api/aanleveringen/999999", headers=bearer(other)).status_code == 404


def test_a_request_without_a_file_gives_400(client: Client, issued: IssuedToken) -> None:
    response = client.post("/api/aanleveringen", {}, headers=bearer(issued))
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "stuur het bestand als multipart-veld 'bestand'"},
    )
    assert Delivery.objects.count() == 0


def test_a_file_above_the_size_limit_gives_413(
    client: Client, issued: IssuedToken, settings: Settings
) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = post_file(client, "politie.csv", HEADER + "#" * (1024 * 1024), bearer(issued))
    assert response.status_code == 413
    assert response.json() == {"detail": "het bestand is groter dan 1 MB en is niet opgeslagen"}
    assert Delivery.objects.count() == 0


def test_the_api_is_described_in_openapi_and_documented_without_a_cdn(client: Client) -> None:
    description = json.loads(client.get("/api/openapi.json").content)
    assert sorted(description["paths"]) == [
        "/api/aanleveringen",
        "/api/aanleveringen/{delivery_id}",
    ]
    assert description["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"}
    }
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_only_the_token_hash_is_stored(issued: IssuedToken) -> None:
    stored = {str(v) for row in ApiToken.objects.values_list() for v in row}
    assert issued.clear not in stored
    assert issued.clear.startswith("regie_")
    assert len(issued.clear) == len("regie_") + 43


def test_the_api_user_cannot_log_in(issued: IssuedToken) -> None:
    user: User = issued.token.acts_as
    assert (user.username, user.role, user.has_usable_password()) == (
        "api-politie",
        Role.PARTNER_SUPPLIER,
        False,
    )
