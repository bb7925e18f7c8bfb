"""Who may use the privacy pages: only the privacy officer (functionaris gegevensbescherming).

Everyone else gets the same 404 as for a page that does not exist, as the rounds do for
a role that may not see them: the pages hold everything about a person.
"""

from __future__ import annotations

from enum import Enum

from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User


class PrivacyPermission(Enum):
    ACCESS_REQUEST = "access_request"  # find a person and produce their access request
    RIGHTS_REQUEST = "rights_request"  # record a correction or objection, and its decision
    AUDIT_LOG = "audit_log"  # read the access log, export it, check its hash chain


_ROLES: dict[PrivacyPermission, frozenset[str]] = {
    PrivacyPermission.ACCESS_REQUEST: frozenset({Role.PRIVACY_OFFICER}),
    PrivacyPermission.RIGHTS_REQUEST: frozenset({Role.PRIVACY_OFFICER}),
    PrivacyPermission.AUDIT_LOG: frozenset({Role.PRIVACY_OFFICER}),
}


def has_permission(user: User, permission: PrivacyPermission) -> bool:
    return user.is_active and user.role in _ROLES[permission]


def privacy_check(user: User, permission: PrivacyPermission) -> None:
    """The same 404 as a page that does not exist, for everyone but the privacy officer."""
    if not has_permission(user, permission):
        raise Http404("pagina niet gevonden")
