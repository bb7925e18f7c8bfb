"""One audit record per action. Records are only ever added, never changed or removed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
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

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type} {self.subject_id}"
