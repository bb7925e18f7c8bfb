"""Who may deliver and whose deliveries a user may see. Every view calls these."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.deliveries.models import Delivery


class DeliveryPermission(StrEnum):
    DELIVER = "deliveries.deliver"  # upload, and see the own organisation's deliveries
    VIEW_ALL = "deliveries.view_all"  # see every organisation's deliveries, deliver for any


ROLE_PERMISSIONS: Final[dict[str, frozenset[DeliveryPermission]]] = {
    Role.PARTNER_SUPPLIER: frozenset({DeliveryPermission.DELIVER}),
    Role.ADMINISTRATOR: frozenset({DeliveryPermission.DELIVER, DeliveryPermission.VIEW_ALL}),
}


def has_permission(user: User, permission: DeliveryPermission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS.get(user.role, frozenset())


def deliver_check(user: User) -> None:
    """Raise 403 unless ``user`` may deliver (a partner's data supplier, an administrator)."""
    if not has_permission(user, DeliveryPermission.DELIVER):
        raise PermissionDenied("alleen gegevensleveranciers en beheerders leveren aan")


def delivery_scope(user: User) -> QuerySet[Delivery]:
    """The deliveries ``user`` may see: all for an administrator, the own organisation's for
    a data supplier, none for anyone else."""
    if has_permission(user, DeliveryPermission.VIEW_ALL):
        return Delivery.objects.all()
    if has_permission(user, DeliveryPermission.DELIVER) and user.organisation_id is not None:
        return Delivery.objects.filter(organisation_id=user.organisation_id)
    return Delivery.objects.none()


def delivery_for_user(user: User, delivery_id: int) -> Delivery:
    """The delivery, if ``user`` may see it; the same 404 for "does not exist" and "not yours"."""
    deliver_check(user)
    try:
        return (
            delivery_scope(user).select_related("delivered_by", "organisation").get(pk=delivery_id)
        )
    except Delivery.DoesNotExist:
        raise Http404("aanlevering niet gevonden") from None
