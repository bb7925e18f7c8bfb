"""One audit record per action. Records are only ever added, never changed or removed.

The records form a hash chain: each holds its ``sequence`` number, the hash of the record
before it and its own hash over both and its contents (``regie.audit.chain``), so that
``regie audit verify`` finds any record that was altered or removed afterwards.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAppendOnly(Exception):
    """An audit record cannot be changed or removed."""


class AuditEvent(models.Model):
    at = models.DateTimeField("tijdstip", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_events",
        verbose_name="door",
    )
    action = models.CharField("handeling", max_length=60, db_index=True)
    subject_type = models.CharField("soort object", max_length=60)
    subject_id = models.CharField("object", max_length=64)
    detail = models.JSONField("details", default=dict)
    # the person the record is about (Case.person_key, RoundOutcome.person_key), so that a
    # person's access request shows who looked at them; blank when it is about no one person
    person_key = models.CharField("persoon", max_length=64, blank=True, db_index=True)
    # why: the task of the actor's role (regie.audit.purposes), or the system's own task
    purpose = models.CharField("doel", max_length=200, blank=True)
    sequence = models.PositiveBigIntegerField("volgnummer", unique=True, null=True)
    previous_hash = models.CharField("hash van de vorige regel", max_length=64, blank=True)
    hash = models.CharField("hash", max_length=64, blank=True)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type} {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditAppendOnly("een auditregel verandert niet")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditAppendOnly("een auditregel wordt niet verwijderd")


class AuditTrim(models.Model):
    """Retention removed the audit records up to and including ``through_sequence``.

    The chain goes on from here: the first kept record points to ``last_hash``. The removal
    is itself an audit record (action ``audit_trail_trimmed``) with the same figures, so
    that a trim written behind the application's back does not pass the check.
    """

    at = models.DateTimeField("tijdstip", default=timezone.now)
    through_sequence = models.PositiveBigIntegerField("verwijderd tot en met volgnummer")
    last_hash = models.CharField("hash van de laatste verwijderde regel", max_length=64)
    removed = models.PositiveIntegerField("verwijderde regels")
    before = models.DateTimeField("regels van voor")

    class Meta:
        verbose_name = "inkorting van de audittrail"
        verbose_name_plural = "inkortingen van de audittrail"
        ordering = ["-through_sequence"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} tot en met regel {self.through_sequence}"
