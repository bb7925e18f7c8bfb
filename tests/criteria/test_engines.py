"""What the engines do beyond the regeling cases: the persons they keep, the codes they take.

The regeling cases run one person at a time with ``every_person=True``; a real round keeps
only the persons with an outcome. These tests run a generated input of 1,500 persons on
every engine both ways and require the same outcomes and the same evidence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from regie.criteria.compiler import compile_regeling
from regie.criteria.engines import Engine, EngineError, RawResult, engine_open
from regie.criteria.regeling import regeling_for
from regie.criteria.selection import evidence_as_json, selection_run
from regie.criteria.tables import SCHEMAS, InputTables, tables_build
from regie.formats.delivery import read_input_folder
from regie.synth.quick import quick_input_write

PEILDATUM = date(2026, 2, 1)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> InputTables:
    root: Path = tmp_path_factory.mktemp("engines")
    quick_input_write(root, persons=1500, facts=20000, peildatum=PEILDATUM, seed=7)
    folder = read_input_folder(root, delivery_date=PEILDATUM, bsn_required=True)
    return tables_build(folder.facts, folder.participants, folder.delivered_partners)


def rows_with_outcome(raw: RawResult) -> list[tuple[object, ...]]:
    at = raw.columns.index("uitkomst")
    return [row for row in raw.rows if row[at] is not None]


@pytest.mark.parametrize("approach", ["top400", "top600"])
def test_a_round_keeps_only_the_persons_with_an_outcome_and_loses_nothing(
    engine: Engine, tables: InputTables, approach: str
) -> None:
    # given a generated input of 1,500 persons loaded into the engine
    engine.load(tables)
    compiled = compile_regeling(regeling_for(approach, PEILDATUM), PEILDATUM)
    # when the regeling runs for every person and as a round (outcomes only)
    everyone = engine.run(compiled, every_person=True)
    round_ = engine.run(compiled)
    # then the round has exactly the rows of the persons with an outcome, and their evidence
    assert len(everyone.rows) == len(tables.persons)
    assert round_.columns == everyone.columns
    assert round_.rows == rows_with_outcome(everyone)
    assert len(round_.rows) > 10
    assert round_.evidence.equals(everyone.evidence)
    assert round_.evidence.num_rows > len(round_.rows)


def table_names(engine: Engine) -> set[str]:
    if engine.name == "sqlite":
        _, rows = engine._query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        _, rows = engine._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    return {str(row[0]) for row in rows}


def test_the_evidence_step_table_is_removed_after_the_round(
    engine: Engine, tables: InputTables
) -> None:
    engine.load(tables)
    compiled = compile_regeling(regeling_for("top600", PEILDATUM), PEILDATUM)
    engine.run(compiled)
    names = table_names(engine)
    assert {*SCHEMAS, compiled.result_table} <= names
    assert [n for n in names if n.startswith("kandidaatfeiten")] == []


def empty_tables() -> dict[str, pa.Table]:
    return {
        table: pa.table(
            {
                name: pa.array([], type=pa.int32() if kind == "INTEGER" else pa.string())
                for name, kind in schema
            }
        )
        for table, schema in SCHEMAS.items()
    }


def test_duckdb_refuses_a_fact_kind_outside_the_delivery_format_naming_table_and_value() -> None:
    # given a fact whose soort is not a kind of the delivery format
    tables = empty_tables()
    fact: dict[str, list[object]] = {name: [None] for name, _ in SCHEMAS["feiten"]}
    fact.update(
        persoon=[0],
        bron=["politie"],
        bron_id=["P-1"],
        soort=["aanhoudingg"],
        categorie=["overval"],
        datum=[20250101],
    )
    tables["feiten"] = pa.table(
        {
            name: pa.array(fact[name], type=pa.int32() if kind == "INTEGER" else pa.string())
            for name, kind in SCHEMAS["feiten"]
        }
    )
    # when it is loaded into DuckDB, whose code columns are ENUMs of the format's codes
    with engine_open("duckdb") as engine, pytest.raises(EngineError) as refused:
        engine.load_arrow(tables)
    # then the load is refused with the table, the column and the value
    message = str(refused.value)
    assert message.startswith("tabel feiten: ")
    assert "'aanhoudingg'" in message
    assert "soort" in message
    assert "codelijst" in message


def ymd_date(value: int | None) -> date | None:
    return None if value is None else date(value // 10000, value // 100 % 100, value % 100)


def test_the_explanation_gives_each_evidence_fact_as_delivered(
    engine: Engine, tables: InputTables
) -> None:
    # given a round on the generated input, and the facts as they went in
    feiten = tables.columns["feiten"]
    delivered = {
        (bron, bron_id): (ymd_date(datum), ymd_date(einddatum))
        for bron, bron_id, datum, einddatum in zip(
            feiten["bron"], feiten["bron_id"], feiten["datum"], feiten["einddatum"], strict=True
        )
    }
    regelingen = [regeling_for(a, PEILDATUM) for a in ("top400", "top600")]
    result = selection_run(tables, regelingen, PEILDATUM, engine)
    # when the evidence is read as facts and as uitleg.json writes it
    compared = with_end = 0
    for outcome in result.outcomes:
        for rule in outcome.rules:
            facts = tuple(rule.evidence)
            written = evidence_as_json(rule.evidence)
            # then both give the delivered dates of each fact
            assert [(f.datum, f.einddatum) for f in facts] == [
                delivered[(f.bron, f.bron_id)] for f in facts
            ]
            assert written == evidence_as_json(facts)
            compared += len(facts)
            with_end += sum(1 for f in written if f["einddatum"] is not None)
    assert compared > 100
    assert with_end > 0, "the input has periods with an end date"


@pytest.mark.parametrize("approach", ["top400", "top600"])
def test_near_misses_get_their_facts_and_every_engine_finds_the_same(
    engine: Engine, tables: InputTables, approach: str
) -> None:
    # given the generated input, evaluated on this engine with the near misses
    regeling = regeling_for(approach, PEILDATUM)
    with engine_open("duckdb") as reference:
        expected = selection_run(tables, [regeling], PEILDATUM, reference, near_misses=True)
    result = selection_run(tables, [regeling], PEILDATUM, engine, near_misses=True)
    # then there are near misses, each named with the criterion it failed
    near = [o for o in result.outcomes if o.outcome == "bijna"]
    assert len(near) > 5
    assert all(len(o.reasons) == 1 for o in near)
    assert all(o.rule(o.reasons[0]).value is False for o in near)
    # and their facts are gathered like everyone's: at least one near miss has some
    assert any(rule.evidence for o in near for rule in o.rules)
    # and every engine gives the same outcomes, reasons and facts as DuckDB
    assert [
        (o.person.key, o.outcome, o.reasons, [evidence_as_json(r.evidence) for r in o.rules])
        for o in result.outcomes
    ] == [
        (o.person.key, o.outcome, o.reasons, [evidence_as_json(r.evidence) for r in o.rules])
        for o in expected.outcomes
    ]
    # and the table of marked persons is gone
    assert [n for n in table_names(engine) if n.startswith("gemarkeerd")] == []
