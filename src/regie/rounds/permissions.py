"""Who may see and start rounds, and see their outcomes. Every view asks here."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.rounds.models import Round, RoundOutcome


class RoundPermission(StrEnum):
    VIEW = "rounds.view"  # the rounds, their outcomes and every person's explanation
    START = "rounds.start"  # start a round


ROLE_PERMISSIONS: Final[dict[str, frozenset[RoundPermission]]] = {
    Role.ANALYST: frozenset({RoundPermission.VIEW, RoundPermission.START}),
    Role.PROGRAMME_MANAGER: frozenset({RoundPermission.VIEW}),
}


def has_permission(user: User, permission: RoundPermission) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and permission in ROLE_PERMISSIONS.get(user.role, frozenset())
    )


def round_for_user(user: User, round_id: int) -> Round:
    """The round, or the same 404 for "does not exist" and "may not see"."""
    if not has_permission(user, RoundPermission.VIEW):
        raise Http404("geen instroommoment")
    try:
        return Round.objects.select_related("started_by").get(pk=round_id)
    except Round.DoesNotExist:
        raise Http404("geen instroommoment") from None


def outcome_for_user(user: User, round_id: int, outcome_id: int) -> RoundOutcome:
    if not has_permission(user, RoundPermission.VIEW):
        raise Http404("geen uitkomst")
    try:
        return RoundOutcome.objects.select_related("round").get(pk=outcome_id, round_id=round_id)
    except RoundOutcome.DoesNotExist:
        raise Http404("geen uitkomst") from None
