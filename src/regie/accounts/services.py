"""Writing users and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.constants import SECOND_FACTOR_ENROLLED, SECOND_FACTOR_RESET, Role
from regie.accounts.models import Organisation, User
from regie.audit.services import audit_record

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


#: The name of a user's TOTP device (one per user), as the admin shows it.
TOTP_DEVICE_NAME: Final = "Authenticator-app"


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device ``user`` enrols with: the one started earlier (so that
    the QR code stays the same when the page is opened again), or a new one with a new
    random key. A confirmed device is never returned here."""
    User.objects.select_for_update().get(pk=user.pk)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm ``device`` when ``code`` is its current code; the user's other devices go.
    Returns whether it was confirmed (a wrong code counts towards the device's throttle)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    audit_record(
        actor=device.user, action=SECOND_FACTOR_ENROLLED, subject=device.user, device=device.pk
    )
    return True


@transaction.atomic
def second_factor_reset(*, user: User, reset_by: User | None) -> int:
    """Remove every TOTP device of ``user`` (a lost phone): at the next login they enrol a
    new one. ``reset_by`` is the administrator (None: at the command line). Returns how
    many devices were removed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    audit_record(actor=reset_by, action=SECOND_FACTOR_RESET, subject=user, removed=removed)
    return removed
