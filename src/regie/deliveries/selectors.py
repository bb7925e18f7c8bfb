"""Reading deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from regie.accounts.models import User
from regie.deliveries.constants import DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.permissions import delivery_scope


def deliveries_current() -> dict[str, Delivery]:
    """Per partner its latest accepted delivery: the one the next round uses.

    A newer delivery replaces the partner's earlier facts for the next round; the earlier
    deliveries stay, for the rounds that used them.
    """
    current: dict[str, Delivery] = {}
    accepted = Delivery.objects.filter(status=DeliveryStatus.ACCEPTED).order_by(
        "partner", "-delivered_at", "-pk"
    )
    for delivery in accepted:
        current.setdefault(delivery.partner, delivery)
    return current


def facts_current() -> QuerySet[Fact]:
    """The facts of the current delivery of every partner."""
    return Fact.objects.filter(delivery__in=[d.pk for d in deliveries_current().values()])


def deliveries_for_user(user: User) -> QuerySet[Delivery]:
    """The deliveries ``user`` may see, newest first (permissions.delivery_scope)."""
    return delivery_scope(user).select_related("delivered_by", "organisation")
