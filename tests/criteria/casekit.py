"""Turn a YAML regeling test case into input tables and check a result against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from regie.criteria.regeling import Regeling
from regie.criteria.tables import InputTables, tables_build
from regie.formats.codes import FACT_KINDS, PARTNERS
from regie.formats.delivery import FactTable, ParticipantTable

CASES_DIR = Path(__file__).parent / "cases"
CASE_BSN = "123456782"
VALUES = {True: True, False: False, "onbekend": None}


@dataclass(frozen=True)
class Case:
    file: str
    approach: str
    name: str
    spec: dict[str, Any]

    @property
    def peildatum(self) -> date:
        value = self.spec["peildatum"]
        assert isinstance(value, date)
        return value


def cases_load() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for spec in data["gevallen"]:
            cases.append(Case(path.name, data["aanpak"], spec["name"], spec))
    return cases


def case_tables(case: Case) -> InputTables:
    spec = case.spec
    birth = spec["geboortedatum"]
    facts = FactTable.empty()
    for line, fact in enumerate(spec.get("feiten") or [], start=2):
        kind = fact["soort"]
        facts.bron.append(fact.get("bron", FACT_KINDS[kind].partners[0]))
        facts.bron_id.append(f"f{line}")
        facts.bsn.append(CASE_BSN)
        facts.achternaam.append("Testpersoon")
        facts.tussenvoegsel.append(None)
        facts.voornamen.append("Kees")
        facts.geboortedatum.append(birth)
        facts.soort.append(kind)
        facts.datum.append(fact["datum"])
        facts.einddatum.append(fact.get("einddatum"))
        facts.categorie.append(fact.get("categorie"))
        facts.detail.append(fact.get("detail"))
        facts.bestand.append("geval.csv")
        facts.regel.append(line)
    participants = ParticipantTable(
        bsn=[],
        achternaam=[],
        tussenvoegsel=[],
        voornamen=[],
        geboortedatum=[],
        aanpak=[],
        instroomdatum=[],
        regel=[],
    )
    if "deelnemer_sinds" in spec:
        participants.bsn.append(CASE_BSN)
        participants.achternaam.append("Testpersoon")
        participants.tussenvoegsel.append(None)
        participants.voornamen.append("Kees")
        participants.geboortedatum.append(birth)
        participants.aanpak.append(case.approach)
        participants.instroomdatum.append(spec["deelnemer_sinds"])
        participants.regel.append(2)
    if not spec.get("feiten") and "deelnemer_sinds" not in spec:
        # A person with no facts at all does not exist for the engine; give them a
        # registration outside the region so that their criteria are still evaluated.
        raise ValueError(f"{case.name}: a case needs at least one fact or a participation")
    delivered = frozenset(spec.get("geleverd", PARTNERS))
    return tables_build(facts, participants, delivered)


def case_check(case: Case, regeling: Regeling, outcomes: dict[str, Any]) -> list[str]:
    """Compare; return the differences as readable lines (empty when the case holds)."""
    expected = case.spec["verwacht"]
    differences = []
    outcome = outcomes.get("outcome")
    for key, want in expected.items():
        if key == "uitkomst":
            got = outcome.outcome if outcome else "geen"
            if got != want:
                differences.append(f"uitkomst: verwacht {want}, kreeg {got}")
        elif key == "redenen":
            got_reasons = list(outcome.reasons) if outcome else []
            if got_reasons != list(want):
                differences.append(f"redenen: verwacht {want}, kreeg {got_reasons}")
        elif key == "aantallen":
            for rule_id, count in want.items():
                got_count = outcomes["counts"].get(rule_id)
                if got_count != count:
                    differences.append(f"aantal {rule_id}: verwacht {count}, kreeg {got_count}")
        else:
            if key not in regeling.rules:
                differences.append(f"onbekende regel {key}")
                continue
            got_value = outcomes["values"].get(key)
            if got_value != VALUES[want]:
                differences.append(f"{key}: verwacht {want}, kreeg {got_value}")
    return differences
