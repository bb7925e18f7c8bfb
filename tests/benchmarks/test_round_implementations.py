"""The benchmark's independent implementations of a round agree with Regie's engine.

Each case generates a synthetic input, runs Regie (``selection_run`` on DuckDB) and the
two hand-written implementations (DuckDB SQL, pandas) on the same input tables, and
compares outcomes, reasons and evidence row for row. The quick input of ``regie.synth``
goes through the whole reading path; the boundary input is built directly as input
tables, with dates, ages and periods piled up on the edges of every window (and facts
after the peildatum, which every implementation must ignore).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from impl_hand_sql import connection_open, round_hand_sql
from impl_pandas import frames_read, round_pandas
from roundkit import (
    RoundOutput,
    differences,
    epoch_day,
    regie_output,
    tables_to_parquet,
    years_back,
    ymd,
)

from regie.criteria.engines import engine_open
from regie.criteria.regeling import regeling_for
from regie.criteria.selection import selection_run
from regie.criteria.tables import InputTables, Person, tables_build
from regie.formats.delivery import read_input_folder
from regie.synth.quick import quick_input_write

CASES = [
    pytest.param((1, date(2026, 2, 1)), id="seed1-2026-02-01"),
    pytest.param((2, date(2026, 2, 1)), id="seed2-2026-02-01"),
    pytest.param((3, date(2024, 2, 29)), id="seed3-2024-02-29"),
]


@dataclass(frozen=True)
class Case:
    peildatum: date
    tables: Path  # folder with the Parquet input tables
    regie: RoundOutput
    regie_counts: Counter[tuple[str, str]]


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    seed, peildatum = request.param
    root = tmp_path_factory.mktemp(f"round-{seed}")
    quick_input_write(root / "input", persons=3000, facts=40000, peildatum=peildatum, seed=seed)
    folder = read_input_folder(root / "input", delivery_date=peildatum, bsn_required=True)
    tables = tables_build(folder.facts, folder.participants, folder.delivered_partners)
    regelingen = [regeling_for(a, peildatum) for a in ("top400", "top600")]
    with engine_open("duckdb") as engine:
        started = time.perf_counter()
        result = selection_run(tables, regelingen, peildatum, engine)
        print(f"regie: {time.perf_counter() - started:.2f} s")
    counts = result.counts()
    assert all(c["onbekend"] == 0 for c in counts.values()), counts
    output = regie_output(result, {p.bsn: i for i, p in enumerate(tables.persons)})
    tables_to_parquet(tables, root / "tabellen")
    return Case(
        peildatum,
        root / "tabellen",
        output,
        Counter((aanpak, uitkomst) for _, aanpak, uitkomst, _ in output.outcomes),
    )


def test_regie_selects_inflow_in_both_approaches(case: Case) -> None:
    for approach in ("top400", "top600"):
        assert case.regie_counts[(approach, "instroom")] > 0, case.regie_counts
    assert case.regie.evidence


def test_hand_sql_agrees_with_regie(case: Case) -> None:
    con = connection_open(case.tables)
    try:
        started = time.perf_counter()
        output = round_hand_sql(con, case.peildatum)
        print(f"hand SQL: {time.perf_counter() - started:.2f} s")
    finally:
        con.close()
    assert differences("regie", case.regie, "hand_sql", output) == []
    counts = Counter((aanpak, uitkomst) for _, aanpak, uitkomst, _ in output.outcomes)
    assert counts[("top400", "instroom")] > 0
    assert counts[("top600", "instroom")] > 0


def test_pandas_agrees_with_regie(case: Case) -> None:
    frames = frames_read(case.tables)
    started = time.perf_counter()
    output = round_pandas(frames, case.peildatum)
    print(f"pandas: {time.perf_counter() - started:.2f} s")
    assert differences("regie", case.regie, "pandas", output) == []
    counts = Counter((aanpak, uitkomst) for _, aanpak, uitkomst, _ in output.outcomes)
    assert counts[("top400", "instroom")] > 0
    assert counts[("top600", "instroom")] > 0


# --- boundary input ----------------------------------------------------------------------

OFFENCES = (
    "overval",
    "straatroof",
    "woninginbraak",
    "zware_mishandeling",
    "moord_doodslag",
    "openlijke_geweldpleging",
    "mishandeling",
    "bedreiging",
    "wapenbezit",
    "harddrugs_handel",
    "softdrugs",
    "diefstal",
    "apv_nepdope",
    "overtreding",
)
SENTENCES = ("gevangenisstraf", "jeugddetentie", "taakstraf", "geldboete", "maatregel", "geen")
MUNICIPALITIES = ("amsterdam", "diemen", "uithoorn", "overig")
SCHOOL = (
    "pv_leerplicht",
    "thuiszitter",
    "absoluut_verzuim",
    "vsv",
    "schoolwissel_po",
    "schoolwissel_vo",
)
ROLES = ("pleger", "slachtoffer", "getuige", "betrokkene")
PARTNER = {
    "inschrijving": "gemeente_amsterdam",
    "aanhouding": "politie",
    "verdachte": "politie",
    "voorgeleiding": "politie",
    "veroordeling": "om",
    "maatregel": "jbra",
    "detentie": "dji",
    "leerplicht": "gemeente_amsterdam",
    "huiselijk_geweld": "politie",
    "jeugdgroep": "gemeente_amsterdam",
}


def _years_later(day: date, years: int) -> date:
    return years_back(day, -years)


def boundary_tables(seed: int, peildatum: date, persons: int) -> InputTables:
    """Input tables whose dates sit on and around every boundary of the criteria."""
    rng = random.Random(seed)
    one = timedelta(days=1)
    edges = [peildatum - one, peildatum, peildatum + one]
    for n in (1, 2, 3, 5):
        start = years_back(peildatum, n)
        edges += [start - one, start, start + one]

    def when() -> date:
        if rng.random() < 0.45:
            return rng.choice(edges)
        return peildatum - timedelta(days=rng.randint(-30, 7 * 365))

    feiten: dict[str, list[object]] = {
        c: []
        for c in (
            "persoon",
            "bron",
            "bron_id",
            "soort",
            "categorie",
            "detail",
            "datum",
            "einddatum",
            "dag",
            "einddag",
            "geboortedatum",
        )
    }
    people: list[Person] = []
    births: list[object] = []
    deelnemers: dict[str, list[object]] = {"persoon": [], "aanpak": [], "instroomdatum": []}
    participants: dict[tuple[int, str], date] = {}

    def fact(
        persoon: int,
        soort: str,
        cat: str | None,
        detail: str | None,
        start: date,
        end: date | None = None,
    ) -> None:
        feiten["persoon"].append(persoon)
        feiten["bron"].append(PARTNER[soort])
        feiten["bron_id"].append(f"{soort}-{len(feiten['bron_id'])}")
        feiten["soort"].append(soort)
        feiten["categorie"].append(cat)
        feiten["detail"].append(detail)
        feiten["datum"].append(ymd(start))
        feiten["einddatum"].append(None if end is None else ymd(end))
        feiten["dag"].append(epoch_day(start))
        feiten["einddag"].append(None if end is None else epoch_day(end))
        feiten["geboortedatum"].append(births[persoon])

    for persoon in range(persons):
        age = rng.choice((12, 14, 21, 24, 30, rng.randint(10, 45)))
        birth = years_back(peildatum, age) + timedelta(days=rng.choice((-1, 0, 0, 1, 40)))
        births.append(ymd(birth))
        people.append(
            Person(
                f"{persoon:09d}", "Rand", None, f"Persoon{persoon}", birth, False, f"{persoon:09d}"
            )
        )

        for _ in range(rng.choice((0, 1, 1, 2))):  # residence periods
            start = rng.choice((*edges[:3], peildatum - timedelta(days=rng.randint(0, 3000))))
            end = rng.choice((None, None, peildatum - one, peildatum, peildatum + one))
            if end is not None and end < start:
                end = start
            fact(persoon, "inschrijving", rng.choice(MUNICIPALITIES), None, start, end)
        for _ in range(rng.choice((0, 1, 3, 6, 12))):  # arrests, some at age 12 to 14
            if rng.random() < 0.3:
                at = _years_later(birth, rng.choice((12, 14))) + timedelta(
                    days=rng.choice((-1, 0, 1))
                )
            else:
                at = when()
            fact(persoon, "aanhouding", rng.choice(OFFENCES), None, at)
        for _ in range(rng.choice((0, 2, 30, 33, 36))):
            fact(persoon, "verdachte", rng.choice(OFFENCES), None, when())
        for _ in range(rng.choice((0, 1, 2))):
            fact(persoon, "voorgeleiding", rng.choice(OFFENCES), rng.choice(("ovj", "rc")), when())
        for _ in range(rng.choice((0, 1, 2, 3, 5))):
            fact(persoon, "veroordeling", rng.choice(OFFENCES), rng.choice(SENTENCES), when())
        for _ in range(rng.choice((0, 1, 2))):
            cat = rng.choice(("justitieel", "civiel"))
            start = rng.choice([*edges[:3], when()])
            end = rng.choice((None, peildatum - one, peildatum, peildatum + one))
            if end is not None and end < start:
                end = start
            fact(persoon, "maatregel", cat, "ots" if cat == "civiel" else "pij", start, end)
        for _ in range(rng.choice((0, 2, 4, 5))):
            fact(persoon, "leerplicht", rng.choice(SCHOOL), None, when())
        for _ in range(rng.choice((0, 1))):
            fact(persoon, "huiselijk_geweld", None, rng.choice((*ROLES, "onbekend")), when())
        for _ in range(rng.choice((0, 1))):
            start = rng.choice([*edges[:3], when()])
            end = rng.choice((None, peildatum - one, peildatum))
            if end is not None and end < start:
                end = start
            fact(persoon, "jeugdgroep", rng.choice(("geprioriteerd", "overig")), "g1", start, end)
        low = years_back(peildatum, 2) + one  # first day of the detention window
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            start = rng.choice((low - one, low, low + one, peildatum, peildatum + one)) - timedelta(
                days=rng.choice((0, 0, 30, 60, 101, 181))
            )
            end = rng.choice(
                (None, start, start + timedelta(days=rng.choice((0, 99, 100, 179, 180, 400))))
            )
            fact(persoon, "detentie", None, None, start, end)

        for approach in ("top400", "top600"):
            if rng.random() < 0.3:
                since = years_back(peildatum, 2) + timedelta(days=rng.choice((-400, -1, 0, 1)))
                deelnemers["persoon"].append(persoon)
                deelnemers["aanpak"].append(approach)
                deelnemers["instroomdatum"].append(ymd(since))
                participants[(persoon, approach)] = since

    partners = sorted({*PARTNER.values(), "reclassering", "wss"})
    return InputTables(
        columns={
            "feiten": feiten,
            "personen": {"persoon": list[object](range(persons)), "geboortedatum": births},
            "deelnemers": deelnemers,
            "geleverd": {"bron": list[object](partners)},
        },
        persons=people,
        participants=participants,
    )


@pytest.mark.parametrize(
    ("seed", "peildatum"),
    [(11, date(2026, 2, 1)), (12, date(2024, 2, 29)), (13, date(2025, 3, 1))],
    ids=["2026-02-01", "2024-02-29", "2025-03-01"],
)
def test_boundaries_agree(seed: int, peildatum: date, tmp_path: Path) -> None:
    tables = boundary_tables(seed, peildatum, persons=4000)
    regelingen = [regeling_for(a, peildatum) for a in ("top400", "top600")]
    with engine_open("duckdb") as engine:
        result = selection_run(tables, regelingen, peildatum, engine)
    counts = result.counts()
    assert all(c["onbekend"] == 0 for c in counts.values()), counts
    regie = regie_output(result, {p.bsn: i for i, p in enumerate(tables.persons)})
    for approach, outcome, reason in (
        ("top400", "blijft", "min_duur"),
        ("top400", "blijft", "detentie"),
        ("top400", "uitstroom", "aanhoudingen"),
        ("top400", "blijft", "meerdere_aanhoudingen"),
        ("top600", "blijft", "min_duur"),
        ("top600", "blijft", "detentie"),
        ("top600", "uitstroom", "voldoet_niet_meer"),
        ("top600", "blijft", "voldoet_nog"),
    ):
        assert (approach, outcome, reason) in {(a, u, r) for _, a, u, r in regie.outcomes}
    for approach in ("top400", "top600"):
        assert counts[approach]["instroom"] > 0, counts

    tables_to_parquet(tables, tmp_path)
    con = connection_open(tmp_path)
    try:
        hand = round_hand_sql(con, peildatum)
    finally:
        con.close()
    assert differences("regie", regie, "hand_sql", hand) == []
    assert (
        differences("regie", regie, "pandas", round_pandas(frames_read(tmp_path), peildatum)) == []
    )
