"""A person's outcome in a round as the pages show it: every criterion in plain Dutch.

Built from the stored explanation (``RoundOutcome.explanation``, the structure of
uitleg.json) and the regeling in force on the peildatum: per criterion met or not, the
count against the threshold, the window and each fact as a sentence
(``regie.criteria.plain``); for a near miss the criterion that failed, for a participant
the outflow reason in words. The round's page and the case page both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final

from regie.criteria.plain import (
    date_long,
    fact_sentence,
    partner_name,
    threshold_phrase,
    window_phrase,
)
from regie.criteria.regeling import (
    AgeRule,
    FactRule,
    Regeling,
    RegelingError,
    Rule,
    regeling_for,
)
from regie.criteria.selection import Evidence
from regie.rounds.constants import OutcomeKind
from regie.rounds.forms import approach_label
from regie.rounds.models import RoundOutcome

RESULT_MARKS: Final = {"voldaan": "✔", "niet voldaan": "✘", "onbekend": "?"}


def partner_names(codes: list[str]) -> list[str]:
    """Partner codes as the page names them: "de politie (politie)"."""
    names = []
    for code in codes:
        try:
            names.append(f"{partner_name(code)} ({code})")
        except ValueError:
            names.append(code)
    return names


# --- a person's explanation --------------------------------------------------------------


@dataclass(frozen=True)
class FactLine:
    sentence: str
    bron: str
    bron_id: str


@dataclass(frozen=True)
class CriterionRow:
    id: str
    label: str
    source: str
    result: str  # voldaan, niet voldaan, onbekend
    depth: int
    count: str
    threshold: str
    window: str
    note: str
    facts: tuple[FactLine, ...]
    missing: tuple[str, ...]

    @property
    def mark(self) -> str:
        return RESULT_MARKS.get(self.result, "?")

    @property
    def css_class(self) -> str:
        return self.result.replace(" ", "-")


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    rows: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class Explanation:
    """A stored explanation (``RoundOutcome.explanation``) ready for the page."""

    approach: str
    outcome: str
    headline: str
    reasons: tuple[str, ...]
    near_miss: str
    outflow_reason: str
    missing: tuple[str, ...]
    sections: tuple[Section, ...]
    regeling_file: str
    regeling_sha256: str
    regeling_changed: bool


@lru_cache(maxsize=32)
def _regeling(approach: str, peildatum: date) -> Regeling | None:
    """The regeling in force on ``peildatum`` (loaded once per process: files change only
    with a new release); ``None`` when it does not load."""
    try:
        return regeling_for(approach, peildatum)
    except (RegelingError, OSError):
        return None


def _figures(criterion: dict[str, Any], rule: Rule | None) -> tuple[str, str]:
    """What was counted, and the threshold, in words: ("2 van de 7 onderdelen", "minstens 3")."""
    count = criterion.get("aantal")
    drempel = criterion.get("drempel") or {}
    parts = criterion.get("onderdelen")
    if parts is not None:
        unit = ""
        counted = f"{count} van de {len(parts)} onderdelen voldaan"
    else:
        if isinstance(rule, AgeRule):
            unit = "jaar"
        elif isinstance(rule, FactRule):
            unit = {"telling": "keer", "dagen_in_periode": "dagen"}.get(rule.block, "")
        else:
            unit = ""
        counted = f"{count} {unit}".strip()
    if count is None:
        counted = "onbekend"
    try:
        threshold = threshold_phrase(drempel, unit) if drempel else ""
    except ValueError:
        threshold = str(drempel)
    return counted, threshold


def _fact_line(item: dict[str, Any], rule: Rule | None) -> FactLine:
    evidence = Evidence(
        bron=item["bron"],
        bron_id=item["bron_id"],
        datum=date.fromisoformat(item["datum"]),
        einddatum=date.fromisoformat(item["einddatum"]) if item.get("einddatum") else None,
        categorie=item.get("categorie"),
        detail=item.get("detail"),
    )
    sentence = ""
    if isinstance(rule, FactRule):
        try:
            sentence = fact_sentence(evidence, rule.fact, addressed=False)
        except ValueError:  # a code this version of the regeling no longer knows
            sentence = ""
    if not sentence:
        codes = ", ".join(c for c in (evidence.categorie, evidence.detail) if c)
        sentence = f"Op {date_long(evidence.datum)} geregistreerd door {evidence.bron}: {codes}."
    return FactLine(sentence=sentence, bron=evidence.bron, bron_id=evidence.bron_id)


def _row(criterion: dict[str, Any], rule: Rule | None, depth: int) -> CriterionRow:
    count, threshold = _figures(criterion, rule)
    venster = criterion.get("venster")
    try:
        window = window_phrase(venster) if venster else ""
    except ValueError:
        window = str(venster)
    return CriterionRow(
        id=criterion["id"],
        label=criterion["label"],
        source=criterion.get("bron", ""),
        result=criterion["uitkomst"],
        depth=depth,
        count=count,
        threshold=threshold,
        window=window,
        note=criterion.get("toelichting", ""),
        facts=tuple(_fact_line(item, rule) for item in criterion.get("bewijs", [])),
        missing=tuple(partner_names(criterion.get("ontbrekende_bronnen", []))),
    )


def _tree(
    root: str,
    criteria: dict[str, dict[str, Any]],
    regeling: Regeling | None,
) -> list[CriterionRow]:
    """The criterion ``root`` and its parts, depth first, each once."""
    rows: list[CriterionRow] = []
    seen: set[str] = set()

    def visit(rule_id: str, depth: int) -> None:
        criterion = criteria.get(rule_id)
        if criterion is None or rule_id in seen:
            return
        seen.add(rule_id)
        rule = regeling.rules.get(rule_id) if regeling is not None else None
        rows.append(_row(criterion, rule, depth))
        for child in criterion.get("onderdelen", []):
            visit(child, depth + 1)

    visit(root, 0)
    return rows


_OUTCOME_WORDS: Final = {"blijft": "Blijft deelnemer", "uitstroom": "Voorstel uitstroom"}


def _outflow_reason(reasons: list[str], regeling: Regeling | None) -> str:
    """The outflow step that decided, in words; the steps before it did not apply."""
    if not reasons:
        return ""
    reason = reasons[0]
    if regeling is None:
        return f"Reden: {reason}."
    for number, step in enumerate(regeling.outflow):
        if step.reason != reason:
            continue
        decided = _OUTCOME_WORDS.get(step.outcome, step.outcome)
        if step.condition is not None:
            label = regeling.rules[step.condition].label
            holds = "dit geldt niet" if step.negate else "dit geldt"
            return f"{decided}. Reden: {holds}: de persoon {label} (reden: {reason})."
        earlier = [
            f"{'dit geldt wel' if s.negate else 'dit geldt niet'}: de persoon "
            f"{regeling.rules[s.condition].label}"
            for s in regeling.outflow[:number]
            if s.condition is not None
        ]
        return (
            f"{decided}. Reden: geen van de stappen hiervoor is van toepassing; "
            + "; ".join(earlier)
            + f" (reden: {reason})."
        )
    return f"Reden: {reason}."


def _near_miss(
    reasons: list[str], criteria: dict[str, dict[str, Any]], regeling: Regeling | None
) -> str:
    parts = []
    for rule_id in reasons:
        criterion = criteria.get(rule_id)
        if criterion is None:
            parts.append(rule_id)
            continue
        drempel = criterion.get("drempel") or {}
        count = criterion.get("aantal")
        if set(drempel) == {"ten_minste"} and count is not None:
            figures = f"{count} van {drempel['ten_minste']}"
        else:
            rule = regeling.rules.get(rule_id) if regeling is not None else None
            counted, threshold = _figures(criterion, rule)
            figures = f"{counted}; nodig: {threshold}"
        parts.append(f"{criterion['label']} ({figures})")
    how_many = "één criterium" if len(parts) == 1 else f"{len(parts)} criteria"
    return f"Niet geselecteerd: {how_many} niet voldaan: " + "; ".join(parts)


def _headline(outcome: str, approach: str) -> str:
    headlines: dict[str, str] = {
        OutcomeKind.INFLOW: (
            f"Voldoet aan de instroomcriteria van de {approach}: voorgesteld als nieuwe kandidaat."
        ),
        OutcomeKind.NEAR_MISS: f"Net niet geselecteerd voor de {approach}.",
        OutcomeKind.STAYS: f"Deelnemer van de {approach}: blijft in de aanpak.",
        OutcomeKind.OUTFLOW: f"Deelnemer van de {approach}: de criteria stellen uitstroom voor.",
        OutcomeKind.UNKNOWN: (
            "Onbekend: een partner leverde niet, en zonder die gegevens is niet te zeggen of "
            f"deze persoon aan de criteria van de {approach} voldoet."
        ),
    }
    return headlines.get(outcome, outcome)


def is_participant(outcome: RoundOutcome) -> bool:
    """Whether the person was a participant of the approach when the round started."""
    if outcome.outcome != OutcomeKind.UNKNOWN:
        return outcome.outcome in (OutcomeKind.STAYS, OutcomeKind.OUTFLOW)
    return any(
        p.get("person_key") == outcome.person_key and p.get("approach") == outcome.approach
        for p in outcome.round.participants
    )


def explanation_build(outcome: RoundOutcome) -> Explanation:
    """The explanation of ``outcome`` for the page (rounds/_explanation.html).

    The criteria come from what the round stored; the regeling in force on the peildatum
    only gives each fact's kind (for its sentence) and the order: the inflow tree, then
    the outflow steps (for a participant the other way round).
    """
    data = outcome.explanation
    criteria: dict[str, dict[str, Any]] = {c["id"]: c for c in data.get("criteria", [])}
    regeling = _regeling(outcome.approach, outcome.round.peildatum)
    approach = approach_label(outcome.approach)
    sections: list[Section] = []
    if regeling is not None and regeling.inflow_rule in criteria:
        inflow = Section(
            "Instroomcriteria",
            "Iemand die nog niet in de aanpak zit, komt in aanmerking als alles hieronder "
            "voldaan is.",
            tuple(_tree(regeling.inflow_rule, criteria, regeling)),
        )
        outflow_rows: list[CriterionRow] = []
        for step in regeling.outflow:
            if step.condition is not None:
                shown = {r.id for r in outflow_rows}
                outflow_rows += [
                    r for r in _tree(step.condition, criteria, regeling) if r.id not in shown
                ]
        outflow = Section(
            "Uitstroomcriteria",
            "Voor een deelnemer gelden de uitstroomstappen in volgorde; de eerste stap die van "
            "toepassing is, beslist.",
            tuple(outflow_rows),
        )
        sections = [outflow, inflow] if is_participant(outcome) else [inflow, outflow]
        shown = {r.id for s in sections for r in s.rows}
        rest = [
            _row(c, regeling.rules.get(c["id"]), 0)
            for c in data.get("criteria", [])
            if c["id"] not in shown
        ]
        if rest:
            sections.append(Section("Overige criteria", "", tuple(rest)))
    else:
        sections = [
            Section(
                "Criteria",
                "",
                tuple(_row(c, None, 0) for c in data.get("criteria", [])),
            )
        ]
    reasons = list(data.get("redenen", outcome.reasons))
    kind = outcome.outcome
    missing = sorted({p for c in criteria.values() for p in c.get("ontbrekende_bronnen", [])})
    return Explanation(
        approach=approach,
        outcome=kind,
        headline=_headline(kind, approach),
        reasons=tuple(criteria[r]["label"] for r in reasons if r in criteria)
        if kind == OutcomeKind.INFLOW
        else (),
        near_miss=_near_miss(reasons, criteria, regeling) if kind == OutcomeKind.NEAR_MISS else "",
        outflow_reason=_outflow_reason(reasons, regeling)
        if kind in (OutcomeKind.STAYS, OutcomeKind.OUTFLOW)
        else "",
        missing=tuple(partner_names(missing)),
        sections=tuple(sections),
        regeling_file=data.get("regeling", ""),
        regeling_sha256=data.get("regeling_sha256", ""),
        regeling_changed=regeling is None or regeling.sha256 != data.get("regeling_sha256"),
    )


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
