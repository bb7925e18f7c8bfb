"""Who may do what with identity resolution. Every view asks here."""

from __future__ import annotations

from enum import StrEnum

from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.identity.models import ReviewPair


class IdentityPermission(StrEnum):
    REVIEW = "review"  # see the review queue, decide pairs, start a linkage run


_ROLES = {IdentityPermission.REVIEW: frozenset({Role.ANALYST})}


def has_permission(user: User, permission: IdentityPermission) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in _ROLES[permission])


def pair_for_user(user: User, pair_id: int) -> ReviewPair:
    """The pair, or 404 for a pair that does not exist and for a user who may not see it."""
    if not has_permission(user, IdentityPermission.REVIEW):
        raise Http404("geen paar")
    try:
        return ReviewPair.objects.select_related("record_l", "record_r", "run").get(pk=pair_id)
    except ReviewPair.DoesNotExist:
        raise Http404("geen paar") from None
