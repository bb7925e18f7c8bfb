"""The delivery API: a partner's system uploads a file and reads back its status.

Authenticated only by a bearer token of the partner organisation (``tokens.py``); the
API never reads the session cookie, so it needs no CSRF token and a browser session
cannot call it. Requests act as the organisation's API user (docs/api.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from regie.deliveries.constants import Channel
from regie.deliveries.models import ApiToken, Delivery
from regie.deliveries.reports import delivery_view_record
from regie.deliveries.services import DeliveryNotAllowed, DeliveryRefused
from regie.deliveries.tokens import api_token_authenticate
from regie.deliveries.uploads import (
    UploadRefused,
    delivery_receive_upload,
    upload_max_megabytes,
    upload_too_large,
)


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer regie_...``; the request's ``auth`` is the ApiToken."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        # HttpBearer logs a malformed header in DEBUG; a header may hold a token: never log it
        scheme, _, value = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not value.strip():
            return None
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(token)


class ProblemOut(Schema):
    regel: int | None
    kolom: str | None
    melding: str


class DeliveryOut(Schema):
    id: int
    status: str
    bron: str
    bestand: str
    rijen: int
    sha256: str
    kanaal: str
    geleverd_op: datetime
    aantal_problemen: int
    problemen: list[ProblemOut]


class MessageOut(Schema):
    detail: str


class InvalidRequestOut(Schema):
    """django-ninja's answer to a request it cannot read (an id that is not a number)."""

    detail: list[dict[str, Any]]


def delivery_out(delivery: Delivery) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.pk,
        status=delivery.status,
        bron=delivery.partner,
        bestand=delivery.file_name,
        rijen=delivery.rows,
        sha256=delivery.sha256,
        kanaal=delivery.channel,
        geleverd_op=delivery.delivered_at,
        aantal_problemen=len(delivery.problems),
        problemen=[ProblemOut(**problem) for problem in delivery.problems],
    )


def _token(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)  # the router's auth ran first
    return token


router = Router(auth=ApiTokenAuth(), tags=["aanleveringen"])


@router.post(
    "/aanleveringen",
    response={
        201: DeliveryOut,
        400: MessageOut,
        401: MessageOut,  # no valid token (regie.web.api.unauthorised)
        403: MessageOut,
        413: MessageOut,
        422: DeliveryOut,
    },
    summary="Lever een bestand aan",
    description=(
        "Eén bestand in het aanleverformaat (CSV, XLSX of Parquet) als multipart-veld "
        "`bestand`; de bron is de partnercode van de organisatie van de token. 201: "
        "geaccepteerd. 422: helemaal geweigerd, met elk probleem (regel, kolom, melding); "
        "er is niets opgeslagen."
    ),
)
def delivery_post(
    request: HttpRequest, bestand: File[UploadedFile | None] = None
) -> Status[DeliveryOut | MessageOut]:
    token = _token(request)
    if upload_too_large(request):
        return Status(
            413,
            MessageOut(
                detail=f"het bestand is groter dan {upload_max_megabytes()} MB "
                "en is niet opgeslagen"
            ),
        )
    if bestand is None:
        return Status(400, MessageOut(detail="stuur het bestand als multipart-veld 'bestand'"))
    partner = token.organisation.partner
    if partner is None:
        return Status(403, MessageOut(detail=f"{token.organisation} heeft geen partnercode"))
    try:
        delivery = delivery_receive_upload(
            upload=bestand, partner=partner, delivered_by=token.acts_as, channel=Channel.API
        )
    except UploadRefused as exc:
        return Status(400, MessageOut(detail=str(exc)))
    except DeliveryNotAllowed as exc:
        return Status(403, MessageOut(detail=str(exc)))
    except DeliveryRefused as refused:
        return Status(422, delivery_out(refused.delivery))
    return Status(201, delivery_out(delivery))


@router.get(
    "/aanleveringen/{delivery_id}",
    response={200: DeliveryOut, 401: MessageOut, 404: MessageOut, 422: InvalidRequestOut},
    summary="Status en problemen van een aanlevering",
    description="Alleen aanleveringen van de eigen organisatie; een andere geeft 404.",
)
def delivery_get(request: HttpRequest, delivery_id: int) -> Status[DeliveryOut | MessageOut]:
    token = _token(request)
    delivery = (
        Delivery.objects.filter(organisation=token.organisation, pk=delivery_id)
        .select_related("delivered_by")
        .first()
    )
    if delivery is None:
        return Status(404, MessageOut(detail="aanlevering niet gevonden"))
    delivery_view_record(delivery=delivery, viewed_by=token.acts_as, channel=Channel.API)
    return Status(200, delivery_out(delivery))
