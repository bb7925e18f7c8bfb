"""A selection run: every regeling over the input tables on one engine, with explanations.

The result is engine-independent data: per person and approach the outcome
(``instroom``, ``blijft``, ``uitstroom``, or ``onbekend`` when a partner that a deciding
criterion needs did not deliver), the reasons, and per rule the value, the count, the
threshold, the window and the evidence facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Final, overload

import pyarrow as pa
import pyarrow.compute as pc

from regie.criteria.compiler import (
    EVIDENCE_COLUMNS,
    CompiledRegeling,
    compile_regeling,
    rule_window,
)
from regie.criteria.engines import Engine
from regie.criteria.nearmiss import Distance, near_miss
from regie.criteria.regeling import AgeRule, CompositeRule, FactRule, Regeling, Rule
from regie.criteria.tables import InputTables, Person
from regie.formats.codes import FACT_KINDS

OUTCOMES: Final = ("instroom", "blijft", "uitstroom", "onbekend")
#: The outcome of a person who fails the inflow by one criterion (only when asked for).
NEAR_MISS: Final = "bijna"
_EPOCH: Final = date(1970, 1, 1)


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
    evidence: Sequence[Evidence]


class EvidenceColumns:
    """The evidence facts of one regeling's run, column by column.

    Kept as Arrow until the first fact is read; then each column becomes one Python list,
    once, with the dates converted by Arrow (a national round has about 600,000
    evidence facts: converting each rule's slice of a person separately took 3 s).
    """

    __slots__ = ("_json", "_lists", "_table")

    def __init__(self, table: pa.Table) -> None:
        self._table = table
        self._lists: tuple[list[Any], ...] | None = None
        self._json: tuple[list[Any], ...] | None = None

    def _column(self, name: str, dates: str | None) -> list[Any]:
        column = self._table.column(name)
        if dates == "date":
            text = pc.cast(column, pa.string())
            column = pc.cast(pc.strptime(text, format="%Y%m%d", unit="s"), pa.date32())
        elif dates == "iso":
            text = pc.cast(column, pa.string())
            parts = [pc.utf8_slice_codeunits(text, a, b) for a, b in ((0, 4), (4, 6), (6, 8))]
            column = pc.binary_join_element_wise(*parts, "-")
        values: list[Any] = column.to_pylist()
        return values

    def lists(self) -> tuple[list[Any], ...]:
        """bron, bron_id, datum, einddatum, categorie, detail; the dates as dates."""
        if self._lists is None:
            self._lists = tuple(
                self._column(n, "date" if n in _DATE_FIELDS else None) for n in _FIELDS
            )
        return self._lists

    def json_lists(self) -> tuple[list[Any], ...]:
        """The same, with the dates as ISO text (for uitleg.json)."""
        if self._json is None:
            self._json = tuple(
                self._column(n, "iso" if n in _DATE_FIELDS else None) for n in _FIELDS
            )
        return self._json

    def fact(self, row: int) -> Evidence:
        bron, bron_id, datum, einddatum, categorie, detail = self.lists()
        return Evidence(
            bron[row], bron_id[row], datum[row], einddatum[row], categorie[row], detail[row]
        )


_FIELDS: Final = EVIDENCE_COLUMNS[2:]  # bron, bron_id, datum, einddatum, categorie, detail
_DATE_FIELDS: Final = frozenset({"datum", "einddatum"})


class EvidenceRows(Sequence[Evidence]):
    """The evidence facts of one rule for one person.

    A range of the columnar evidence of a whole round: a national round has hundreds of
    thousands of evidence facts, so an :class:`Evidence` object is made only when a fact
    is read.
    """

    __slots__ = ("_columns", "_start", "_stop")

    def __init__(self, columns: EvidenceColumns, start: int, stop: int) -> None:
        self._columns, self._start, self._stop = columns, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> Evidence: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Evidence]: ...
    def __getitem__(self, index: int | slice) -> Evidence | Sequence[Evidence]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._columns.fact(self._start + index % len(self))

    def __iter__(self) -> Iterator[Evidence]:
        fact = self._columns.fact
        for row in range(self._start, self._stop):
            yield fact(row)

    def as_json(self) -> list[dict[str, Any]]:
        """The facts as in uitleg.json, straight from the columns."""
        columns = self._columns.json_lists()
        return [
            dict(zip(_FIELDS, (c[row] for c in columns), strict=True))
            for row in range(self._start, self._stop)
        ]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EvidenceRows({list(self)!r})"


def evidence_as_json(evidence: Sequence[Evidence]) -> list[dict[str, Any]]:
    """Evidence facts as in uitleg.json: partner, id, dates as ISO text, code, detail."""
    if isinstance(evidence, EvidenceRows):
        return evidence.as_json()
    return [
        {
            "bron": e.bron,
            "bron_id": e.bron_id,
            "datum": e.datum.isoformat(),
            "einddatum": e.einddatum.isoformat() if e.einddatum else None,
            "categorie": e.categorie,
            "detail": e.detail,
        }
        for e in evidence
    ]


_NO_EVIDENCE: Final = ()


@dataclass(frozen=True)
class _RawRound:
    """What one regeling's run gave, shared by the outcomes of its persons."""

    regeling: Regeling
    index: Mapping[str, int]
    evidence: EvidenceColumns
    groups: Mapping[tuple[int, str], tuple[int, int]]  # (persoon, regel) -> row range
    missing_for_fact: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class PersonOutcome:
    person: Person
    approach: str
    outcome: str
    reasons: tuple[str, ...]
    _persoon: int = field(repr=False, compare=False)
    _row: tuple[Any, ...] = field(repr=False, compare=False)
    _raw: _RawRound = field(repr=False, compare=False)

    @cached_property
    def rules(self) -> tuple[RuleOutcome, ...]:
        """Per rule of the regeling (in file order): value, count, missing sources, evidence.

        Made when first read: a round needs the outcomes of everyone, the explanation
        only of those someone looks at.
        """
        raw, row = self._raw, self._row
        outcomes: dict[str, RuleOutcome] = {}
        for rule_id in raw.regeling.order:
            rule = raw.regeling.rules[rule_id]
            raw_value = row[raw.index[f"w_{rule_id}"]]
            value = None if raw_value is None else bool(int(raw_value))
            raw_count = row[raw.index[f"n_{rule_id}"]]
            count = None if raw_count is None else int(raw_count)
            missing: tuple[str, ...] = ()
            if value is None:
                if isinstance(rule, FactRule):
                    missing = raw.missing_for_fact[rule.fact]
                elif isinstance(rule, CompositeRule):
                    missing = tuple(
                        sorted(
                            {
                                source
                                for child in rule.children
                                if outcomes[child].value is None
                                for source in outcomes[child].missing_sources
                            }
                        )
                    )
            span = raw.groups.get((self._persoon, rule_id))
            evidence: Sequence[Evidence] = (
                _NO_EVIDENCE if span is None else EvidenceRows(raw.evidence, *span)
            )
            outcomes[rule_id] = RuleOutcome(rule_id, value, count, missing, evidence)
        return tuple(outcomes[r] for r in raw.regeling.rules)

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
            counts = table[outcome.approach]
            counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
        return table


def selection_run(
    tables: InputTables,
    regelingen: Sequence[Regeling],
    peildatum: date,
    engine: Engine,
    *,
    on_step: Callable[[str], None] | None = None,
    near_misses: bool = False,
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
        near_misses=near_misses,
    )


def selection_evaluate(
    engine: Engine,
    regelingen: Sequence[Regeling],
    peildatum: date,
    *,
    persons: Sequence[Person],
    delivered: frozenset[str],
    on_step: Callable[[str], None] | None = None,
    near_misses: bool = False,
) -> SelectionResult:
    """Evaluate every regeling on the tables already loaded into ``engine``.

    ``persons[persoon]`` is the person behind each ``persoon`` number of the tables;
    ``delivered`` the partners that delivered this round. With ``near_misses`` the
    outcomes also hold the persons who fail the inflow by one criterion
    (:mod:`regie.criteria.nearmiss`), as outcome :data:`NEAR_MISS` with the failed
    criteria as reasons, and their facts in the explanation like everyone else's.
    """
    step = on_step or (lambda _: None)
    compiled_all = []
    outcomes: list[PersonOutcome] = []
    for regeling in regelingen:
        step(f"{regeling.approach}: criteria evalueren")
        compiled = compile_regeling(regeling, peildatum)
        compiled_all.append(compiled)
        columns, rows = engine.outcomes(compiled, every_person=near_misses)
        near = near_misses_find(regeling, columns, rows) if near_misses else {}
        # the near misses get their facts gathered too: a reviewer sees which facts count
        engine.outcome_mark(compiled, sorted(near), NEAR_MISS)
        evidence = engine.evidence(compiled)
        step(f"{regeling.approach}: uitleg opbouwen")
        outcomes.extend(
            outcomes_from_raw(
                regeling, columns, rows, evidence, persons, delivered, near_misses=near
            )
        )
    outcomes.sort(key=lambda o: (o.person.key, o.approach))
    return SelectionResult(
        peildatum, engine.name, engine.version(), tuple(compiled_all), tuple(outcomes)
    )


def near_misses_find(
    regeling: Regeling, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> dict[int, Distance]:
    """The persons (``persoon``) without an outcome who fail the inflow by one criterion."""
    index = {name: i for i, name in enumerate(columns)}
    value_column = {r: index[f"w_{r}"] for r in regeling.order}
    inflow_column = index[f"w_{regeling.inflow_rule}"]
    outcome_column, person_column = index["uitkomst"], index["persoon"]
    found = {}
    for row in rows:
        if row[outcome_column] is not None or row[inflow_column] is None:
            continue

        def value_of(rule_id: str, row: tuple[Any, ...] = row) -> bool | None:
            raw_value = row[value_column[rule_id]]
            return None if raw_value is None else bool(int(raw_value))

        distance = near_miss(regeling, value_of)
        if distance is not None:
            found[int(row[person_column])] = distance
    return found


def outcomes_from_raw(
    regeling: Regeling,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    evidence: pa.Table,
    persons: Sequence[Person],
    delivered: frozenset[str],
    *,
    near_misses: Mapping[int, Distance] | None = None,
) -> list[PersonOutcome]:
    """The outcomes of one regeling's run; ``evidence`` is sorted by persoon and regel.

    Rows without an outcome are skipped, but for the ``near_misses`` (from
    :func:`near_misses_find`): they get the outcome :data:`NEAR_MISS` with the failed
    criteria as reasons.
    """
    index = {name: i for i, name in enumerate(columns)}
    raw = _RawRound(
        regeling=regeling,
        index=index,
        evidence=EvidenceColumns(evidence),
        groups=evidence_groups(evidence),
        missing_for_fact={
            kind: tuple(p for p in spec.partners if p not in delivered)
            for kind, spec in FACT_KINDS.items()
        },
    )
    near = near_misses or {}
    reason_columns = [(r, index[f"w_{r}"]) for r in regeling.inflow_reasons]
    result = []
    for row in rows:
        outcome = row[index["uitkomst"]]
        persoon = int(row[index["persoon"]])
        if outcome is None:
            distance = near.get(persoon)
            if distance is None:
                continue
            outcome, reasons = NEAR_MISS, distance.rules
        elif outcome == "instroom":
            reasons = tuple(r for r, i in reason_columns if row[i] is not None and int(row[i]))
        else:
            reason = row[index["reden"]]
            reasons = (str(reason),) if reason is not None else ()
        result.append(
            PersonOutcome(
                person=persons[persoon],
                approach=regeling.approach,
                outcome=str(outcome),
                reasons=reasons,
                _persoon=persoon,
                _row=row,
                _raw=raw,
            )
        )
    return result


def evidence_groups(evidence: pa.Table) -> dict[tuple[int, str], tuple[int, int]]:
    """The row range of each (persoon, regel) in evidence sorted by persoon and regel.

    Computed with Arrow (run-end encoding of one integer key per row), so that the cost
    in Python is per group, not per fact.
    """
    if evidence.num_rows == 0:
        return {}
    rule_codes = pc.dictionary_encode(evidence.column("regel")).combine_chunks()
    names = rule_codes.dictionary.to_pylist()
    width = len(names)
    key = pc.add(
        pc.multiply(pc.cast(evidence.column("persoon"), pa.int64()), width),
        pc.cast(rule_codes.indices, pa.int64()),
    )
    runs = pc.run_end_encode(key.combine_chunks() if isinstance(key, pa.ChunkedArray) else key)
    ends = runs.run_ends.to_pylist()
    values = runs.values.to_pylist()
    groups = {}
    start = 0
    for end, value in zip(ends, values, strict=True):
        persoon, rule = divmod(value, width)
        groups[(persoon, names[rule])] = (start, end)
        start = end
    return groups


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


def rule_descriptions(regeling: Regeling, peildatum: date) -> dict[str, dict[str, Any]]:
    """What the explanation says of each rule whatever the person: label, threshold, window."""
    descriptions = {}
    for rule in regeling.rules.values():
        description: dict[str, Any] = {
            "label": rule.label,
            "bron": rule.source,
            "drempel": rule_threshold_description(rule),
        }
        window = rule_window_description(rule, peildatum)
        if window is not None:
            description["venster"] = window
        if isinstance(rule, CompositeRule):
            description["onderdelen"] = list(rule.children)
        if isinstance(rule, FactRule) and rule.block == "dagen_in_periode":
            description["toelichting"] = (
                "dagen in het venster waarop minstens één periode liep; overlappende "
                "perioden tellen één keer, een open einddatum loopt tot de peildatum"
            )
        descriptions[rule.id] = description
    return descriptions


def outcome_as_dict(
    outcome: PersonOutcome,
    regeling: Regeling,
    peildatum: date,
    descriptions: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """One person's outcome for one approach as in uitleg.json.

    ``descriptions`` is :func:`rule_descriptions` of the regeling, made once per round by
    a caller that explains many persons.
    """
    if descriptions is None:
        descriptions = rule_descriptions(regeling, peildatum)
    criteria = []
    for rule_outcome in outcome.rules:
        rule = regeling.rules[rule_outcome.id]
        described = descriptions[rule.id]
        entry: dict[str, Any] = {
            "id": rule.id,
            "label": described["label"],
            "bron": described["bron"],
            "uitkomst": value_word(rule_outcome.value),
            "aantal": rule_outcome.count,
            "drempel": described["drempel"],
        }
        if "venster" in described:
            entry["venster"] = described["venster"]
        if "onderdelen" in described:
            entry["onderdelen"] = described["onderdelen"]
        if rule_outcome.missing_sources:
            entry["ontbrekende_bronnen"] = list(rule_outcome.missing_sources)
        if isinstance(rule, FactRule):
            entry["bewijs"] = evidence_as_json(rule_outcome.evidence)
        if "toelichting" in described:
            entry["toelichting"] = described["toelichting"]
        criteria.append(entry)
    return {
        "aanpak": outcome.approach,
        "regeling": regeling.file_label,
        "regeling_sha256": regeling.sha256,
        "uitkomst": outcome.outcome,
        "redenen": list(outcome.reasons),
        "criteria": criteria,
    }
