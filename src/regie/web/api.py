"""The API at /api/: its OpenAPI description at /api/openapi.json, documentation at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from regie.deliveries.api import router as deliveries_router

api = NinjaAPI(
    title="Regie API",
    version="1",
    description=(
        "Aanleveren door partners. Elke aanroep draagt `Authorization: Bearer <token>` met "
        "een API-token van de eigen organisatie (uitgegeven door een beheerder met "
        "`regie-beheer api_token`). Een sessie van de website geeft geen toegang."
    ),
    urls_namespace="api",
)
api.add_router("/", deliveries_router)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "geen geldige API-token: stuur 'Authorization: Bearer <token>'"},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="regie"'
    return response
