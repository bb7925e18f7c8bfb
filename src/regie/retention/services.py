"""Retention: remove what has been kept for its term (docs/retention.md).

:func:`retention_run` first plans every removal from the data as it is, then removes one
kind of data at a time, each in its own transaction together with its record (a
:class:`RetentionDeletion` and an audit record: kind and count, never the content). When
a kind fails, its transaction is rolled back whole and the run stops; the kinds before it
stay removed. A dry run plans the same removals and changes nothing.

The order matters: an expired case goes first, so that its person counts as not selected
for the outcomes and facts that follow; facts go before the identity records they no
longer need; the audit trail goes last (through :func:`regie.audit.services.audit_trim`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.audit.services import audit_record, audit_trim
from regie.cases.models import Case, OutflowProposal
from regie.deliveries.models import Fact
from regie.identity.models import IdentityRecord
from regie.linkage.records import record_id_of
from regie.retention.constants import RETENTION_DELETED, RetentionKind
from regie.retention.models import RetentionDeletion, RetentionRun, RoundTrim
from regie.retention.selectors import (
    CLOSED_STATES,
    cases_expired,
    persons_kept,
    rounds_expired,
    start_of,
    years_after,
)
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round, RoundOutcome

#: Rows removed per statement: well under the SQLite limit of bound parameters.
_CHUNK: Final = 5_000
_IDENTITY: Final = ("bsn_pseudonym", "achternaam", "tussenvoegsel", "voornamen", "geboortedatum")


@dataclass(frozen=True)
class RetentionResult:
    """What a run removed (or, in a dry run, would remove) of one kind of data."""

    kind: RetentionKind
    term: str
    count: int


@dataclass
class _Plan:
    """The rows of one kind that have expired: their ids (for the audit trail: the newest
    record's sequence number) and, per round, how many it used."""

    kind: RetentionKind
    term: str
    ids: list[int] = field(default_factory=list)
    per_round: Counter[int] = field(default_factory=Counter)
    audit_before: datetime | None = None
    before: datetime | None = None  # login records: those from before this moment
    count: int = 0


def _days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def retention_terms() -> dict[RetentionKind, str]:
    """The term of every kind, in Dutch, from the settings."""
    facts = f"{_days(settings.RETENTION_FACTS_DAYS)} nadat het instroommoment is afgerond"
    return {
        RetentionKind.DOSSIERS: (
            f"{settings.RETENTION_DOSSIER_YEARS} jaar na uitstroom of intrekking"
        ),
        RetentionKind.OUTCOMES: facts,
        RetentionKind.FACTS: facts,
        RetentionKind.IDENTITY_RECORDS: facts,
        RetentionKind.LOGIN_RECORDS: _days(settings.RETENTION_LOGIN_DAYS),
        RetentionKind.AUDIT_EVENTS: f"{settings.RETENTION_AUDIT_YEARS} jaar",
    }


def _own_key(record_id: str, bsn: str | None) -> str:
    # the person of a record the linkage left alone, as in regie.rounds.services.round_input
    return bsn if bsn is not None else "~" + record_id


def _deliveries_expired(expired_rounds: set[int]) -> dict[int, list[tuple[int, dict[str, str]]]]:
    """The deliveries that only expired rounds used, with each such round's identity links.

    A delivery that a round still running, waiting or within its term used is left out; so
    is one that no finished round used yet (the next round may need it). A failed round
    counts for nothing.
    """
    using: dict[int, list[tuple[int, dict[str, str]]] | None] = {}
    for pk, status, delivery_ids, links in Round.objects.exclude(
        status=RoundStatus.FAILED
    ).values_list("pk", "status", "delivery_ids", "identity_links"):
        for delivery_id in delivery_ids:
            if status != RoundStatus.DONE or pk not in expired_rounds:
                using[delivery_id] = None
            elif (rounds := using.setdefault(delivery_id, [])) is not None:
                rounds.append((pk, links))
    return {delivery_id: rounds for delivery_id, rounds in using.items() if rounds}


def _plan(*, today: date, started: datetime) -> dict[RetentionKind, _Plan]:
    """What has expired on ``today``, kind by kind, as if the earlier kinds were removed."""
    term = retention_terms()
    plans = {kind: _Plan(kind, term[kind]) for kind in RetentionKind}

    dossiers = plans[RetentionKind.DOSSIERS]
    dossiers.ids = cases_expired(today=today, years=settings.RETENTION_DOSSIER_YEARS)
    kept = persons_kept(expired_case_ids=dossiers.ids)
    expired_rounds = set(rounds_expired(today=today, days=settings.RETENTION_FACTS_DAYS))

    # outcomes of persons not selected, in decided rounds past the term; an outcome that a
    # kept case or outflow proposal points to stays in any case
    referenced = set(
        Case.objects.exclude(pk__in=dossiers.ids)
        .exclude(outcome=None)
        .values_list("outcome_id", flat=True)
    ) | set(
        OutflowProposal.objects.exclude(case_id__in=dossiers.ids)
        .exclude(outcome=None)
        .values_list("outcome_id", flat=True)
    )
    outcomes = plans[RetentionKind.OUTCOMES]
    for pk, round_id, person_key in (
        RoundOutcome.objects.filter(round_id__in=expired_rounds)
        .order_by("pk")
        .values_list("pk", "round_id", "person_key")
    ):
        if person_key not in kept and pk not in referenced:
            outcomes.ids.append(pk)
            outcomes.per_round[round_id] += 1

    # facts of persons not selected, in deliveries that only expired rounds used; a fact
    # belongs to the person each round's links gave it (as the round itself read it)
    facts = plans[RetentionKind.FACTS]
    deliveries = _deliveries_expired(expired_rounds)
    remaining: set[str] = set()
    record_ids: dict[tuple[Any, ...], str] = {}
    rows = (
        Fact.objects.filter(delivery_id__in=deliveries)
        .order_by("pk")
        .values_list("pk", "delivery_id", *_IDENTITY)
        .iterator(chunk_size=20_000)
    )
    for pk, delivery_id, *identity in rows:
        record_id = record_ids.get(key := tuple(identity))
        if record_id is None:
            record_id = record_ids[key] = record_id_of(*identity)
        persons = {
            links.get(record_id) or _own_key(record_id, identity[0])
            for _, links in deliveries[delivery_id]
        }
        if persons & kept:
            remaining.add(record_id)
            continue
        facts.ids.append(pk)
        for round_id, _ in deliveries[delivery_id]:
            facts.per_round[round_id] += 1

    # identity records that no remaining fact needs, of persons not kept
    for identity in (
        Fact.objects.exclude(delivery_id__in=deliveries).values_list(*_IDENTITY).distinct()
    ):
        remaining.add(record_ids.get(tuple(identity)) or record_id_of(*identity))
    records = plans[RetentionKind.IDENTITY_RECORDS]
    records.ids = [
        pk
        for pk, record_id, person_key in IdentityRecord.objects.exclude(run__finished_at=None)
        .order_by("pk")
        .values_list("pk", "record_id", "person_key")
        if record_id not in remaining and person_key not in kept
    ]

    # staff logins (django-axes' records) from before the term, and expired sessions
    logins = plans[RetentionKind.LOGIN_RECORDS]
    # a record of day D goes on day D + the term (as the other terms end on their day)
    logins.before = start_of(today - timedelta(days=settings.RETENTION_LOGIN_DAYS - 1))
    logins.count = sum(q.count() for q in _login_records(logins.before, started))

    # the audit trail: the records from before the term, never one written by this run
    audit = plans[RetentionKind.AUDIT_EVENTS]
    audit.audit_before = min(start_of(years_after(today, -settings.RETENTION_AUDIT_YEARS)), started)
    last = (
        AuditEvent.objects.filter(at__lt=audit.audit_before)
        .exclude(sequence=None)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if last is not None:
        audit.count = AuditEvent.objects.filter(sequence__lte=last).count()
    for plan in plans.values():
        if plan.kind not in (RetentionKind.AUDIT_EVENTS, RetentionKind.LOGIN_RECORDS):
            plan.count = len(plan.ids)
    return plans


def retention_run(*, today: date, dry_run: bool, actor: User | None) -> list[RetentionResult]:
    """Remove what has expired on ``today``; per kind, what was (or would be) removed.

    ``actor`` is the user who started the run, None for the system (a scheduled task).
    ``today`` is the day the terms are measured to: today, or an earlier day to catch up.
    A dry run only counts. A real run records itself (:class:`RetentionRun`) with one
    :class:`RetentionDeletion` per kind, also when nothing of that kind had expired.
    """
    plans = _plan(today=today, started=timezone.now())
    if dry_run:
        return [RetentionResult(p.kind, p.term, p.count) for p in plans.values()]
    run = RetentionRun.objects.create(started_by=actor, reference_date=today)
    return [
        RetentionResult(p.kind, p.term, _remove(run=run, plan=p, actor=actor))
        for p in plans.values()
    ]


@transaction.atomic
def _remove(*, run: RetentionRun, plan: _Plan, actor: User | None) -> int:
    """Remove one kind, record it (kind, count, term) and write its audit record: all of
    it, or on an error nothing."""
    if plan.kind == RetentionKind.AUDIT_EVENTS:
        assert plan.audit_before is not None
        trim = audit_trim(before=plan.audit_before, actor=actor)
        count = trim.removed if trim is not None else 0
    elif plan.kind == RetentionKind.DOSSIERS:
        # lock the cases; one that is no longer ended (it cannot be reopened) stays
        ids = list(
            Case.objects.select_for_update()
            .filter(pk__in=plan.ids, status__in=CLOSED_STATES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        count = _delete_with_dependants(Case, ids)
        # a round that kept such a participant in its list no longer replays: noted below
        plan.per_round.update(_participants_forget(set(ids)))
    elif plan.kind == RetentionKind.LOGIN_RECORDS:
        assert plan.before is not None
        count = sum(q.delete()[0] for q in _login_records(plan.before, timezone.now()))
    elif plan.kind == RetentionKind.OUTCOMES:
        # the sanctioned path past RoundOutcome.delete(): see regie.rounds.models
        count = _delete_rows(RoundOutcome, plan.ids)
    elif plan.kind == RetentionKind.FACTS:
        count = _delete_rows(Fact, plan.ids)
    else:
        count = _delete_rows(IdentityRecord, plan.ids)
    deletion = RetentionDeletion.objects.create(
        run=run, kind=plan.kind, count=count, term=plan.term
    )
    RoundTrim.objects.bulk_create(
        RoundTrim(round_id=round_id, deletion=deletion, count=n)
        for round_id, n in sorted(plan.per_round.items())
    )
    if count:
        audit_record(
            actor=actor,
            action=RETENTION_DELETED,
            subject=deletion,
            kind=plan.kind.value,
            count=count,
            term=plan.term,
            reference_date=run.reference_date.isoformat(),
        )
    return count


def _participants_forget(case_ids: set[int]) -> Counter[int]:
    """Take the expired cases out of the participant lists that rounds kept of their start
    (names and birth dates), through an update: the sanctioned path past Round.save()
    (see regie.rounds.models). The round's counts and fingerprint stay as they were.
    Returns, per round, how many participants it lost."""
    forgotten: Counter[int] = Counter()
    if not case_ids:
        return forgotten
    for round_id, participants in Round.objects.exclude(participants=[]).values_list(
        "pk", "participants"
    ):
        kept = [p for p in participants if p.get("case") not in case_ids]
        if len(kept) != len(participants):
            Round.objects.filter(pk=round_id).update(participants=kept)
            forgotten[round_id] = len(participants) - len(kept)
    return forgotten


def _login_records(before: datetime, now: datetime) -> list[QuerySet[Any]]:
    """The records of staff logins from before ``before`` (django-axes: every attempt,
    failed or not, with user name, address and browser) and the sessions expired ``now``."""
    return [
        AccessLog.objects.filter(attempt_time__lt=before),
        AccessFailureLog.objects.filter(attempt_time__lt=before),
        AccessAttempt.objects.filter(attempt_time__lt=before),
        Session.objects.filter(expire_date__lt=now),
    ]


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _delete_rows(model: type[models.Model], ids: Sequence[int]) -> int:
    """Delete the rows ``ids`` of ``model`` (QuerySet.delete: a model's own delete() is
    not called); what refers to them with PROTECT makes the whole kind fail."""
    for chunk in _chunks(ids):
        model._base_manager.filter(pk__in=chunk).delete()
    return len(ids)


_DEPENDANTS_DELETED: Final = (models.PROTECT, models.CASCADE, models.RESTRICT)


def _delete_with_dependants(model: type[models.Model], ids: Sequence[int], depth: int = 0) -> int:
    """Delete the rows ``ids`` of ``model`` and, before them, every row that refers to
    them, however deep: a case with its transitions, outflow proposals, letters, plan and
    all under the plan, and whatever other apps hang from a case later. A reference that
    sets itself to empty (SET_NULL) is left to the database layer."""
    if depth > 8:
        raise RuntimeError(f"{model._meta.label}: te diep geneste verwijzingen")
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete not in _DEPENDANTS_DELETED:
            continue
        child: type[models.Model] = relation.related_model  # type: ignore[assignment]
        for chunk in _chunks(ids):
            child_ids = list(
                child._base_manager.filter(**{f"{relation.field.name}__in": chunk})
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if child_ids:
                _delete_with_dependants(child, child_ids, depth + 1)
    return _delete_rows(model, ids)
