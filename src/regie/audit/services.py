"""Writing the audit trail. Call ``audit_record`` inside the transaction of the action."""

from __future__ import annotations

from typing import Any

from django.db import models

from regie.accounts.models import User
from regie.audit.models import AuditEvent


def audit_record(
    *, actor: User | None, action: str, subject: models.Model, **detail: Any
) -> AuditEvent:
    """Record that ``actor`` (None: the system) did ``action`` to ``subject``.

    ``detail`` holds what an auditor needs to replay the decision (old and new state,
    reason, note, figures); values must be JSON-serialisable. Never put a BSN in it.
    """
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        detail=detail,
    )
