"""A quick synthetic input for ``regie select``: many persons, many facts, no realism claims.

This generator exists to measure speed and to check that every engine gives the same
answer on a large, varied input. It writes valid deliveries in the canonical format
(one CSV per partner) and a ``deelnemers.csv``. Every person carries a synthetic BSN
that passes the 11-test; names are made up ("Synthetisch", "Persoon123"). The realistic
synthetic region (municipal proportions, offence mixes, identity noise) is a separate
generator.

Facts are clustered: a few persons have many facts, most have few, as in reality, so
that the criteria select a meaningful share of persons.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from regie.formats.codes import (
    FACT_COLUMNS,
    MEASURES,
    MUNICIPALITY_PARTNERS,
    OFFENCES,
    REGION_MUNICIPALITIES,
    SENTENCES,
)

#: Kinds of fact with their share of all facts (besides one inschrijving per person).
KIND_WEIGHTS: Final = {
    "aanhouding": 26,
    "verdachte": 30,
    "voorgeleiding": 6,
    "veroordeling": 14,
    "maatregel": 5,
    "detentie": 5,
    "leerplicht": 8,
    "huiselijk_geweld": 4,
    "jeugdgroep": 2,
}
_HIC_HEAVY_OFFENCES: Final = (
    *OFFENCES,
    "woninginbraak",
    "straatroof",
    "overval",
    "mishandeling",
    "harddrugs_handel",
    "diefstal",
    "winkeldiefstal",
    "wapenbezit",
)
_SCHOOL: Final = (
    "pv_leerplicht",
    "thuiszitter",
    "absoluut_verzuim",
    "vsv",
    "schoolwissel_po",
    "schoolwissel_vo",
)
_ROLES: Final = ("pleger", "slachtoffer", "getuige", "betrokkene")


@dataclass(frozen=True)
class QuickInput:
    persons: int
    facts: int  # including one inschrijving per person
    participants: int
    files: tuple[Path, ...]


def bsn_sequence(start: int = 10_000_000) -> Iterator[str]:
    """Synthetic BSNs that pass the 11-test, in increasing order."""
    base = start
    while True:
        digits = [int(c) for c in f"{base:08d}"]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and (total - check) != 0:
            yield f"{base:08d}{check}"
        base += 1


def quick_input_write(
    output: Path,
    *,
    persons: int,
    facts: int,
    peildatum: date,
    seed: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> QuickInput:
    """Write ``persons`` persons with about ``facts`` facts in total to ``output``."""
    rng = random.Random(seed)
    output.mkdir(parents=True, exist_ok=True)
    partners = ("politie", "om", "reclassering", "jbra", "dji", *MUNICIPALITY_PARTNERS)
    handles = {p: (output / f"{p}.csv").open("w", newline="", encoding="utf-8") for p in partners}
    writers = {p: csv.writer(h, lineterminator="\n") for p, h in handles.items()}
    for writer in writers.values():
        writer.writerow(FACT_COLUMNS)
    participants_handle = (output / "deelnemers.csv").open("w", newline="", encoding="utf-8")
    participants_writer = csv.writer(participants_handle, lineterminator="\n")
    participants_writer.writerow(
        (
            "bsn",
            "achternaam",
            "tussenvoegsel",
            "voornamen",
            "geboortedatum",
            "aanpak",
            "instroomdatum",
        )
    )
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    extra_facts = max(0, facts - persons)
    # Pareto-like activity: a few very active persons.
    activity = [rng.paretovariate(1.3) for _ in range(persons)]
    scale = extra_facts / sum(activity) if activity else 0.0
    counter = 0
    participants = 0
    written = 0
    bsns = bsn_sequence()
    try:
        for index in range(persons):
            bsn = next(bsns)
            age_days = rng.randint(11 * 365, 45 * 365)
            birth = peildatum - timedelta(days=age_days)
            surname, given = "Synthetisch", f"Persoon{index}"
            identity = (bsn, surname, "", given, birth.isoformat())
            home_partner = rng.choice(MUNICIPALITY_PARTNERS)
            municipality = rng.choice(REGION_MUNICIPALITIES) if rng.random() < 0.9 else "overig"
            counter += 1
            writers[home_partner].writerow(
                (
                    home_partner,
                    f"{home_partner}-{counter}",
                    *identity,
                    "inschrijving",
                    birth.isoformat(),
                    "",
                    municipality,
                    "",
                )
            )
            n_facts = int(activity[index] * scale)
            if rng.random() < activity[index] * scale - n_facts:
                n_facts += 1
            for kind in rng.choices(kinds, weights, k=n_facts):
                counter += 1
                start = peildatum - timedelta(days=rng.randint(0, 8 * 365))
                if start < birth:
                    start = birth + timedelta(days=rng.randint(0, max(0, (peildatum - birth).days)))
                end = ""
                category = detail = ""
                if kind in ("aanhouding", "verdachte", "voorgeleiding", "veroordeling"):
                    partner = "om" if kind == "veroordeling" else "politie"
                    category = rng.choice(_HIC_HEAVY_OFFENCES)
                    if kind == "voorgeleiding":
                        detail = rng.choice(("ovj", "rc"))
                    elif kind == "veroordeling":
                        detail = rng.choice(SENTENCES)
                elif kind == "maatregel":
                    partner = rng.choice(("reclassering", "jbra"))
                    category = rng.choice(tuple(MEASURES))
                    detail = rng.choice(MEASURES[category])
                    if rng.random() < 0.6:
                        end = (start + timedelta(days=rng.randint(30, 900))).isoformat()
                elif kind == "detentie":
                    partner = "dji"
                    if rng.random() < 0.9:
                        end = (start + timedelta(days=rng.randint(1, 400))).isoformat()
                elif kind == "leerplicht":
                    partner = home_partner
                    category = rng.choice(_SCHOOL)
                elif kind == "huiselijk_geweld":
                    partner = "politie"
                    detail = rng.choice(_ROLES)
                else:  # jeugdgroep
                    partner = home_partner
                    category = rng.choice(("geprioriteerd", "overig"))
                    detail = f"groep-{rng.randint(1, 60)}"
                    if rng.random() < 0.5:
                        end = (start + timedelta(days=rng.randint(30, 700))).isoformat()
                writers[partner].writerow(
                    (
                        partner,
                        f"{partner}-{counter}",
                        *identity,
                        kind,
                        start.isoformat(),
                        end,
                        category,
                        detail,
                    )
                )
            written += 1 + n_facts
            if n_facts >= 8 and rng.random() < 0.15:
                approach = "top400" if 12 <= age_days // 365 <= 23 else "top600"
                since = peildatum - timedelta(days=rng.randint(100, 1500))
                participants_writer.writerow((*identity, approach, since.isoformat()))
                participants += 1
            if on_progress is not None and index % 10_000 == 0:
                on_progress(written)
    finally:
        for handle in handles.values():
            handle.close()
        participants_handle.close()
    files = tuple(sorted(output.glob("*.csv")))
    return QuickInput(persons, written, participants, files)
