"""Single sign-on through OpenID Connect (mozilla-django-oidc), only when configured.

The organisation's provider vouches for the password; Regie maps the provider's e-mail
claim to one existing, active Regie user, never makes a user, and still asks the second
factor (docs/login.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from regie.accounts.models import User

logger = logging.getLogger(__name__)

NOT_FOUND = (
    "Inloggen via de eigen organisatie is niet gelukt: Regie kent geen (actief) account "
    "met het e-mailadres dat je organisatie doorgeeft. Vraag de beheerder van Regie om "
    "het e-mailadres in je account na te kijken, of log in met je wachtwoord."
)


class RegieOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Maps the e-mail claim to exactly one existing, active user (case-insensitive):
    unknown, inactive or ambiguous addresses get no one in."""

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The id token's signature and nonce (the library), and its audience: a token
        the provider made for another client is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        is_id_token = "nonce" in kwargs
        if (is_id_token or audience is not None) and self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("token for another client")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """An e-mail address is needed; one the provider says is not verified is refused."""
        email = claims.get("email")
        return bool(isinstance(email, str) and email) and claims.get("email_verified") is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = str(claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User | None:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info):
            logger.warning("oidc_login_refused", extra={"reason": "claims"})
            return None
        users = list(self.filter_users_by_claims(user_info)[:2])
        if len(users) != 1:
            reason = "unknown" if not users else "ambiguous"
            logger.warning("oidc_login_refused", extra={"reason": reason})
            return None
        return users[0]

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Regie never makes users from single sign-on")


def oidc_required(request: HttpRequest) -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("Inloggen via de eigen organisatie staat niet aan.")


class RegieOIDCRequestView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """To the organisation's provider; a 404 when single sign-on is off."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        oidc_required(request)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # the library reads its settings when the view is made; they exist only when on
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class RegieOIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Back from the provider: logged in with the password step done (the second factor
    follows), or back at the login page with a message."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        oidc_required(request)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(self.request, NOT_FOUND)
        return HttpResponseRedirect(reverse("login"))
