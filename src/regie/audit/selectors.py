"""Reading the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from regie.audit.chain import ChainBreak, ChainStart, chain_verify
from regie.audit.models import AuditEvent, AuditTrim
from regie.audit.services import AUDIT_TRIMMED

_CHAIN_FIELDS = (
    "pk",
    "sequence",
    "at",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "detail",
    "person_key",
    "purpose",
    "previous_hash",
    "hash",
)


def audit_chain_start() -> tuple[ChainStart, ChainBreak | None]:
    """Where the chain begins: after the latest retention removal, if any. The removal
    must be in the chain itself as well (see ``regie.audit.services.audit_trim``)."""
    trim = AuditTrim.objects.order_by("-through_sequence").first()
    if trim is None:
        return ChainStart(), None
    start = ChainStart(sequence=trim.through_sequence + 1, previous_hash=trim.last_hash)
    recorded = AuditEvent.objects.filter(
        action=AUDIT_TRIMMED, subject_type=AuditTrim._meta.label_lower, subject_id=str(trim.pk)
    ).values_list("detail", flat=True)
    expected = {"through_sequence": trim.through_sequence, "last_hash": trim.last_hash}
    if not any({k: d.get(k) for k in expected} == expected for d in recorded):
        return start, ChainBreak(
            None,
            None,
            f"de inkorting tot en met regel {trim.through_sequence} staat niet in de "
            "audittrail zelf",
        )
    return start, None


def audit_chain_verify() -> tuple[int, int, ChainBreak | None]:
    """Check the whole audit trail: (records in all, records checked, the first break)."""
    total = AuditEvent.objects.count()
    start, broken = audit_chain_start()
    if broken is not None:
        return total, 0, broken
    records = (
        AuditEvent.objects.order_by("sequence", "pk")
        .values_list(*_CHAIN_FIELDS)
        .iterator(chunk_size=5_000)
    )
    checked, broken = chain_verify(records, start)
    return total, checked, broken


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log_search(
    *,
    actor_username: str = "",
    action: str = "",
    person_key: str = "",
    on_from: date | None = None,
    on_until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The access log, newest first, narrowed by whoever gives a filter: the user (exact
    user name), the action (exact code), the person (exact key), the days (inclusive)."""
    records = AuditEvent.objects.select_related("actor", "actor__organisation").order_by(
        "-sequence", "-pk"
    )
    if actor_username:
        records = records.filter(actor__username=actor_username)
    if action:
        records = records.filter(action=action)
    if person_key:
        records = records.filter(person_key=person_key)
    if on_from is not None:
        records = records.filter(at__gte=_day_start(on_from))
    if on_until is not None:
        records = records.filter(at__lt=_day_start(on_until + timedelta(days=1)))
    return records
