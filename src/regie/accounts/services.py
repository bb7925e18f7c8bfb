"""Writing users and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db import transaction

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User

ZVH_NAME: Final = "Zorg- en Veiligheidshuis Amsterdam-Amstelland (demo)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    organisation: str
    partner: str | None
    first_name: str
    last_name: str


#: One synthetic account per role, and a second regisseur at a partner; the partner
#: supplier delivers for the police. Each has a made-up e-mail address and phone number
#: (a regisseur's are printed in the letters).
DEMO_ACCOUNTS: Final = (
    DemoAccount(
        "leverancier", Role.PARTNER_SUPPLIER, "Politie (demo)", "politie", "Pim", "Levering"
    ),
    DemoAccount("analist", Role.ANALYST, ZVH_NAME, None, "Ada", "Analist"),
    DemoAccount("regisseur", Role.REGISSEUR, ZVH_NAME, None, "Rik", "Regisseur"),
    DemoAccount(
        "regisseur2", Role.REGISSEUR, "Reclassering (demo)", "reclassering", "Rosa", "Reclassering"
    ),
    DemoAccount("panel", Role.PANEL_MEMBER, ZVH_NAME, None, "Pia", "Panel"),
    DemoAccount(
        "uitvoerder",
        Role.INTERVENTION_PROVIDER,
        "Reclassering (demo)",
        "reclassering",
        "Uma",
        "Uitvoerder",
    ),
    DemoAccount("programma", Role.PROGRAMME_MANAGER, ZVH_NAME, None, "Pam", "Programma"),
    DemoAccount("privacy", Role.PRIVACY_OFFICER, ZVH_NAME, None, "Fenna", "Gegevens"),
    DemoAccount("beheerder", Role.ADMINISTRATOR, ZVH_NAME, None, "Bas", "Beheer"),
)


@transaction.atomic
def demo_accounts_create(*, password: str) -> list[User]:
    """Create (or reset) the demo accounts, all with ``password``; synthetic people only."""
    users = []
    for account in DEMO_ACCOUNTS:
        organisation, _ = Organisation.objects.get_or_create(
            name=account.organisation, defaults={"partner": account.partner}
        )
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={
                "role": account.role,
                "organisation": organisation,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "is_staff": account.role == Role.ADMINISTRATOR,
                "is_superuser": account.role == Role.ADMINISTRATOR,
                "email": f"{account.username}@regie-demo.example",
                "phone": f"020 555 01 {DEMO_ACCOUNTS.index(account):02d}",
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)
    return users
