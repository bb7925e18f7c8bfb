"""Who may see what retention removed. Every view asks here."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from regie.accounts.constants import Role
from regie.accounts.models import User


class RetentionPermission(StrEnum):
    VIEW = "retention.view"  # the retention runs: kind, count, term, when, by whom


ROLE_PERMISSIONS: Final[dict[str, frozenset[RetentionPermission]]] = {
    Role.PRIVACY_OFFICER: frozenset({RetentionPermission.VIEW}),
}


def has_permission(user: User, permission: RetentionPermission) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and permission in ROLE_PERMISSIONS.get(user.role, frozenset())
    )
