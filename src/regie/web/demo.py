"""The demo: synthetic partner organisations, one account per role, and a synthetic region's
deliveries loaded through the same service as every other delivery."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.db import transaction

from regie.accounts.models import Organisation, User
from regie.accounts.services import DEMO_ACCOUNTS
from regie.deliveries.constants import Channel
from regie.deliveries.services import DeliveryRefused, delivery_receive
from regie.formats.codes import PARTNERS

#: The demo's partner organisations by partner code; the police's is the demo supplier's.
DEMO_ORGANISATIONS: Final = {
    "politie": "Politie (demo)",
    "om": "Openbaar Ministerie (demo)",
    "reclassering": "Reclassering (demo)",
    "jbra": "Jeugdbescherming Regio Amsterdam (demo)",
    "wss": "William Schrikker Stichting (demo)",
    "dji": "Dienst Justitiële Inrichtingen (demo)",
    "gemeente_amsterdam": "Gemeente Amsterdam (demo)",
    "gemeente_amstelveen": "Gemeente Amstelveen (demo)",
    "gemeente_aalsmeer": "Gemeente Aalsmeer (demo)",
    "gemeente_diemen": "Gemeente Diemen (demo)",
    "gemeente_ouder_amstel": "Gemeente Ouder-Amstel (demo)",
    "gemeente_uithoorn": "Gemeente Uithoorn (demo)",
}
assert set(DEMO_ORGANISATIONS) == set(PARTNERS)
assert all(DEMO_ORGANISATIONS[a.partner] == a.organisation for a in DEMO_ACCOUNTS if a.partner)


@dataclass(frozen=True)
class DemoLoad:
    """What became of one partner file of the region."""

    file_name: str
    partner: str
    delivery_id: int
    status: str
    rows: int
    problems: int


@transaction.atomic
def demo_organisations_create() -> list[Organisation]:
    """One organisation per partner code, so that every partner file can be delivered."""
    return [
        Organisation.objects.get_or_create(partner=partner, defaults={"name": name})[0]
        for partner, name in DEMO_ORGANISATIONS.items()
    ]


def demo_region_load(*, folder: Path, delivered_by: User) -> list[DemoLoad]:
    """Deliver every partner file in ``folder`` (``politie.csv``, ..., named by partner
    code) through ``delivery_receive``, each in its own transaction; ``deelnemers.csv``
    and the ground truth are not deliveries and are left alone. A refused file is
    reported, not fatal: the demo shows refusals too."""
    loads = []
    for partner in PARTNERS:
        path = folder / f"{partner}.csv"
        if not path.is_file():
            continue
        try:
            delivery = delivery_receive(
                path=path, partner=partner, delivered_by=delivered_by, channel=Channel.COMMAND_LINE
            )
        except DeliveryRefused as refused:
            delivery = refused.delivery
        loads.append(
            DemoLoad(
                path.name,
                partner,
                delivery.pk,
                delivery.get_status_display(),
                delivery.rows,
                len(delivery.problems),
            )
        )
    return loads
