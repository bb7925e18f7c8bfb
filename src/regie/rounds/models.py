"""A selection round (instroommoment) and its outcomes. A finished round never changes.

The round keeps what is needed to replay it: the deliveries used, the links between
identity records that the linkage had made (:attr:`Round.identity_links`), the
participants at the start, the regeling files' hashes and the engine. Replaying gives
the same outcomes; :attr:`Round.outcomes_sha256` is their fingerprint.

One sanctioned path removes outcomes of a finished round: retention
(:mod:`regie.retention.services`) deletes the outcomes of persons not selected once the
round has been decided and the term is over, through ``QuerySet.delete`` (which does not
call :meth:`RoundOutcome.delete`), records the removal and marks the round as trimmed
(``RoundTrim``). The round itself, its receipt, counts and fingerprint are never removed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from regie.rounds.constants import OutcomeKind, RoundStatus


class RoundFinalised(Exception):
    """A finished round and its outcomes cannot be changed or removed."""


class Round(models.Model):
    peildatum = models.DateField()
    status = models.CharField(
        max_length=20, choices=RoundStatus.choices, default=RoundStatus.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rounds_started"
    )
    started_at = models.DateTimeField("gestart", auto_now_add=True)
    finished_at = models.DateTimeField("klaar", null=True, blank=True)
    step = models.CharField("stap", max_length=200, blank=True)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField("fout", blank=True)
    engine = models.CharField(max_length=20)
    delivery_ids = models.JSONField("gebruikte aanleveringen", default=list)
    missing_partners = models.JSONField("partners zonder nieuwe levering", default=list)
    linkage_run_id = models.PositiveIntegerField("koppelronde", null=True, blank=True)
    identity_links = models.JSONField("koppelingen van records", default=dict)
    participants = models.JSONField("deelnemers bij de start", default=list)
    receipt = models.JSONField("verantwoording", default=dict)
    counts = models.JSONField("aantallen", default=dict)
    outcomes_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "instroommoment"
        verbose_name_plural = "instroommomenten"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"instroommoment {self.pk} (peildatum {self.peildatum:%d-%m-%Y})"

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Round:
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.status
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_stored_status", None) == RoundStatus.DONE:
            raise RoundFinalised(f"{self} is klaar en kan niet meer veranderen")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RoundFinalised(f"{self} kan niet verwijderd worden")


class RoundOutcome(models.Model):
    """One person's outcome for one approach in a round, with the explanation."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="outcomes")
    person_key = models.CharField("persoon", max_length=64, db_index=True)
    approach = models.CharField("aanpak", max_length=20)
    outcome = models.CharField("uitkomst", max_length=20, choices=OutcomeKind.choices)
    reasons = models.JSONField("redenen", default=list)
    achternaam = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=50, null=True, blank=True)
    voornamen = models.CharField(max_length=200)
    geboortedatum = models.DateField()
    explanation = models.JSONField("uitleg", default=dict)

    class Meta:
        verbose_name = "uitkomst"
        verbose_name_plural = "uitkomsten"
        ordering = ["round", "approach", "achternaam", "voornamen", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person_key", "approach"], name="outcome_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.approach} · {self.outcome}"

    @property
    def display_name(self) -> str:
        prefix = f"{self.tussenvoegsel} " if self.tussenvoegsel else ""
        return f"{self.voornamen} {prefix}{self.achternaam}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RoundFinalised("een uitkomst van een instroommoment verandert niet")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RoundFinalised("een uitkomst van een instroommoment wordt niet verwijderd")
