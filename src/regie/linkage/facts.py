"""Identity resolution for ``regie select``: a person key for every validated fact row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import pyarrow as pa

from regie.formats.delivery import FactTable
from regie.linkage.linking import LinkageParameters, LinkageResult, Pair, linkage_run
from regie.linkage.records import ROW_SCHEMA, records_from_rows

#: Columns of te_beoordelen.csv: one line per pair that an analyst must look at.
REVIEW_COLUMNS: Final = (
    "paar",
    "reden",
    "matchgewicht",
    "uitleg",
    "persoon_1",
    "bsn_1",
    "achternaam_1",
    "tussenvoegsel_1",
    "voornamen_1",
    "geboortedatum_1",
    "rijen_1",
    "persoon_2",
    "bsn_2",
    "achternaam_2",
    "tussenvoegsel_2",
    "voornamen_2",
    "geboortedatum_2",
    "rijen_2",
)


@dataclass(frozen=True)
class FactLinks:
    person_keys: list[str]  # per fact row, in the table's order
    row_records: list[str]  # the identity record of each fact row
    result: LinkageResult
    records: dict[str, dict[str, object]]  # record id -> its identity columns


def facts_link(
    facts: FactTable,
    *,
    parameters: LinkageParameters | None = None,
    on_step: Callable[[str], None] | None = None,
) -> FactLinks:
    """Link the rows of ``facts`` into persons: BSN first, Splink for the rest.

    Only automatic links are used; pairs for review stay apart (their persons are listed
    by :func:`review_rows`).
    """
    rows = pa.table(
        {
            "rij": pa.array(range(len(facts)), pa.int64()),
            "bsn": pa.array(facts.bsn, pa.string()),
            "achternaam": pa.array(facts.achternaam, pa.string()),
            "tussenvoegsel": pa.array(facts.tussenvoegsel, pa.string()),
            "voornamen": pa.array(facts.voornamen, pa.string()),
            "geboortedatum": pa.array(facts.geboortedatum, pa.date32()),
            "bron": pa.array(facts.bron, pa.string()),
            "soort": pa.array(facts.soort, pa.string()),
            "categorie": pa.array(facts.categorie, pa.string()),
            "datum": pa.array(facts.datum, pa.date32()),
        },
        schema=ROW_SCHEMA,
    )
    records, mapping = records_from_rows(rows)
    result = linkage_run(records, parameters=parameters, on_step=on_step)
    person_of = result.person_of
    row_records = mapping.column("record_id").to_pylist()
    keys = [person_of[record] for record in row_records]
    by_id = {record["record_id"]: record for record in records.to_pylist()}
    return FactLinks(keys, row_records, result, by_id)


def _explanation(pair: Pair) -> str:
    parts = [f"startpunt {pair.prior_weight:+.1f}"]
    parts += [f"{c.column} {c.level} {c.weight:+.1f}" for c in pair.comparisons]
    return "; ".join(parts)


def review_rows(links: FactLinks) -> list[dict[str, str]]:
    """The pairs an analyst must decide, with both records side by side."""
    lines = []
    for number, pair in enumerate(links.result.review_pairs(), start=1):
        line = {
            "paar": str(number),
            "reden": pair.reason,
            "matchgewicht": f"{pair.match_weight:.2f}",
            "uitleg": _explanation(pair),
        }
        for side, record_id in (("1", pair.record_l), ("2", pair.record_r)):
            record = links.records[record_id]
            birth = record["geboortedatum"]
            line |= {
                f"persoon_{side}": links.result.person_of[record_id],
                f"bsn_{side}": str(record["bsn"] or ""),
                f"achternaam_{side}": str(record["achternaam"]),
                f"tussenvoegsel_{side}": str(record["tussenvoegsel"] or ""),
                f"voornamen_{side}": str(record["voornamen"]),
                f"geboortedatum_{side}": birth.isoformat() if birth else "",  # type: ignore[attr-defined]
                f"rijen_{side}": str(record["rijen"]),
            }
        lines.append(line)
    return lines
