"""Issuing, revoking and checking the API tokens of partner organisations.

A token is ``regie_`` followed by 43 random URL-safe characters (256 bits). Only its
SHA-256 is stored: a leaked database does not leak usable tokens, and a token that is
lost cannot be shown again, only revoked and replaced.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.services import audit_record
from regie.deliveries.models import ApiToken

TOKEN_PREFIX: Final = "regie_"
API_USER_PREFIX: Final = "api-"


class ApiTokenNotAllowed(Exception):
    """The token cannot be issued or revoked; nothing changed."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    clear: str  # the token itself: show it once, it is not stored


def token_sha256(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def api_user_for(organisation: Organisation) -> User:
    """The organisation's API user, made on first use: a data supplier of the organisation
    that can never log in (no usable password). Deliveries through the API name it."""
    assert organisation.partner is not None
    user, created = User.objects.get_or_create(
        username=f"{API_USER_PREFIX}{organisation.partner}",
        defaults={
            "role": Role.PARTNER_SUPPLIER,
            "organisation": organisation,
            "first_name": "API",
            "last_name": organisation.name,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if user.organisation_id != organisation.pk or user.role != Role.PARTNER_SUPPLIER:
        raise ApiTokenNotAllowed(
            f"de gebruiker {user.username} bestaat al, maar is niet de API-gebruiker van "
            f"{organisation}"
        )
    return user


@transaction.atomic
def api_token_issue(
    *, organisation: Organisation, name: str, issued_by: User | None
) -> IssuedToken:
    """Issue a new token for ``organisation``; ``issued_by`` None is the system operator
    at the command line. The clear token is returned once and never stored."""
    if organisation.partner is None:
        raise ApiTokenNotAllowed(f"{organisation} heeft geen partnercode en levert niet aan")
    if issued_by is not None and issued_by.role != Role.ADMINISTRATOR:
        raise ApiTokenNotAllowed(f"{issued_by.username} is geen beheerder")
    if not name.strip():
        raise ApiTokenNotAllowed("geef de token een naam")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        token_sha256=token_sha256(clear),
        acts_as=api_user_for(organisation),
        created_by=issued_by,
    )
    audit_record(
        actor=issued_by,
        action="api_token_issued",
        subject=token,
        organisation=organisation.pk,
        name=token.name,
    )
    return IssuedToken(token, clear)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User | None) -> ApiToken:
    """Revoke ``token``: from now on it is refused. Revoking twice is refused."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        when = timezone.localtime(token.revoked_at).strftime("%d-%m-%Y %H:%M")
        raise ApiTokenNotAllowed(f"token {token.pk} is al ingetrokken op {when}")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=revoked_by, action="api_token_revoked", subject=token, name=token.name)
    return token


def api_token_authenticate(clear: str) -> ApiToken | None:
    """The valid (not revoked) token ``clear`` stands for, its use recorded; else None."""
    if not clear.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("organisation", "acts_as")
        .filter(token_sha256=token_sha256(clear), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
