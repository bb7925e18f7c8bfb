"""A delivery (aanlevering) and the facts it brought. Facts carry a BSN pseudonym, never a BSN."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.accounts.models import PARTNER_CHOICES, Organisation
from regie.deliveries.constants import Channel, DeliveryStatus


class Delivery(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deliveries"
    )
    partner = models.CharField("bron", max_length=40, choices=PARTNER_CHOICES)
    file_name = models.CharField("bestand", max_length=255)
    sha256 = models.CharField("SHA-256 van het bestand", max_length=64)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    channel = models.CharField("kanaal", max_length=20, choices=Channel.choices)
    rows = models.PositiveIntegerField("rijen")
    problems = models.JSONField("problemen", default=list)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_at = models.DateTimeField("geleverd op", auto_now_add=True)

    class Meta:
        verbose_name = "aanlevering"
        verbose_name_plural = "aanleveringen"
        ordering = ["-delivered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "sha256"],
                condition=models.Q(status="accepted"),
                name="delivery_file_once_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.file_name} ({self.get_status_display()})"


class Fact(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="facts")
    line = models.PositiveIntegerField("regel")
    bron = models.CharField(max_length=40)
    bron_id = models.CharField(max_length=100)
    bsn_pseudonym = models.CharField(max_length=64, null=True, db_index=True)
    achternaam = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=50, null=True)
    voornamen = models.CharField(max_length=200)
    geboortedatum = models.DateField()
    soort = models.CharField(max_length=40)
    datum = models.DateField()
    einddatum = models.DateField(null=True)
    categorie = models.CharField(max_length=100, null=True)
    detail = models.CharField(max_length=200, null=True)

    class Meta:
        verbose_name = "feit"
        verbose_name_plural = "feiten"
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "bron_id"], name="fact_id_once_per_delivery"
            )
        ]


class ApiToken(models.Model):
    """A bearer token with which a partner's system delivers through the API.

    Only the SHA-256 of the token is stored; the token itself is shown once, when issued.
    Requests made with it act as the organisation's API user (``acts_as``), a system user
    that delivers for the organisation and cannot log in (docs/api.md).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name="organisatie",
    )
    name = models.CharField("naam", max_length=100)
    token_sha256 = models.CharField("SHA-256 van de token", max_length=64, unique=True)
    acts_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens_acted_for",
        verbose_name="handelt als",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens_created",
        verbose_name="uitgegeven door",
        null=True,
    )
    created_at = models.DateTimeField("uitgegeven op", auto_now_add=True)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField("laatst gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"
        ordering = ["organisation", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name}"
