"""A selection round in the application: the criteria engine over the application's own data.

:func:`round_start` records the round and runs it in a background thread, so the page
that started it stays usable and shows its progress; :func:`round_execute` does the work
(also called directly by ``regie round start`` and the tests):

1. read the facts of the round's deliveries from the database;
2. give every row its person, from the latest linkage run (the links are kept with the
   round, so that it can be replayed after later linkage runs);
3. add the current participants, whose outflow is judged;
4. run every regeling on the application's database engine: a private schema of the
   application's PostgreSQL database, or an in-memory SQLite database when the
   application runs on SQLite (docs/rounds.md);
5. store the outcomes with their explanations, the near misses and the receipt, and make
   the proposals (:func:`regie.cases.services.cases_propose`). From then on the round
   never changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from regie import config
from regie.accounts.models import User
from regie.audit.services import audit_record
from regie.cases.services import cases_propose, participants_current
from regie.criteria.engines import Engine, PostgreSQLEngine, SQLiteEngine
from regie.criteria.regeling import Regeling, regeling_for
from regie.criteria.report import receipt
from regie.criteria.selection import (
    SelectionResult,
    outcome_as_dict,
    rule_descriptions,
    selection_run,
)
from regie.criteria.tables import InputTables, tables_build
from regie.dbcopy import rows_store
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.services import FACT_FIELDS
from regie.formats.codes import APPROACHES, FACT_COLUMNS, PARTNERS
from regie.formats.delivery import FactTable, InputFile, ParticipantTable
from regie.identity.models import IdentityRecord
from regie.linkage.records import record_id_of
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round, RoundOutcome
from regie.rounds.permissions import RoundPermission, has_permission
from regie.rounds.selectors import round_preflight

logger = logging.getLogger(__name__)

#: The columns of an outcome as stored (``regie.dbcopy.rows_store``).
_OUTCOME_FIELDS: Final = (
    "round",
    "person_key",
    "approach",
    "outcome",
    "reasons",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "explanation",
)
#: The stored columns a round reads (a fact's delivery and line aside), and the columns of
#: the delivery format they fill: the pseudonym takes the place of the BSN.
_FACT_FIELDS: Final = FACT_FIELDS[2:]
_TABLE_COLUMNS: Final = FACT_COLUMNS
assert tuple("bsn_pseudonym" if c == "bsn" else c for c in _TABLE_COLUMNS) == _FACT_FIELDS
#: Steps before the regelingen (read, link, tables, load) and after them (store, propose).
_STEPS_BEFORE: Final = 4
_STEPS_AFTER: Final = 2


class RoundNotAllowed(Exception):
    """The user may not start a round; nothing was recorded."""


class RoundNotReady(Exception):
    """A round cannot start now (see the reasons); nothing was recorded."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = list(reasons)


@dataclass(frozen=True)
class RoundInput:
    tables: InputTables
    deliveries: list[Delivery]
    regelingen: list[Regeling]
    delivered: frozenset[str]


def round_start(
    *,
    peildatum: date,
    started_by: User,
    background: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> Round:
    """Record a new round and run it: in a background thread, or here (``background=False``,
    with ``on_step`` told each step as it starts).

    Refuses (:class:`RoundNotReady`) when there is nothing new to use, when the latest
    deliveries have not been linked yet, or when another round is running.
    """
    if not has_permission(started_by, RoundPermission.START):
        raise RoundNotAllowed(f"{started_by.username} mag geen instroommoment starten")
    if peildatum > timezone.localdate():
        raise RoundNotReady([f"De peildatum {peildatum:%d-%m-%Y} ligt in de toekomst."])
    regelingen = _regelingen(peildatum)
    with transaction.atomic():
        preflight = round_preflight()
        if preflight.blocking:
            raise RoundNotReady(preflight.blocking)
        assert preflight.linkage_run is not None
        round = Round.objects.create(
            peildatum=peildatum,
            started_by=started_by,
            engine=_engine_name(),
            delivery_ids=[d.pk for d in preflight.deliveries],
            missing_partners=preflight.missing,
            linkage_run_id=preflight.linkage_run.pk,
            steps_total=_STEPS_BEFORE + 2 * len(regelingen) + _STEPS_AFTER,
            heartbeat_at=timezone.now(),
        )
        audit_record(
            actor=started_by,
            action="round_started",
            subject=round,
            peildatum=peildatum.isoformat(),
            deliveries=round.delivery_ids,
            missing_partners=round.missing_partners,
            linkage_run=round.linkage_run_id,
        )
        if background:
            transaction.on_commit(lambda: _thread_start(round.pk))
    if not background:
        return round_execute(round.pk, on_step=on_step)
    return round


def _regelingen(peildatum: date) -> list[Regeling]:
    try:
        return [regeling_for(approach, peildatum) for approach in APPROACHES]
    except Exception as exc:  # a regeling that does not load: say which, start nothing
        raise RoundNotReady(
            [f"De regelingen voor {peildatum:%d-%m-%Y} laden niet: {exc}"]
        ) from None


def _thread_start(round_id: int) -> None:
    thread = threading.Thread(
        target=_run_in_background, args=(round_id,), name=f"round-{round_id}", daemon=True
    )
    thread.start()


def _run_in_background(round_id: int) -> None:
    try:
        round_execute(round_id)
    except Exception:  # already recorded on the round by round_execute
        logger.exception("round_failed", extra={"round": round_id})
    finally:
        connections.close_all()


def _engine_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _engine_open(name: str) -> Engine:
    if name == "postgresql":
        url = config.DATABASE_URL.get()
        assert url, "PostgreSQL without DATABASE_URL"
        return PostgreSQLEngine(url)
    return SQLiteEngine()


def _progress(round_id: int, step: str, *, advance: int = 1) -> None:
    """Record progress (outside any transaction of the round, so that others see it)."""
    Round.objects.filter(pk=round_id).update(
        step=step[:200], steps_done=F("steps_done") + advance, heartbeat_at=timezone.now()
    )


def round_execute(round_id: int, *, on_step: Callable[[str], None] | None = None) -> Round:
    """Run the round ``round_id`` to the end; on failure it is recorded as failed."""
    round = Round.objects.select_related("started_by").get(pk=round_id)
    if round.status != RoundStatus.QUEUED:
        raise RoundNotReady([f"{round} is al {round.get_status_display()}."])
    started = timezone.now()
    Round.objects.filter(pk=round_id).update(status=RoundStatus.RUNNING, heartbeat_at=started)

    def step(text: str) -> None:
        _progress(round_id, text)
        if on_step is not None:
            on_step(text)

    try:
        participants = _participants_snapshot()
        Round.objects.filter(pk=round_id).update(participants=participants)
        round.participants = participants
        identity_links = _identity_links(round)
        Round.objects.filter(pk=round_id).update(identity_links=identity_links)
        round.identity_links = identity_links
        data = round_input(round, on_step=step)
        with _engine_open(round.engine) as engine:
            result = selection_run(
                data.tables,
                data.regelingen,
                round.peildatum,
                engine,
                on_step=step,
                near_misses=True,
            )
        step("uitkomsten opslaan")
        with transaction.atomic():
            round = Round.objects.select_for_update().get(pk=round_id)
            outcomes = _outcomes_store(round, result, data.regelingen)
            round.outcomes_sha256 = outcomes_fingerprint(outcomes)
            round.counts = result.counts()
            finished = timezone.now()
            round.receipt = _receipt(round, result, data, started, finished)
            step("voorstellen maken")
            figures = cases_propose(round=round)
            round.receipt["voorstellen"] = figures
            round.status = RoundStatus.DONE
            round.finished_at = finished
            round.step = "klaar"
            round.steps_done = round.steps_total
            round.save()
            audit_record(
                actor=round.started_by,
                action="round_finished",
                subject=round,
                counts=round.counts,
                outcomes_sha256=round.outcomes_sha256,
            )
    except Exception as exc:
        message = str(exc) or type(exc).__name__
        Round.objects.filter(pk=round_id).update(
            status=RoundStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        audit_record(
            actor=round.started_by,
            action="round_failed",
            subject=round,
            error=message[:2000],
        )
        raise
    return round


def _participants_snapshot() -> list[dict[str, Any]]:
    return [
        {
            "person_key": case.person_key,
            "approach": case.approach,
            "instroomdatum": case.instroomdatum.isoformat() if case.instroomdatum else None,
            "achternaam": case.achternaam,
            "tussenvoegsel": case.tussenvoegsel,
            "voornamen": case.voornamen,
            "geboortedatum": case.geboortedatum.isoformat(),
            "case": case.pk,
        }
        for case in participants_current()
        if case.instroomdatum is not None
    ]


def _identity_links(round: Round) -> dict[str, str]:
    """The linkage's links that the facts alone do not give: record id -> person key.

    A record with a BSN belongs to its BSN and a record without one to itself, unless the
    linkage run says otherwise; only those exceptions are kept with the round.
    """
    links = {}
    for record_id, bsn, person_key in IdentityRecord.objects.filter(
        run_id=round.linkage_run_id
    ).values_list("record_id", "bsn_pseudonym", "person_key"):
        if person_key != _own_key(record_id, bsn):
            links[record_id] = person_key
    return links


def _own_key(record_id: str, bsn: str | None) -> str:
    return bsn if bsn is not None else "~" + record_id


def round_input(round: Round, *, on_step: Callable[[str], None] | None = None) -> RoundInput:
    """The engine's input tables for ``round``, from its deliveries, links and participants."""
    step = on_step or (lambda _: None)
    step("feiten lezen")
    deliveries = list(Delivery.objects.filter(pk__in=round.delivery_ids).order_by("partner"))
    facts = FactTable.empty()
    # the table's bsn column holds the pseudonym: the engine never sees a BSN
    columns = [getattr(facts, name) for name in _TABLE_COLUMNS]
    rows = (
        Fact.objects.filter(delivery__in=round.delivery_ids)
        .order_by("pk")
        .values_list(*_FACT_FIELDS, "delivery_id", "line")
        .iterator(chunk_size=20_000)
    )
    names = {d.pk: d.file_name for d in deliveries}
    for row in rows:
        for column, value in zip(columns, row[:-2], strict=True):
            column.append(value)
        facts.bestand.append(names[row[-2]])
        facts.regel.append(row[-1])
    step("personen koppelen")
    links: dict[str, str] = round.identity_links
    cache: dict[tuple[Any, ...], str] = {}
    keys = []
    for i in range(len(facts)):
        identity = (
            facts.bsn[i],
            facts.achternaam[i],
            facts.tussenvoegsel[i],
            facts.voornamen[i],
            facts.geboortedatum[i],
        )
        key = cache.get(identity)
        if key is None:
            record_id = record_id_of(*identity)
            key = cache[identity] = links.get(record_id) or _own_key(record_id, identity[0])
        keys.append(key)
    step("invoertabellen maken")
    participants = _participant_table(round.participants)
    delivered = frozenset(d.partner for d in deliveries)
    tables = tables_build(facts, participants, delivered, person_keys=keys)
    return RoundInput(tables, deliveries, _regelingen(round.peildatum), delivered)


def _participant_table(snapshot: Iterable[dict[str, Any]]) -> ParticipantTable:
    table = ParticipantTable.empty()
    for line, p in enumerate(snapshot, start=1):
        table.bsn.append(p["person_key"])
        table.achternaam.append(p["achternaam"])
        table.tussenvoegsel.append(p["tussenvoegsel"])
        table.voornamen.append(p["voornamen"])
        table.geboortedatum.append(date.fromisoformat(p["geboortedatum"]))
        table.aanpak.append(p["approach"])
        table.instroomdatum.append(date.fromisoformat(p["instroomdatum"]))
        table.regel.append(line)
    return table


def _outcomes_store(
    round: Round, result: SelectionResult, regelingen: Sequence[Regeling]
) -> list[RoundOutcome]:
    by_approach = {r.approach: r for r in regelingen}
    descriptions = {r.approach: rule_descriptions(r, result.peildatum) for r in regelingen}
    outcomes = [
        RoundOutcome(
            round=round,
            person_key=o.person.key,
            approach=o.approach,
            outcome=o.outcome,
            reasons=list(o.reasons),
            achternaam=o.person.achternaam,
            tussenvoegsel=o.person.tussenvoegsel,
            voornamen=o.person.voornamen,
            geboortedatum=o.person.geboortedatum,
            explanation=outcome_as_dict(
                o, by_approach[o.approach], result.peildatum, descriptions[o.approach]
            ),
        )
        for o in result.outcomes
    ]
    rows_store(
        RoundOutcome,
        _OUTCOME_FIELDS,
        (
            tuple(getattr(o, f) if f != "round" else round.pk for f in _OUTCOME_FIELDS)
            for o in outcomes
        ),
    )
    return outcomes


def outcomes_fingerprint(outcomes: Iterable[RoundOutcome]) -> str:
    """SHA-256 over every outcome with its explanation, in a fixed order."""
    digest = hashlib.sha256()
    lines = sorted(
        json.dumps(
            [o.person_key, o.approach, o.outcome, o.reasons, o.explanation],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for o in outcomes
    )
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _receipt(
    round: Round,
    result: SelectionResult,
    data: RoundInput,
    started: datetime,
    finished: datetime,
) -> dict[str, Any]:
    conflicts = sum(1 for p in data.tables.persons if p.has_conflict)
    inputs = [
        InputFile(
            name=f"aanlevering {d.pk}: {d.file_name}",
            sha256=d.sha256,
            rows=d.rows,
            partners=(d.partner,),
        )
        for d in data.deliveries
    ]
    body = receipt(
        result,
        regelingen=data.regelingen,
        inputs=inputs,
        delivered=sorted(data.delivered),
        missing=[p for p in PARTNERS if p not in data.delivered],
        identity_conflicts=conflicts,
        started=timezone.localtime(started),
        finished=timezone.localtime(finished),
    )
    body["opdracht"] = "instroommoment"
    body["instroommoment"] = round.pk
    body["aanleveringen"] = round.delivery_ids
    body["koppelronde"] = round.linkage_run_id
    body["koppelingen"] = len(round.identity_links)
    body["deelnemers"] = len(round.participants)
    body["uitkomsten_sha256"] = round.outcomes_sha256
    return body


def round_replay(round: Round) -> str:
    """Run ``round`` again from what it kept; return the fingerprint of the outcomes.

    The same deliveries, links, participants, regelingen and engine give the same
    outcomes: the fingerprint equals :attr:`Round.outcomes_sha256`. Nothing is stored.
    """
    data = round_input(round)
    stored = {r["aanpak"]: r["sha256"] for r in round.receipt.get("regelingen", [])}
    for regeling in data.regelingen:
        if stored.get(regeling.approach) != regeling.sha256:
            raise RoundNotReady([f"De regeling {regeling.file_label} is veranderd sinds {round}."])
    with _engine_open(round.engine) as engine:
        result = selection_run(
            data.tables, data.regelingen, round.peildatum, engine, near_misses=True
        )
    by_approach = {r.approach: r for r in data.regelingen}
    return outcomes_fingerprint(
        RoundOutcome(
            person_key=o.person.key,
            approach=o.approach,
            outcome=o.outcome,
            reasons=list(o.reasons),
            explanation=outcome_as_dict(o, by_approach[o.approach], result.peildatum),
        )
        for o in result.outcomes
    )
