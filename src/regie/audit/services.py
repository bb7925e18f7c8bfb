"""Writing the audit trail. Call ``audit_record`` inside the transaction of the action."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

from django.db import connection, models, transaction
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.chain import GENESIS, record_hash
from regie.audit.models import AuditEvent, AuditTrim
from regie.audit.purposes import purpose_of

#: The action of the audit record that a retention removal writes.
AUDIT_TRIMMED: Final = "audit_trail_trimmed"

#: The key of the PostgreSQL advisory lock that puts audit records in one line.
_CHAIN_LOCK = 7_346_117


def person_key_of(subject: models.Model) -> str:
    """The person ``subject`` is about: its own ``person_key`` or that of its case (a
    transition, letter, plan, review ...) or its plan's case (a goal); else blank."""
    for path in ((), ("case",), ("plan", "case")):
        current: Any = subject
        for step in path:
            current = getattr(current, step, None)
        key = getattr(current, "person_key", None)
        if isinstance(key, str) and key:
            return key
    return ""


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: models.Model,
    person_key: str | None = None,
    purpose: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Record that ``actor`` (None: the system) did ``action`` to ``subject``.

    ``detail`` holds what an auditor needs to replay the decision (old and new state,
    reason, note, figures); values must be JSON-serialisable. Never put a BSN in it.

    The access log's "which person" is ``person_key``: given, or read from the subject
    (:func:`person_key_of`). Its "for which purpose" is ``purpose``: given, or the task of
    the actor's role (``regie.audit.purposes``).

    The record is the next link of the hash chain (``regie.audit.chain``). On PostgreSQL
    an advisory lock, held until the surrounding transaction ends, lets one record at a
    time take the next number; SQLite writes one transaction at a time anyway. The unique
    sequence number refuses a fork in any case.
    """
    if person_key is None:
        person_key = person_key_of(subject)
    with transaction.atomic():
        sequence, previous = _chain_next()
        event = _event(
            actor=actor,
            action=action,
            subject=subject,
            detail=detail,
            person_key=person_key,
            purpose=purpose,
            sequence=sequence,
            previous=previous,
            at=timezone.now(),
        )
        event.save()
        return event


def _chain_lock() -> None:
    """On PostgreSQL, one writer of the chain at a time until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def _chain_next() -> tuple[int, str]:
    """Under the lock: the next sequence number and the hash it must point to."""
    _chain_lock()
    last = (
        AuditEvent.objects.exclude(sequence=None)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )
    if last is None or last[0] is None:
        return 1, GENESIS
    return last[0] + 1, last[1]


def _event(
    *,
    actor: User | None,
    action: str,
    subject: models.Model,
    detail: dict[str, Any],
    person_key: str,
    purpose: str | None,
    sequence: int,
    previous: str,
    at: datetime,
) -> AuditEvent:
    """The (unsaved) record with its link in the chain."""
    subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
    if purpose is None:
        purpose = purpose_of(actor.role if actor is not None else None)
    # the detail as the database gives it back (JSON), so that the hash can be checked
    stored_detail = json.loads(json.dumps(detail))
    return AuditEvent(
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=stored_detail,
        person_key=person_key,
        purpose=purpose,
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
            person_key=person_key,
            purpose=purpose,
        ),
    )


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    subject: models.Model,
    person_keys: Iterable[str],
    purpose: str | None = None,
    **detail: Any,
) -> list[AuditEvent]:
    """Record that ``actor`` did ``action`` to ``subject`` concerning each of ``person_keys``:
    one record per person (a list page shows many persons; the access log names each).

    The records are the next links of the hash chain, with consecutive sequence numbers,
    written under the same lock as :func:`audit_record` and with one ``bulk_create``. Blank
    keys are left out and each person is recorded once, in the order given. Returns the
    records written (none when no person is named).
    """
    keys = list(dict.fromkeys(key for key in person_keys if key))
    if not keys:
        return []
    with transaction.atomic():
        sequence, previous = _chain_next()
        at = timezone.now()
        events = []
        for person_key in keys:
            event = _event(
                actor=actor,
                action=action,
                subject=subject,
                detail=detail,
                person_key=person_key,
                purpose=purpose,
                sequence=sequence,
                previous=previous,
                at=at,
            )
            events.append(event)
            sequence, previous = sequence + 1, event.hash
        return AuditEvent.objects.bulk_create(events, batch_size=1_000)


@transaction.atomic
def audit_trim(*, before: datetime, actor: User | None = None) -> AuditTrim | None:
    """Remove the audit records written before ``before`` (retention), keeping the chain.

    The records go from the oldest on, so the chain loses its beginning, never a middle
    part. What is left starts at the first kept record, which points to the hash of the
    last removed one: an :class:`AuditTrim` keeps that hash, and an audit record of the
    removal keeps the same figures inside the chain. Returns None when nothing is old
    enough.
    """
    _chain_lock()
    last_removed = (
        AuditEvent.objects.filter(at__lt=before)
        .exclude(sequence=None)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )
    if last_removed is None:
        return None
    through_sequence, last_hash = last_removed
    if through_sequence is None:  # excluded above; for the type checker
        return None
    # the oldest on, up to the newest old enough: a record in between that is younger
    # (clocks are not perfectly in order) goes too, so that no gap opens in the chain
    # (QuerySet.delete: the model's own delete() refuses, as it should for a single record)
    removed, _ = AuditEvent.objects.filter(sequence__lte=through_sequence).delete()
    trim = AuditTrim.objects.create(
        through_sequence=through_sequence, last_hash=last_hash, removed=removed, before=before
    )
    audit_record(
        actor=actor,
        action=AUDIT_TRIMMED,
        subject=trim,
        through_sequence=through_sequence,
        last_hash=last_hash,
        removed=removed,
        before=before.isoformat(),
    )
    return trim
