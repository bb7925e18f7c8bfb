"""The hash chain of the audit trail.

Each record's hash is SHA-256 over the hash of the record before it and the record's own
contents in a canonical form (sequence, time, actor, action, subject, detail as sorted
JSON, and, when set, the person the record is about and the purpose). Changing any field
of a record, or removing or reordering records, breaks the chain at that point;
:func:`chain_verify` names the first record where it breaks.

The person and the purpose came later (issue 7); a record without either is hashed in the
first form, so that records written before them still check.

Retention removes the oldest records (``regie retention run``). The chain then starts at
a :class:`ChainStart`: the first kept sequence number and the hash of the last removed
record, which the removal wrote down in the chain itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

GENESIS: Final = "0" * 64


def record_hash(
    *,
    previous_hash: str,
    sequence: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: str,
    detail: Any,
    person_key: str = "",
    purpose: str = "",
) -> str:
    contents: list[Any] = [
        sequence,
        at.isoformat(timespec="microseconds"),
        actor_id,
        action,
        subject_type,
        subject_id,
        detail,
    ]
    if person_key or purpose:
        contents += [person_key, purpose]
    canonical = json.dumps(
        contents,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous_hash}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainStart:
    """Where the chain begins: sequence 1 after GENESIS, or after a retention removal."""

    sequence: int = 1
    previous_hash: str = GENESIS


@dataclass(frozen=True)
class ChainBreak:
    sequence: int | None  # of the record where the chain breaks
    pk: int | None
    problem: str  # Dutch, for the command's output


def chain_verify(
    records: Iterator[tuple[Any, ...]], start: ChainStart = ChainStart()
) -> tuple[int, ChainBreak | None]:
    """Walk ``records`` (pk, sequence, at, actor_id, action, subject_type, subject_id,
    detail, person_key, purpose, previous_hash, hash) in sequence order from ``start``;
    return how many were checked and the first break, if any."""
    expected_previous, expected_sequence, checked = start.previous_hash, start.sequence, 0
    for (
        pk,
        sequence,
        at,
        actor_id,
        action,
        subject_type,
        subject_id,
        detail,
        person_key,
        purpose,
        previous,
        own,
    ) in records:
        if sequence is None:
            return checked, ChainBreak(None, pk, f"regel {pk} heeft geen volgnummer")
        if sequence != expected_sequence:
            return checked, ChainBreak(
                sequence,
                pk,
                f"volgnummer {expected_sequence} ontbreekt (verwijderd?); de volgende is "
                f"{sequence}",
            )
        if previous != expected_previous:
            before = (
                f"regel {sequence - 1}"
                if checked or sequence == 1
                else f"de laatste verwijderde regel ({sequence - 1})"
            )
            return checked, ChainBreak(
                sequence, pk, f"regel {sequence} wijst niet naar de hash van {before}"
            )
        recomputed = record_hash(
            previous_hash=previous,
            sequence=sequence,
            at=at,
            actor_id=actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=detail,
            person_key=person_key,
            purpose=purpose,
        )
        if recomputed != own:
            return checked, ChainBreak(
                sequence, pk, f"regel {sequence} is veranderd: de inhoud past niet bij de hash"
            )
        checked += 1
        expected_previous, expected_sequence = own, sequence + 1
    return checked, None
