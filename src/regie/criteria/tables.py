"""The engine's input tables, built from validated deliveries.

Persons are identified by a person key per fact row: the BSN, or, for rows that identity
resolution (``regie.linkage``) linked without one, ``~`` and a record id. Without keys,
every row needs a BSN and the BSN is the key. A person's identity (name, date of birth)
is the combination delivered most often for that key; a tie goes to the combination seen
first (files in name order, then line). Persons whose rows disagree are reported as
identity conflicts, so that an analyst can look at them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from regie.criteria.compiler import epoch_day, ymd
from regie.formats.delivery import FactTable, ParticipantTable

#: Column names and SQL types of the input tables, shared by every engine.
SCHEMAS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "feiten": (
        ("persoon", "INTEGER"),
        ("bron", "VARCHAR"),
        ("bron_id", "VARCHAR"),
        ("soort", "VARCHAR"),
        ("categorie", "VARCHAR"),
        ("detail", "VARCHAR"),
        ("datum", "INTEGER"),
        ("einddatum", "INTEGER"),
        ("dag", "INTEGER"),
        ("einddag", "INTEGER"),
        ("geboortedatum", "INTEGER"),
    ),
    "personen": (("persoon", "INTEGER"), ("geboortedatum", "INTEGER")),
    "deelnemers": (("persoon", "INTEGER"), ("aanpak", "VARCHAR"), ("instroomdatum", "INTEGER")),
    "geleverd": (("bron", "VARCHAR"),),
}

Identity = tuple[str, str | None, str, date]  # achternaam, tussenvoegsel, voornamen, geboortedatum


@dataclass(frozen=True)
class Person:
    bsn: str  # empty for a person whose rows were linked without any BSN
    achternaam: str
    tussenvoegsel: str | None
    voornamen: str
    geboortedatum: date
    has_conflict: bool  # this person's rows disagree on name or date of birth
    key: str  # the BSN, or ~ and a record id for a person without a BSN


@dataclass
class InputTables:
    columns: dict[str, dict[str, list[object]]]
    persons: list[Person]  # index = persoon
    participants: dict[tuple[int, str], date] = field(default_factory=dict)

    def rows(self, table: str) -> int:
        first = SCHEMAS[table][0][0]
        return len(self.columns[table][first])


def tables_build(
    facts: FactTable,
    participants: ParticipantTable,
    delivered_partners: frozenset[str],
    person_keys: Sequence[str] | None = None,
) -> InputTables:
    """Number the persons (in order of their key) and convert dates to integers.

    ``person_keys`` gives the person key of every fact row (from identity resolution);
    without it every row must have a BSN, which is then its key. Participants are always
    found by their BSN.
    """
    counts: Counter[tuple[str, Identity]] = Counter()
    first_seen: dict[tuple[str, Identity], int] = {}
    order = 0
    for i in range(len(participants)):
        key = (
            participants.bsn[i],
            (
                participants.achternaam[i],
                participants.tussenvoegsel[i],
                participants.voornamen[i],
                participants.geboortedatum[i],
            ),
        )
        counts[key] += 1
        first_seen.setdefault(key, order)
        order += 1
    if person_keys is None:
        for i, bsn in enumerate(facts.bsn):
            if bsn is None:
                raise ValueError(f"{facts.bestand[i]}, regel {facts.regel[i]}: rij zonder BSN")
        keys: Sequence[str] = facts.bsn  # type: ignore[assignment]
    else:
        if len(person_keys) != len(facts):
            raise ValueError(f"{len(person_keys)} person keys for {len(facts)} fact rows")
        keys = person_keys
    for i in range(len(facts)):
        bsn = keys[i]
        key = (
            bsn,
            (
                facts.achternaam[i],
                facts.tussenvoegsel[i],
                facts.voornamen[i],
                facts.geboortedatum[i],
            ),
        )
        counts[key] += 1
        if key not in first_seen:
            first_seen[key] = order
        order += 1

    best: dict[str, tuple[int, int, Identity]] = {}
    variants: Counter[str] = Counter()
    for (bsn, identity), n in counts.items():
        variants[bsn] += 1
        rank = (n, -first_seen[(bsn, identity)], identity)
        current = best.get(bsn)
        if current is None or rank[:2] > current[:2]:
            best[bsn] = rank
    persons = [
        Person(
            "" if bsn.startswith("~") else bsn,
            ident[0],
            ident[1],
            ident[2],
            ident[3],
            variants[bsn] > 1,
            bsn,
        )
        for bsn, (_, _, ident) in sorted(best.items())
    ]
    person_of = {p.key: index for index, p in enumerate(persons)}
    birth: list[object] = [ymd(p.geboortedatum) for p in persons]

    ymd_cache: dict[date, int] = {}
    day_cache: dict[date, int] = {}

    def as_ymd(day: date | None) -> int | None:
        if day is None:
            return None
        value = ymd_cache.get(day)
        if value is None:
            value = ymd_cache[day] = ymd(day)
        return value

    def as_day(day: date | None) -> int | None:
        if day is None:
            return None
        value = day_cache.get(day)
        if value is None:
            value = day_cache[day] = epoch_day(day)
        return value

    fact_person = [person_of[key] for key in keys]
    feiten: dict[str, list[object]] = {
        "persoon": list(fact_person),
        "bron": list(facts.bron),
        "bron_id": list(facts.bron_id),
        "soort": list(facts.soort),
        "categorie": list(facts.categorie),
        "detail": list(facts.detail),
        "datum": [as_ymd(d) for d in facts.datum],
        "einddatum": [as_ymd(d) for d in facts.einddatum],
        "dag": [as_day(d) for d in facts.datum],
        "einddag": [as_day(d) for d in facts.einddatum],
        "geboortedatum": [birth[p] for p in fact_person],
    }
    deelnemers: dict[str, list[object]] = {"persoon": [], "aanpak": [], "instroomdatum": []}
    participant_dates: dict[tuple[int, str], date] = {}
    for i in range(len(participants)):
        person = person_of[participants.bsn[i]]
        deelnemers["persoon"].append(person)
        deelnemers["aanpak"].append(participants.aanpak[i])
        deelnemers["instroomdatum"].append(ymd(participants.instroomdatum[i]))
        participant_dates[(person, participants.aanpak[i])] = participants.instroomdatum[i]
    return InputTables(
        columns={
            "feiten": feiten,
            "personen": {"persoon": list[object](range(len(persons))), "geboortedatum": birth},
            "deelnemers": deelnemers,
            "geleverd": {"bron": list[object](sorted(delivered_partners))},
        },
        persons=persons,
        participants=participant_dates,
    )
