"""Every regeling test case (tests/criteria/cases/*.yaml) on every engine."""

from __future__ import annotations

from typing import Any

import pytest
from casekit import Case, case_check, case_tables, cases_load

from regie.criteria.compiler import compile_regeling
from regie.criteria.engines import Engine
from regie.criteria.regeling import Regeling, regeling_load, regeling_paths
from regie.criteria.selection import outcomes_from_raw
from regie.formats.codes import PARTNERS

CASES = cases_load()
REGELINGEN: dict[str, Regeling] = {
    approach: regeling_load(regeling_paths(approach)[-1]) for approach in ("top400", "top600")
}


def test_there_are_at_least_eighty_cases() -> None:
    assert len(CASES) >= 80
    assert len({(c.file, c.name) for c in CASES}) == len(CASES)


def evaluate(engine: Engine, case: Case) -> dict[str, Any]:
    regeling = REGELINGEN[case.approach]
    tables = case_tables(case)
    engine.load(tables)
    raw = engine.run(compile_regeling(regeling, case.peildatum), every_person=True)
    assert len(raw.rows) == 1
    row = dict(zip(raw.columns, raw.rows[0], strict=True))
    delivered = frozenset(case.spec.get("geleverd", PARTNERS))
    outcomes = outcomes_from_raw(
        regeling, raw.columns, raw.rows, raw.evidence, tables.persons, delivered
    )
    return {
        "values": {
            r: None if row[f"w_{r}"] is None else bool(row[f"w_{r}"]) for r in regeling.rules
        },
        "counts": {r: row[f"n_{r}"] for r in regeling.rules},
        "outcome": outcomes[0] if outcomes else None,
    }


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_case(engine: Engine, case: Case) -> None:
    # given the case's facts, when the regeling runs on this engine
    result = evaluate(engine, case)
    # then every expectation of the case holds exactly
    assert case_check(case, REGELINGEN[case.approach], result) == []
