"""What every implementation of a selection round in the benchmark takes and gives.

Input: the engine's four input tables (``regie.criteria.tables.SCHEMAS``): ``feiten``,
``personen``, ``deelnemers`` and ``geleverd``, with dates as integers (``datum``,
``einddatum``, ``geboortedatum``, ``instroomdatum`` as yyyymmdd; ``dag``, ``einddag`` as
days since 1970-01-01). They are stored once per data set as Parquet files
``<folder>/<table>.parquet``, so that every implementation starts from the same data.

Output: a :class:`RoundOutput`: per person and approach with an outcome, the outcome and
its reasons, and per person, approach and fact rule the facts that are its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

from regie.criteria.selection import SelectionResult
from regie.criteria.tables import SCHEMAS, InputTables

TABLES: Final = tuple(SCHEMAS)

Outcome = tuple[int, str, str, str]  # persoon, aanpak, uitkomst, redenen (';'-joined)
EvidenceRow = tuple[int, str, str, str, str]  # persoon, aanpak, regel, bron, bron_id


EVIDENCE_COLUMNS: Final = ("persoon", "aanpak", "regel", "bron", "bron_id")


@dataclass(frozen=True)
class RoundOutput:
    """Outcomes as rows; evidence as rows or, for large rounds, as an Arrow table.

    An implementation returns its evidence in the form that is cheapest for it: turning
    millions of facts into Python tuples is not part of computing them.
    """

    outcomes: list[Outcome]
    evidence: list[EvidenceRow] | pa.Table

    def evidence_rows(self) -> list[EvidenceRow]:
        if isinstance(self.evidence, pa.Table):
            columns = [self.evidence.column(c).to_pylist() for c in EVIDENCE_COLUMNS]
            return [
                (int(p), str(a), str(r), str(b), str(i))
                for p, a, r, b, i in zip(*columns, strict=True)
            ]
        return self.evidence

    def normalised(self) -> RoundOutput:
        return RoundOutput(sorted(self.outcomes), sorted(self.evidence_rows()))


def differences(
    name_a: str, a: RoundOutput, name_b: str, b: RoundOutput, limit: int = 10
) -> list[str]:
    """Readable lines for what differs between two outputs (empty when they agree)."""
    lines: list[str] = []
    for label, left, right in (
        ("outcome", a.outcomes, b.outcomes),
        ("evidence", a.evidence_rows(), b.evidence_rows()),
    ):
        left_set, right_set = set(left), set(right)
        if len(left_set) != len(left) or len(right_set) != len(right):
            lines.append(
                f"{label}: duplicate rows ({name_a} {len(left)}/{len(left_set)}, "
                f"{name_b} {len(right)}/{len(right_set)})"
            )
        only_left = sorted(left_set - right_set)
        only_right = sorted(right_set - left_set)
        for row in only_left[:limit]:
            lines.append(f"{label} only in {name_a}: {row}")
        for row in only_right[:limit]:
            lines.append(f"{label} only in {name_b}: {row}")
        if len(only_left) > limit or len(only_right) > limit:
            lines.append(
                f"{label}: {len(only_left)} only in {name_a}, "
                f"{len(only_right)} only in {name_b} in all"
            )
    return lines


def regie_output(result: SelectionResult, person_ids: dict[str, int]) -> RoundOutput:
    """Regie's selection result as a RoundOutput; ``person_ids`` maps BSN to ``persoon``."""
    outcomes: list[Outcome] = []
    evidence: list[EvidenceRow] = []
    for outcome in result.outcomes:
        persoon = person_ids[outcome.person.bsn]
        outcomes.append((persoon, outcome.approach, outcome.outcome, ";".join(outcome.reasons)))
        for rule in outcome.rules:
            for fact in rule.evidence:
                evidence.append((persoon, outcome.approach, rule.id, fact.bron, fact.bron_id))
    return RoundOutput(outcomes, evidence)


def tables_to_parquet(tables: InputTables, folder: Path) -> None:
    """Write small input tables (built by ``tables_build``) as Parquet, for tests."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, schema in SCHEMAS.items():
        columns = tables.columns[table]
        arrow = pa.table(
            {
                name: pa.array(columns[name], type=pa.int32() if kind == "INTEGER" else pa.string())
                for name, kind in schema
            }
        )
        pq.write_table(arrow, folder / f"{table}.parquet")


def tables_from_csv(deliveries: Path, folder: Path) -> dict[str, int]:
    """Build the input tables from a folder of noise-free deliveries, in DuckDB, as Parquet.

    The benchmark's data are too large for the Python reader of ``regie select`` (which
    validates row by row); they come from the synthetic generators and are valid by
    construction. Persons are numbered by BSN order, as ``tables_build`` does; with no
    identity noise every row of a BSN carries the same name and date of birth. Also
    writes ``identiteiten.parquet`` (persoon, bsn, names, date of birth) for the
    explanation. Returns the row count of each table.
    """
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p) for p in deliveries.glob("*.csv") if p.name != "deelnemers.csv")
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE ruw AS SELECT * FROM read_csv($files, header = true, "
        "all_varchar = true, union_by_name = true)",
        {"files": files},
    )
    con.execute(
        "CREATE TEMP TABLE deelnemers_ruw AS SELECT * FROM read_csv($file, header = true, "
        "all_varchar = true)",
        {"file": str(deliveries / "deelnemers.csv")},
    )
    con.execute(
        """
        CREATE TEMP TABLE identiteiten AS
        SELECT (row_number() OVER (ORDER BY bsn) - 1)::INTEGER AS persoon, bsn,
               achternaam, tussenvoegsel, voornamen, geboortedatum
        FROM (
            SELECT bsn, min(achternaam) AS achternaam, min(tussenvoegsel) AS tussenvoegsel,
                   min(voornamen) AS voornamen, min(geboortedatum) AS geboortedatum
            FROM (SELECT bsn, achternaam, tussenvoegsel, voornamen, geboortedatum FROM ruw
                  UNION ALL
                  SELECT bsn, achternaam, tussenvoegsel, voornamen, geboortedatum
                  FROM deelnemers_ruw)
            GROUP BY bsn
        )
        """
    )
    ymd = "(year({0}) * 10000 + month({0}) * 100 + day({0}))::INTEGER"
    day = "({0} - DATE '1970-01-01')::INTEGER"
    queries = {
        "feiten": f"""
            SELECT i.persoon, r.bron, r.bron_id, r.soort, r.categorie, r.detail,
                   {ymd.format("r.datum::DATE")} AS datum,
                   {ymd.format("r.einddatum::DATE")} AS einddatum,
                   {day.format("r.datum::DATE")} AS dag,
                   {day.format("r.einddatum::DATE")} AS einddag,
                   {ymd.format("i.geboortedatum::DATE")} AS geboortedatum
            FROM ruw AS r JOIN identiteiten AS i USING (bsn)
            ORDER BY i.persoon
        """,
        "personen": f"""
            SELECT persoon, {ymd.format("geboortedatum::DATE")} AS geboortedatum
            FROM identiteiten ORDER BY persoon
        """,
        "deelnemers": f"""
            SELECT i.persoon, d.aanpak, {ymd.format("d.instroomdatum::DATE")} AS instroomdatum
            FROM deelnemers_ruw AS d JOIN identiteiten AS i USING (bsn)
            ORDER BY i.persoon, d.aanpak
        """,
        "geleverd": "SELECT DISTINCT bron FROM ruw ORDER BY bron",
        "identiteiten": "SELECT * FROM identiteiten ORDER BY persoon",
    }
    counts = {}
    for table, query in queries.items():
        target = folder / f"{table}.parquet"
        con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
        counts[table] = int(pq.read_metadata(target).num_rows)
    con.close()
    return counts


# --- calendar helpers for the independent implementations ------------------------------
# Deliberately not imported from regie: the implementations compared with Regie's engine
# do their own date arithmetic, as spec/criteria.md describes it.

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()


def ymd(day: date) -> int:
    """A date as the integer ``yyyymmdd`` (the form of ``datum`` in the input tables)."""
    return day.year * 10000 + day.month * 100 + day.day


def epoch_day(day: date) -> int:
    """A date as days since 1970-01-01 (the form of ``dag`` in the input tables)."""
    return day.toordinal() - _EPOCH_ORDINAL


def years_back(day: date, years: int) -> date:
    """``day`` minus ``years`` calendar years; 29 February lands on 28 February when the
    year reached is not a leap year."""
    year = day.year - years
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day.month == 2 and day.day == 29 and not leap:
        return date(year, 2, 28)
    return date(year, day.month, day.day)
