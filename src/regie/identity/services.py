"""Identity resolution in the application: a linkage run over the current facts, decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from typing import Final

import pyarrow as pa
from django.db import transaction
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.services import audit_record, audit_record_many
from regie.deliveries.models import Fact
from regie.deliveries.selectors import deliveries_current
from regie.identity.constants import PairStatus
from regie.identity.models import IdentityRecord, LinkageRun, PairDecision, ReviewPair
from regie.identity.permissions import IdentityPermission, has_permission
from regie.linkage.linking import (
    Decision,
    LinkageParameters,
    linkage_receipt,
    linkage_run,
    pair_key,
)
from regie.linkage.records import ROW_SCHEMA, records_from_rows

RECORD_BATCH: Final = 5_000
_FACT_COLUMNS: Final = (
    "pk",
    "bsn_pseudonym",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "bron",
    "soort",
    "categorie",
    "datum",
)


class NotAllowed(Exception):
    """The user may not do this; nothing was changed."""


class PairAlreadyDecided(Exception):
    """Someone decided this pair already; nothing was changed."""


def _rows_read(delivery_ids: list[int]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in _FACT_COLUMNS}
    adders = [columns[name].append for name in _FACT_COLUMNS]
    facts = (
        Fact.objects.filter(delivery__in=delivery_ids)
        .order_by("pk")
        .values_list(*_FACT_COLUMNS)
        .iterator(chunk_size=20_000)
    )
    for row in facts:
        for add, value in zip(adders, row, strict=True):
            add(value)
    columns["rij"] = columns.pop("pk")
    columns["bsn"] = columns.pop("bsn_pseudonym")
    return pa.table({name: columns[name] for name in ROW_SCHEMA.names}, schema=ROW_SCHEMA)


def linkage_run_start(
    *,
    started_by: User,
    parameters: LinkageParameters | None = None,
    on_step: Callable[[str], None] | None = None,
) -> LinkageRun:
    """Link the facts of every partner's current delivery into persons.

    Earlier analyst decisions are applied first. The run replaces the records and open
    pairs of the previous run (decisions stay); it is audited with its figures.
    """
    if not has_permission(started_by, IdentityPermission.REVIEW) and not started_by.is_superuser:
        raise NotAllowed(f"{started_by.username} mag geen koppelronde starten")
    step = on_step or (lambda text: None)
    parameters = parameters or LinkageParameters()
    delivery_ids = sorted(d.pk for d in deliveries_current().values())
    step("feiten lezen")
    rows = _rows_read(delivery_ids)
    step("identiteitsrecords vormen")
    records, mapping = records_from_rows(rows)
    decisions = [
        Decision(record_l, record_r, is_link)
        for record_l, record_r, is_link in PairDecision.objects.values_list(
            "record_l", "record_r", "is_link"
        )
    ]
    result = linkage_run(records, parameters=parameters, decisions=decisions, on_step=on_step)

    partners: dict[str, Counter[str]] = {}
    for record_id, bron in zip(
        mapping.column("record_id").to_pylist(), rows.column("bron").to_pylist(), strict=True
    ):
        partners.setdefault(record_id, Counter())[bron] += 1

    step("opslaan")
    with transaction.atomic():
        ReviewPair.objects.all().delete()
        IdentityRecord.objects.all().delete()
        run = LinkageRun.objects.create(
            started_by=started_by,
            delivery_ids=delivery_ids,
            parameters=asdict(parameters),
            figures=result.figures,
            receipt=linkage_receipt(result),
        )
        stored: list[IdentityRecord] = []
        for record in records.to_pylist():
            stored.append(
                IdentityRecord(
                    run=run,
                    record_id=record["record_id"],
                    bsn_pseudonym=record["bsn"],
                    achternaam=record["achternaam"],
                    tussenvoegsel=record["tussenvoegsel"],
                    voornamen=record["voornamen"],
                    geboortedatum=record["geboortedatum"],
                    gemeente=record["gemeente"],
                    rows=record["rijen"],
                    partners=dict(sorted(partners[record["record_id"]].items())),
                    person_key=result.person_of[record["record_id"]],
                )
            )
        IdentityRecord.objects.bulk_create(stored, batch_size=RECORD_BATCH)
        by_id = {record.record_id: record for record in IdentityRecord.objects.filter(run=run)}
        ReviewPair.objects.bulk_create(
            [
                ReviewPair(
                    run=run,
                    record_l=by_id[pair.record_l],
                    record_r=by_id[pair.record_r],
                    match_weight=pair.match_weight,
                    match_probability=pair.match_probability,
                    prior_weight=pair.prior_weight,
                    comparisons=[asdict(c) for c in pair.comparisons],
                    reason=pair.reason,
                )
                for pair in result.review_pairs()
            ],
            batch_size=RECORD_BATCH,
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        audit_record(
            actor=started_by,
            action="linkage_run",
            subject=run,
            deliveries=delivery_ids,
            decisions_applied=len(decisions),
            **{key: value for key, value in run.receipt.items() if key != "splink"},
        )
    return run


@transaction.atomic
def pair_decide(*, pair: ReviewPair, decided_by: User, is_link: bool, note: str) -> PairDecision:
    """Record that the two records of ``pair`` are (``is_link``) or are not one person.

    The decision holds from the next linkage run on, in every run.
    """
    if not has_permission(decided_by, IdentityPermission.REVIEW):
        raise NotAllowed(f"{decided_by.username} mag geen paren beoordelen")
    pair = (
        ReviewPair.objects.select_for_update()
        .select_related("record_l", "record_r")
        .get(pk=pair.pk)
    )
    if pair.status != PairStatus.OPEN:
        raise PairAlreadyDecided(f"over dit paar is al besloten: {pair.get_status_display()}")
    record_l, record_r = pair_key(pair.record_l.record_id, pair.record_r.record_id)
    decision = PairDecision.objects.create(
        record_l=record_l,
        record_r=record_r,
        is_link=is_link,
        note=note.strip(),
        decided_by=decided_by,
        pair=pair,
    )
    pair.status = PairStatus.LINKED if is_link else PairStatus.KEPT_APART
    pair.save(update_fields=["status"])
    # the two records may be two persons: one audit record for each
    audit_record_many(
        actor=decided_by,
        action="identity_pair_linked" if is_link else "identity_pair_kept_apart",
        subject=pair,
        person_keys=[pair.record_l.person_key, pair.record_r.person_key],
        record_l=record_l,
        record_r=record_r,
        match_weight=pair.match_weight,
        reason=pair.reason,
        note=decision.note,
        run=pair.run_id,
    )
    return decision
