"""Organisations (the partners and the Zorg- en Veiligheidshuis itself) and their users."""
# The django-stubs plugin follows the TOTP device's relation to User into django-otp,
# which has no type information.

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from regie.accounts.constants import Role
from regie.formats.codes import PARTNERS

PARTNER_CHOICES = [(code, code) for code in PARTNERS]


class Organisation(models.Model):
    name = models.CharField("naam", max_length=200, unique=True)
    partner = models.CharField(
        "partnercode",
        max_length=40,
        choices=PARTNER_CHOICES,
        unique=True,
        null=True,
        blank=True,
        help_text="de bron-code in het leverformaat, voor een organisatie die levert",
    )

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField("rol", max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="organisatie",
        null=True,
    )
    phone = models.CharField(
        "telefoon",
        max_length=30,
        blank=True,
        help_text="het nummer waarop een regisseur bereikbaar is; staat in de brieven",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values) | models.Q(is_superuser=True),
                name="user_role_known",
            ),
        ]
