"""Writing the audit trail. Call ``audit_record`` inside the transaction of the action."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.chain import GENESIS, record_hash
from regie.audit.models import AuditEvent

#: The key of the PostgreSQL advisory lock that puts audit records in one line.
_CHAIN_LOCK = 7_346_117


def audit_record(
    *, actor: User | None, action: str, subject: models.Model, **detail: Any
) -> AuditEvent:
    """Record that ``actor`` (None: the system) did ``action`` to ``subject``.

    ``detail`` holds what an auditor needs to replay the decision (old and new state,
    reason, note, figures); values must be JSON-serialisable. Never put a BSN in it.

    The record is the next link of the hash chain (``regie.audit.chain``). On PostgreSQL
    an advisory lock, held until the surrounding transaction ends, lets one record at a
    time take the next number; SQLite writes one transaction at a time anyway. The unique
    sequence number refuses a fork in any case.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = (
            AuditEvent.objects.exclude(sequence=None)
            .order_by("-sequence")
            .values_list("sequence", "hash")
            .first()
        )
        sequence, previous = (1, GENESIS)
        if last is not None and last[0] is not None:
            sequence, previous = last[0] + 1, last[1]
        at = timezone.now()
        subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
        # the detail as the database gives it back (JSON), so that the hash can be checked
        stored_detail = json.loads(json.dumps(detail))
        return AuditEvent.objects.create(
            at=at,
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=stored_detail,
            sequence=sequence,
            previous_hash=previous,
            hash=record_hash(
                previous_hash=previous,
                sequence=sequence,
                at=at,
                actor_id=actor.pk if actor is not None else None,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                detail=stored_detail,
            ),
        )
