"""What retention removed: per run, per kind of data, how many and under which term.

Never the content: a removal is recorded as its kind, its count, the term applied, when
and by whom (nobody: the system). A dry run records nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.retention.constants import RetentionKind
from regie.rounds.models import Round


class RetentionRun(models.Model):
    started_at = models.DateTimeField("uitgevoerd op", auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retention_runs",
        verbose_name="door",
        help_text="leeg: het systeem (een geplande taak)",
    )
    reference_date = models.DateField("peildatum van de termijnen")

    class Meta:
        verbose_name = "opschoonronde"
        verbose_name_plural = "opschoonrondes"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"opschoonronde {self.pk} ({self.reference_date:%d-%m-%Y})"


class RetentionDeletion(models.Model):
    """One kind of data removed in a run: how many, under which term; not what."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="deletions")
    kind = models.CharField("soort", max_length=20, choices=RetentionKind.choices)
    count = models.PositiveIntegerField("aantal verwijderd")
    term = models.CharField("bewaartermijn", max_length=200)
    at = models.DateTimeField("verwijderd op", auto_now_add=True)

    class Meta:
        verbose_name = "verwijdering na bewaartermijn"
        verbose_name_plural = "verwijderingen na bewaartermijn"
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind"], name="retention_kind_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"


class RoundTrim(models.Model):
    """Retention removed facts or outcomes that a finished round used: it cannot be
    replayed any more. Its receipt, counts and fingerprint remain (docs/retention.md)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="retention_trims")
    deletion = models.ForeignKey(
        RetentionDeletion, on_delete=models.PROTECT, related_name="round_trims"
    )
    count = models.PositiveIntegerField("aantal verwijderd")

    class Meta:
        verbose_name = "ingekort instroommoment"
        verbose_name_plural = "ingekorte instroommomenten"
        ordering = ["round", "pk"]
