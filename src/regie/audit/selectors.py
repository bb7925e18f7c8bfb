"""Reading the audit trail."""

from __future__ import annotations

from regie.audit.chain import ChainBreak, chain_verify
from regie.audit.models import AuditEvent

_CHAIN_FIELDS = (
    "pk",
    "sequence",
    "at",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "detail",
    "previous_hash",
    "hash",
)


def audit_chain_verify() -> tuple[int, int, ChainBreak | None]:
    """Check the whole audit trail: (records in all, records checked, the first break)."""
    total = AuditEvent.objects.count()
    records = (
        AuditEvent.objects.order_by("sequence", "pk")
        .values_list(*_CHAIN_FIELDS)
        .iterator(chunk_size=5_000)
    )
    checked, broken = chain_verify(records)
    return total, checked, broken
