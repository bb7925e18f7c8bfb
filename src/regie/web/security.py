"""Browser-side hardening that Django 5.2 does not ship: a strict Content-Security-Policy
and a Permissions-Policy on every response, and the deploy check of the static files
folder (docs/production.md).

The policy allows scripts, styles, fonts and fetches from Regie itself only; no inline
``<script>``, ``<style>``, ``style="..."`` or ``on...=`` handler runs, so an injected
fragment of HTML cannot execute or restyle the page. Templates keep their CSS in
``regie/regie.css`` and their scripts in files under ``regie/`` (tests/web/test_csp.py
fails on an inline one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.http import HttpRequest, HttpResponseBase

CONTENT_SECURITY_POLICY: Final = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # data: for the small icons inside Swagger UI's stylesheet
        "font-src 'self'",
        "connect-src 'self'",  # the progress of a running round, Swagger UI's openapi.json
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

# Powerful browser features Regie never uses, switched off for every page and frame.
PERMISSIONS_POLICY: Final = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy and the Permissions-Policy to every response that
    does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


STATIC_DIR_MISSING: Final = CheckWarning(
    "REGIE_STATIC_MAP is niet gezet: de webapplicatie heeft geen map met statische bestanden "
    "(CSS, JavaScript) om uit te serveren.",
    hint="Kies een map, zet REGIE_STATIC_MAP en vul haar met "
    "'regie-beheer collectstatic --no-input' (docs/production.md).",
    id="regie.W001",
)


@register(Tags.staticfiles, deploy=True)
def static_dir_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """check --deploy: production serves /static/ from STATIC_ROOT, so it must be set."""
    return [] if settings.STATIC_ROOT else [STATIC_DIR_MISSING]
