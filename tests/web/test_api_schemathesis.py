"""The API against its own OpenAPI description (/api/openapi.json), with schemathesis.

Every operation gets generated requests, valid ones and invalid ones (negative mode), once
with a valid bearer token of a partner organisation and once without a token. No request
may give a server error, and every response must be one the description lists, with a
body that matches it. Generation is derandomised, so CI sees the same cases every run;
the counts are asserted so that the figures reported for the API are real.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from typing import Any, Final

import pytest
import schemathesis
from deliverykit import GOOD_CSV, organisation_make
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from regie.deliveries.models import Delivery
from regie.deliveries.tokens import IssuedToken, api_token_issue

pytestmark = pytest.mark.django_db

POST: Final = "POST /api/aanleveringen"
GET: Final = "GET /api/aanleveringen/{delivery_id}"
#: Generated cases per operation, generation mode and authentication: 2 operations x
#: 2 modes x 2 (with and without a token) x 50 = 400 generated cases in all.
EXAMPLES: Final = 50
CHECKS: Final = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, and the
    test's transaction lives on it; Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def issued() -> IssuedToken:
    police = organisation_make("politie")
    return api_token_issue(organisation=police, name="koppeling politie", issued_by=None)


def _bearer(issued: IssuedToken) -> dict[str, str]:
    return {"Authorization": f"Bearer {issued.clear}"}


def _operations() -> dict[str, Any]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation the description gets wrong
        operations[result.ok().label] = result.ok()
    return operations


def _run(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> Counter[int]:
    """Send the generated cases of ``operation`` and check each response; their statuses."""
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case: Any) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    send()
    return statuses


def test_the_openapi_description_has_the_two_delivery_operations() -> None:
    assert sorted(_operations()) == [GET, POST]


def test_generated_valid_requests_with_a_partner_token(issued: IssuedToken) -> None:
    # given the police's token
    headers = _bearer(issued)
    # when every operation gets 50 generated valid requests
    results = {
        label: _run(op, GenerationMode.POSITIVE, headers) for label, op in _operations().items()
    }
    # then each was answered as described: random bytes are no delivery file (400), and
    # random ids are no delivery of the police (404); nothing was stored
    assert results == {POST: Counter({400: EXAMPLES}), GET: Counter({404: EXAMPLES})}
    assert Delivery.objects.count() == 0


def test_generated_invalid_requests_with_a_partner_token(issued: IssuedToken) -> None:
    headers = _bearer(issued)
    results = {
        label: _run(op, GenerationMode.NEGATIVE, headers) for label, op in _operations().items()
    }
    # invalid requests are refused as described: an unreadable id 422, a header that
    # schemathesis broke 401, never a server error
    assert {label: sum(found.values()) for label, found in results.items()} == {
        POST: EXAMPLES,
        GET: EXAMPLES,
    }
    assert {label: set(found) for label, found in results.items()} == {
        POST: {400, 401},
        GET: {401, 404, 422},
    }


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_without_a_token_are_refused_with_401(mode: GenerationMode) -> None:
    results = {label: _run(op, mode, {}) for label, op in _operations().items()}
    assert {label: sum(found.values()) for label, found in results.items()} == {
        POST: EXAMPLES,
        GET: EXAMPLES,
    }
    statuses = {status for found in results.values() for status in found}
    assert statuses == {401}
    assert Delivery.objects.count() == 0


FILE_NAMES: Final = ("politie.csv", "politie.xlsx", "politie.parquet")


def test_generated_file_contents_sent_as_files_give_no_server_error(issued: IssuedToken) -> None:
    """The generated bytes of ``bestand`` sent as a real file, under each file format's
    name, so that the readers of CSV, XLSX and Parquet get them too."""
    operation = _operations()[POST]
    headers = _bearer(issued)
    client = WerkzeugClient(get_wsgi_application())
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def send(case: Any) -> None:
        content = case.body.get("bestand") if isinstance(case.body, dict) else None
        data = content if isinstance(content, bytes) else str(content or "").encode()
        for name in FILE_NAMES:
            response = client.post(
                "/api/aanleveringen",
                data={"bestand": (BytesIO(data), name, "application/octet-stream")},
                headers=headers,
            )
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)

    send()
    # every file was read and refused as described (400: not readable, 422: its rows are
    # wrong), none gave a server error
    assert sum(statuses.values()) == EXAMPLES * len(FILE_NAMES)
    assert statuses == Counter({400: 105, 422: 45})


def test_a_good_file_and_reading_it_back_match_the_description(issued: IssuedToken) -> None:
    """The answers with a delivery in the body (201, 200) checked against the description
    too. The generated POSTs above never carry a file: the description gives ``bestand``
    as "binary or null", and schemathesis sends such a field without a file name, which
    the server reads as a form field (so they all get "stuur het bestand" 400)."""
    operations = _operations()
    headers = _bearer(issued)
    upload = operations[POST].Case(media_type="multipart/form-data")
    posted = WerkzeugClient(get_wsgi_application()).post(
        "/api/aanleveringen",
        data={"bestand": (BytesIO(GOOD_CSV.encode()), "politie.csv", "text/csv")},
        headers=headers,
    )
    upload.validate_response(posted, checks=CHECKS, headers=headers)
    assert posted.status_code == 201
    delivery = Delivery.objects.get()

    read = operations[GET].Case(path_parameters={"delivery_id": delivery.pk})
    response = read.call(headers=headers)
    read.validate_response(response, checks=CHECKS, headers=headers)
    assert response.status_code == 200
    assert response.json()["id"] == delivery.pk
