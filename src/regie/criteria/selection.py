"""A selection run: every regeling over the input tables on one engine, with explanations.

The result is engine-independent data: per person and approach the outcome
(``instroom``, ``blijft``, ``uitstroom``, or ``onbekend`` when a partner that a deciding
criterion needs did not deliver), the reasons, and per rule the value, the count, the
threshold, the window and the evidence facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from regie.criteria.compiler import CompiledRegeling, compile_regeling, rule_window
from regie.criteria.engines import Engine
from regie.criteria.regeling import AgeRule, CompositeRule, FactRule, Regeling, Rule
from regie.criteria.tables import InputTables, Person
from regie.formats.codes import FACT_KINDS

OUTCOMES: Final = ("instroom", "blijft", "uitstroom", "onbekend")
_EPOCH: Final = date(1970, 1, 1)


def date_from_ymd(value: int) -> date:
    return date(value // 10000, value // 100 % 100, value % 100)


@dataclass(frozen=True)
class Evidence:
    bron: str
    bron_id: str
    datum: date
    einddatum: date | None
    categorie: str | None
    detail: str | None


@dataclass(frozen=True)
class RuleOutcome:
    id: str
    value: bool | None  # None = unknown
    count: int | None
    missing_sources: tuple[str, ...]  # partners whose absence makes the value unknown
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PersonOutcome:
    person: Person
    approach: str
    outcome: str
    reasons: tuple[str, ...]
    rules: tuple[RuleOutcome, ...]

    def rule(self, rule_id: str) -> RuleOutcome:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(frozen=True)
class SelectionResult:
    peildatum: date
    engine: str
    engine_version: str
    compiled: tuple[CompiledRegeling, ...]
    outcomes: tuple[PersonOutcome, ...]  # sorted by BSN, then approach

    def counts(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {
            c.regeling.approach: dict.fromkeys(OUTCOMES, 0) for c in self.compiled
        }
        for outcome in self.outcomes:
            table[outcome.approach][outcome.outcome] += 1
        return table


def selection_run(
    tables: InputTables,
    regelingen: Sequence[Regeling],
    peildatum: date,
    engine: Engine,
    *,
    on_step: Callable[[str], None] | None = None,
) -> SelectionResult:
    """Load the tables into ``engine`` and evaluate every regeling for ``peildatum``."""
    (on_step or (lambda _: None))("laden")
    engine.load(tables)
    delivered = frozenset(str(b) for b in tables.columns["geleverd"]["bron"])
    return selection_evaluate(
        engine,
        regelingen,
        peildatum,
        persons=tables.persons,
        delivered=delivered,
        on_step=on_step,
    )


def selection_evaluate(
    engine: Engine,
    regelingen: Sequence[Regeling],
    peildatum: date,
    *,
    persons: Sequence[Person],
    delivered: frozenset[str],
    on_step: Callable[[str], None] | None = None,
) -> SelectionResult:
    """Evaluate every regeling on the tables already loaded into ``engine``.

    ``persons[persoon]`` is the person behind each ``persoon`` number of the tables;
    ``delivered`` the partners that delivered this round.
    """
    step = on_step or (lambda _: None)
    compiled_all = []
    outcomes: list[PersonOutcome] = []
    for regeling in regelingen:
        step(f"{regeling.approach}: criteria evalueren")
        compiled = compile_regeling(regeling, peildatum)
        compiled_all.append(compiled)
        raw = engine.run(compiled)
        step(f"{regeling.approach}: uitleg opbouwen")
        outcomes.extend(
            outcomes_from_raw(regeling, raw.columns, raw.rows, raw.evidence, persons, delivered)
        )
    outcomes.sort(key=lambda o: (o.person.bsn, o.approach))
    return SelectionResult(
        peildatum, engine.name, engine.version(), tuple(compiled_all), tuple(outcomes)
    )


def outcomes_from_raw(
    regeling: Regeling,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    evidence_rows: list[tuple[Any, ...]],
    persons: Sequence[Person],
    delivered: frozenset[str],
) -> list[PersonOutcome]:
    index = {name: i for i, name in enumerate(columns)}
    evidence: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    for persoon, regel, bron, bron_id, datum, einddatum, categorie, detail in evidence_rows:
        evidence[(int(persoon), str(regel))].append(
            Evidence(
                bron,
                bron_id,
                date_from_ymd(int(datum)),
                None if einddatum is None else date_from_ymd(int(einddatum)),
                categorie,
                detail,
            )
        )
    missing_for_fact = {
        kind: tuple(p for p in spec.partners if p not in delivered)
        for kind, spec in FACT_KINDS.items()
    }
    result = []
    for row in rows:
        outcome = row[index["uitkomst"]]
        if outcome is None:
            continue
        persoon = int(row[index["persoon"]])
        rule_outcomes: dict[str, RuleOutcome] = {}
        for rule_id in regeling.order:
            rule = regeling.rules[rule_id]
            raw_value = row[index[f"w_{rule_id}"]]
            value = None if raw_value is None else bool(int(raw_value))
            raw_count = row[index[f"n_{rule_id}"]]
            count = None if raw_count is None else int(raw_count)
            missing: tuple[str, ...] = ()
            if value is None:
                if isinstance(rule, FactRule):
                    missing = missing_for_fact[rule.fact]
                elif isinstance(rule, CompositeRule):
                    missing = tuple(
                        sorted(
                            {
                                source
                                for child in rule.children
                                if rule_outcomes[child].value is None
                                for source in rule_outcomes[child].missing_sources
                            }
                        )
                    )
            rule_outcomes[rule_id] = RuleOutcome(
                rule_id, value, count, missing, tuple(evidence.get((persoon, rule_id), ()))
            )
        reason = row[index["reden"]]
        if outcome == "instroom":
            reasons = tuple(r for r in regeling.inflow_reasons if rule_outcomes[r].value)
        else:
            reasons = (str(reason),) if reason is not None else ()
        result.append(
            PersonOutcome(
                person=persons[persoon],
                approach=regeling.approach,
                outcome=str(outcome),
                reasons=reasons,
                rules=tuple(rule_outcomes[r] for r in regeling.rules),
            )
        )
    return result


# --- explanation as data (uitleg.json) ---------------------------------------------------


def rule_window_description(rule: Rule, peildatum: date) -> dict[str, str] | None:
    """The dates a rule looks at, for the explanation."""
    if isinstance(rule, FactRule):
        if rule.block == "periode_op_peildatum":
            return {"op": peildatum.isoformat()}
        window = rule_window(rule, peildatum)
        if window.start is None:
            return {"tot_en_met": peildatum.isoformat()}
        return {
            "van": (window.start + timedelta(days=1)).isoformat(),
            "tot_en_met": window.end.isoformat(),
        }
    if isinstance(rule, AgeRule):
        return {"op": peildatum.isoformat()}
    return None


def rule_threshold_description(rule: Rule) -> dict[str, int]:
    if isinstance(rule, FactRule):
        if rule.block == "periode_op_peildatum":
            return {"ten_minste": 1}
        return {t.op: t.parameter.number for t in rule.thresholds}
    if isinstance(rule, AgeRule):
        return {t.op: t.parameter.number for t in rule.thresholds}
    assert isinstance(rule, CompositeRule)
    if rule.block == "alle_van":
        return {"ten_minste": len(rule.children)}
    if rule.block == "een_van":
        return {"ten_minste": 1}
    if rule.block == "niet":
        return {"ten_minste": 1}
    assert rule.k is not None
    return {"ten_minste": rule.k.number}


def value_word(value: bool | None) -> str:
    return "onbekend" if value is None else ("voldaan" if value else "niet voldaan")


def outcome_as_dict(outcome: PersonOutcome, regeling: Regeling, peildatum: date) -> dict[str, Any]:
    criteria = []
    for rule_outcome in outcome.rules:
        rule = regeling.rules[rule_outcome.id]
        entry: dict[str, Any] = {
            "id": rule.id,
            "label": rule.label,
            "bron": rule.source,
            "uitkomst": value_word(rule_outcome.value),
            "aantal": rule_outcome.count,
            "drempel": rule_threshold_description(rule),
        }
        window = rule_window_description(rule, peildatum)
        if window is not None:
            entry["venster"] = window
        if isinstance(rule, CompositeRule):
            entry["onderdelen"] = list(rule.children)
        if rule_outcome.missing_sources:
            entry["ontbrekende_bronnen"] = list(rule_outcome.missing_sources)
        if isinstance(rule, FactRule):
            entry["bewijs"] = [
                {
                    "bron": e.bron,
                    "bron_id": e.bron_id,
                    "datum": e.datum.isoformat(),
                    "einddatum": e.einddatum.isoformat() if e.einddatum else None,
                    "categorie": e.categorie,
                    "detail": e.detail,
                }
                for e in rule_outcome.evidence
            ]
            if rule.block == "dagen_in_periode":
                entry["toelichting"] = (
                    "dagen in het venster waarop minstens één periode liep; overlappende "
                    "perioden tellen één keer, een open einddatum loopt tot de peildatum"
                )
        criteria.append(entry)
    return {
        "aanpak": outcome.approach,
        "regeling": regeling.file_label,
        "regeling_sha256": regeling.sha256,
        "uitkomst": outcome.outcome,
        "redenen": list(outcome.reasons),
        "criteria": criteria,
    }
