"""A linkage run, the identity records it found, the pairs for review and the decisions.

Records are identified by a hash of their identity (BSN pseudonym, names, date of birth),
so a decision about a pair of records holds in every later run that sees them again.
No clear BSN is stored anywhere: ``bsn_pseudonym`` is the keyed pseudonym of the facts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.identity.constants import PairStatus


class LinkageRun(models.Model):
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="linkage_runs"
    )
    started_at = models.DateTimeField("gestart", auto_now_add=True)
    finished_at = models.DateTimeField("klaar", null=True)
    delivery_ids = models.JSONField("gebruikte aanleveringen", default=list)
    parameters = models.JSONField("instellingen", default=dict)
    figures = models.JSONField("aantallen", default=dict)
    receipt = models.JSONField("verantwoording", default=dict)

    class Meta:
        verbose_name = "koppelronde"
        verbose_name_plural = "koppelrondes"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"koppelronde {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"


class IdentityRecord(models.Model):
    """One distinct identity as delivered, and the person the latest run put it in."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="records")
    record_id = models.CharField(max_length=24)
    bsn_pseudonym = models.CharField(max_length=64, null=True)
    achternaam = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=50, null=True)
    voornamen = models.CharField(max_length=200)
    geboortedatum = models.DateField()
    gemeente = models.CharField(max_length=40, null=True)
    rows = models.PositiveIntegerField("rijen")
    partners = models.JSONField("rijen per partner", default=dict)
    person_key = models.CharField("persoon", max_length=64, db_index=True)

    class Meta:
        verbose_name = "identiteitsrecord"
        verbose_name_plural = "identiteitsrecords"
        constraints = [
            models.UniqueConstraint(fields=["run", "record_id"], name="record_once_per_run")
        ]

    def __str__(self) -> str:
        prefix = f"{self.tussenvoegsel} " if self.tussenvoegsel else ""
        return f"{self.voornamen} {prefix}{self.achternaam} ({self.geboortedatum:%d-%m-%Y})"


class ReviewPair(models.Model):
    """A pair of records that an analyst must decide on: both sides, the weight, the why."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    record_l = models.ForeignKey(
        IdentityRecord, on_delete=models.CASCADE, related_name="pairs_as_left"
    )
    record_r = models.ForeignKey(
        IdentityRecord, on_delete=models.CASCADE, related_name="pairs_as_right"
    )
    match_weight = models.FloatField("matchgewicht")
    match_probability = models.FloatField("kans op dezelfde persoon")
    prior_weight = models.FloatField("startpunt")
    comparisons = models.JSONField("vergelijkingen", default=list)
    reason = models.CharField("reden", max_length=200)
    status = models.CharField(max_length=20, choices=PairStatus.choices, default=PairStatus.OPEN)

    class Meta:
        verbose_name = "te beoordelen paar"
        verbose_name_plural = "te beoordelen paren"
        ordering = ["-match_weight", "pk"]


class PairDecision(models.Model):
    """An analyst's decision on a pair of records; every later run applies it."""

    record_l = models.CharField(max_length=24)
    record_r = models.CharField(max_length=24)
    is_link = models.BooleanField("zelfde persoon")
    note = models.TextField("toelichting", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pair_decisions"
    )
    decided_at = models.DateTimeField("besloten op", auto_now_add=True)
    pair = models.ForeignKey(ReviewPair, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "besluit over een paar"
        verbose_name_plural = "besluiten over paren"
        constraints = [
            models.UniqueConstraint(fields=["record_l", "record_r"], name="one_decision_per_pair"),
            models.CheckConstraint(
                condition=models.Q(record_l__lt=models.F("record_r")), name="pair_in_order"
            ),
        ]
