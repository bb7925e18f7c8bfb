"""Regelingen: the versioned inflow and outflow criteria, loaded from declarative files.

A regeling file (``regelingen/<aanpak>/<geldig_vanaf>.yaml``) has named parameters
(code sets, windows, thresholds, each with the sentence of the source it implements),
named rules built from a closed set of typed building blocks, the inflow rule with the
rules that count as reasons, and an ordered outflow decision list.

Loading validates everything; any problem raises :class:`RegelingError` naming the
file, the rule and the problem. Nothing here imports Django.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from regie.formats.codes import APPROACHES, FACT_KINDS, FORBIDDEN_ATTRIBUTES, codes_for

REGELINGEN_DIR: Final = Path(__file__).parent / "regelingen"

#: The building blocks, with the Dutch key used in the files.
BLOCKS: Final = (
    "telling",  # count facts of a kind and code sets within a window
    "dagen_in_periode",  # days covered by periods within a window
    "periode_op_peildatum",  # a period holding on the peildatum
    "leeftijd",  # completed years since a date (birth or inflow) on the peildatum
    "ten_minste_k_van",  # at least k of n
    "alle_van",  # all of
    "een_van",  # any of
    "niet",  # not
)
PARAMETER_KINDS: Final = ("codes", "jaren", "aantal", "dagen", "leeftijd")
FILTER_ATTRIBUTES: Final = ("categorie", "detail")
SINCE_DATES: Final = ("geboortedatum", "instroomdatum")
OUTCOMES: Final = ("blijft", "uitstroom")
REASON_CODE: Final = re.compile(r"^[a-z][a-z0-9_]*$")

ThresholdOp = Literal["ten_minste", "meer_dan", "ten_hoogste", "jonger_dan"]


class RegelingError(ValueError):
    """A regeling file is malformed; the message names the file, the rule and the problem."""

    def __init__(self, file: str, rule: str | None, problem: str) -> None:
        self.file, self.rule, self.problem = file, rule, problem
        where = f"{file}, regel {rule}" if rule else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    value: int | tuple[str, ...]
    source: str

    @property
    def number(self) -> int:
        assert isinstance(self.value, int)
        return self.value

    @property
    def codes(self) -> tuple[str, ...]:
        assert isinstance(self.value, tuple)
        return self.value


@dataclass(frozen=True)
class Threshold:
    op: ThresholdOp
    parameter: Parameter

    def holds(self, count: int) -> bool:
        n = self.parameter.number
        if self.op == "ten_minste":
            return count >= n
        if self.op == "meer_dan":
            return count > n
        if self.op == "jonger_dan":
            return count < n
        return count <= n


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    source: str
    block: str


@dataclass(frozen=True)
class FactRule(Rule):
    """A leaf that looks at facts of one kind: telling, dagen_in_periode, periode_op_peildatum."""

    fact: str
    filters: tuple[tuple[str, Parameter], ...]
    window: Parameter | None  # years up to the peildatum; None = every fact up to the peildatum
    thresholds: tuple[Threshold, ...]
    age_at_fact: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class AgeRule(Rule):
    since: str  # geboortedatum or instroomdatum
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True)
class CompositeRule(Rule):
    children: tuple[str, ...]
    k: Parameter | None = None  # only for ten_minste_k_van


@dataclass(frozen=True)
class OutflowStep:
    condition: str | None  # rule id; None for the final "anders"
    negate: bool
    outcome: str
    reason: str


@dataclass(frozen=True)
class Regeling:
    approach: str
    name: str
    valid_from: date
    description: str
    source: str
    parameters: Mapping[str, Parameter]
    rules: Mapping[str, Rule]  # in file order
    inflow_rule: str
    inflow_reasons: tuple[str, ...]
    outflow: tuple[OutflowStep, ...]
    path: Path
    sha256: str
    order: tuple[str, ...] = field(default=())  # rule ids in dependency order

    @property
    def file_label(self) -> str:
        return f"{self.approach}/{self.path.name}"

    def children_of(self, rule_id: str) -> tuple[str, ...]:
        rule = self.rules[rule_id]
        return rule.children if isinstance(rule, CompositeRule) else ()

    def fact_rules(self) -> list[FactRule]:
        return [r for r in self.rules.values() if isinstance(r, FactRule)]


# --- loading -----------------------------------------------------------------------------

_TOP_KEYS: Final = {
    "aanpak",
    "naam",
    "geldig_vanaf",
    "beschrijving",
    "bron",
    "parameters",
    "regels",
    "instroom",
    "uitstroom",
}
_RULE_KEYS: Final = {
    "telling": {
        "feit",
        "filter",
        "venster",
        "ten_minste",
        "meer_dan",
        "ten_hoogste",
        "leeftijd_op_feitdatum",
    },
    "dagen_in_periode": {"feit", "filter", "venster", "ten_minste", "meer_dan", "ten_hoogste"},
    "periode_op_peildatum": {"feit", "filter"},
    "leeftijd": {"vanaf", "ten_minste", "ten_hoogste", "jonger_dan"},
    "ten_minste_k_van": {"k", "van"},
    "alle_van": {"van"},
    "een_van": {"van"},
    "niet": {"van"},
}
_COMMON_RULE_KEYS: Final = {"id", "label", "bron", "blok"}
_THRESHOLD_KIND: Final = {
    "telling": "aantal",
    "dagen_in_periode": "dagen",
    "leeftijd": None,  # leeftijd or jaren, depending on `vanaf`
}


#: A parameter named in a label: ``{naam}`` gives the number in digits, ``{naam:woord}``
#: in words ("twee"), so that a label never repeats a threshold that could drift.
LABEL_PLACEHOLDER: Final = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")
NUMBER_WORDS: Final = {
    0: "nul",
    1: "één",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
    11: "elf",
    12: "twaalf",
}


def number_word(value: int) -> str:
    """A count in Dutch words up to twelve, in digits above."""
    return NUMBER_WORDS.get(value, str(value))


class _Loader:
    def __init__(self, path: Path, file_label: str) -> None:
        self.path = path
        self.file = file_label
        self.used_parameters: set[str] = set()

    def fail(self, problem: str, rule: str | None = None) -> RegelingError:
        return RegelingError(self.file, rule, problem)

    def _label(self, text: str, parameters: Mapping[str, Parameter], rule_id: str) -> str:
        """Fill in the parameters a label names; refuse unknown names and stray braces."""

        def fill(match: re.Match[str]) -> str:
            name, form = match.group(1), match.group(2)
            parameter = parameters.get(name)
            if parameter is None:
                raise self.fail(f"het label noemt de parameter '{name}', die niet bestaat", rule_id)
            if not isinstance(parameter.value, int):
                raise self.fail(
                    f"het label noemt de parameter '{name}', maar alleen een getal kan in een "
                    "label staan",
                    rule_id,
                )
            if form not in (None, "woord"):
                raise self.fail(
                    f"onbekende vorm '{form}' in het label bij '{name}'; gebruik {{{name}}} of "
                    f"{{{name}:woord}}",
                    rule_id,
                )
            return number_word(parameter.value) if form == "woord" else str(parameter.value)

        filled = LABEL_PLACEHOLDER.sub(fill, text)
        if "{" in filled or "}" in filled:
            raise self.fail("het label heeft een accolade die geen parameter noemt", rule_id)
        return filled

    def load(self) -> Regeling:
        raw_bytes = self.path.read_bytes()
        try:
            data = yaml.safe_load(raw_bytes)
        except yaml.YAMLError as exc:
            raise self.fail(f"geen geldige YAML: {exc}") from None
        if not isinstance(data, dict):
            raise self.fail("het bestand moet een mapping met de sleutels van een regeling zijn")
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise self.fail(f"onbekende sleutel(s): {', '.join(sorted(map(str, unknown)))}")
        for key in (
            "aanpak",
            "naam",
            "geldig_vanaf",
            "bron",
            "parameters",
            "regels",
            "instroom",
            "uitstroom",
        ):
            if key not in data:
                raise self.fail(f"de sleutel '{key}' ontbreekt")
        approach = data["aanpak"]
        if approach not in APPROACHES:
            raise self.fail(f"onbekende aanpak '{approach}'; bekend: {', '.join(APPROACHES)}")
        valid_from = data["geldig_vanaf"]
        if not isinstance(valid_from, date):
            raise self.fail("geldig_vanaf moet een datum zijn (JJJJ-MM-DD)")
        if self.path.stem != valid_from.isoformat() or self.path.parent.name != approach:
            raise self.fail(
                f"het bestand moet regelingen/{approach}/{valid_from.isoformat()}.yaml heten "
                "(één bestand per aanpak per geldig-vanaf-datum)"
            )
        parameters = self._parameters(data["parameters"])
        rules = self._rules(data["regels"], parameters)
        inflow_rule, reasons = self._inflow(data["instroom"], rules)
        outflow = self._outflow(data["uitstroom"], rules)
        unused = sorted(set(parameters) - self.used_parameters)
        if unused:
            raise self.fail(f"parameter(s) gedefinieerd maar nergens gebruikt: {', '.join(unused)}")
        order = _dependency_order(rules, self)
        return Regeling(
            approach=approach,
            name=str(data["naam"]),
            valid_from=valid_from,
            description=str(data.get("beschrijving", "")).strip(),
            source=str(data["bron"]),
            parameters=parameters,
            rules=rules,
            inflow_rule=inflow_rule,
            inflow_reasons=reasons,
            outflow=outflow,
            path=self.path,
            sha256=hashlib.sha256(raw_bytes).hexdigest(),
            order=order,
        )

    # parameters
    def _parameters(self, raw: Any) -> dict[str, Parameter]:
        if not isinstance(raw, dict):
            raise self.fail("'parameters' moet een mapping van naam naar parameter zijn")
        result: dict[str, Parameter] = {}
        for name, spec in raw.items():
            where = f"parameter {name}"
            if not isinstance(spec, dict) or set(spec) != {"soort", "waarde", "bron"}:
                raise self.fail(
                    f"{where}: een parameter heeft precies de sleutels soort, waarde en bron"
                )
            kind, value, source = spec["soort"], spec["waarde"], spec["bron"]
            if kind not in PARAMETER_KINDS:
                raise self.fail(
                    f"{where}: onbekende soort '{kind}'; bekend: {', '.join(PARAMETER_KINDS)}"
                )
            if not isinstance(source, str) or not source.strip():
                raise self.fail(f"{where}: de bron (de zin uit de brontekst) ontbreekt")
            if kind == "codes":
                if (
                    not isinstance(value, list)
                    or not value
                    or not all(isinstance(v, str) for v in value)
                ):
                    raise self.fail(f"{where}: de waarde moet een niet-lege lijst codes zijn")
                if len(set(value)) != len(value):
                    raise self.fail(f"{where}: een code staat dubbel in de lijst")
                parsed: int | tuple[str, ...] = tuple(value)
            else:
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise self.fail(f"{where}: de waarde moet een geheel getal van 0 of meer zijn")
                parsed = value
            result[str(name)] = Parameter(str(name), kind, parsed, source.strip())
        return result

    def _ref(
        self,
        raw: Any,
        parameters: Mapping[str, Parameter],
        rule: str,
        key: str,
        kinds: Sequence[str],
    ) -> Parameter:
        if not isinstance(raw, str) or not raw.startswith("$"):
            raise self.fail(
                f"'{key}' moet naar een benoemde parameter verwijzen ($naam), niet een letterlijke "
                f"waarde {raw!r}: elke drempel, elk venster en elke codelijst staat als parameter "
                "in het bestand",
                rule,
            )
        name = raw[1:]
        if name not in parameters:
            raise self.fail(f"'{key}' verwijst naar parameter '{name}', die niet bestaat", rule)
        parameter = parameters[name]
        if parameter.kind not in kinds:
            raise self.fail(
                f"'{key}' verwacht een parameter van soort {' of '.join(kinds)}, maar '{name}' is "
                f"van soort {parameter.kind}",
                rule,
            )
        self.used_parameters.add(name)
        return parameter

    # rules
    def _rules(self, raw: Any, parameters: Mapping[str, Parameter]) -> dict[str, Rule]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("'regels' moet een niet-lege lijst regels zijn")
        rules: dict[str, Rule] = {}
        for index, spec in enumerate(raw, start=1):
            if not isinstance(spec, dict) or "id" not in spec:
                raise self.fail(f"regel nummer {index} heeft geen id")
            rule_id = str(spec["id"])
            if not REASON_CODE.match(rule_id):
                raise self.fail("een id bestaat uit kleine letters, cijfers en _", rule_id)
            if rule_id in rules:
                raise self.fail("deze id komt twee keer voor", rule_id)
            rules[rule_id] = self._rule(rule_id, spec, parameters)
        for rule in rules.values():
            if isinstance(rule, CompositeRule):
                for child in rule.children:
                    if child not in rules:
                        raise self.fail(f"verwijst naar regel '{child}', die niet bestaat", rule.id)
        return rules

    def _rule(
        self, rule_id: str, spec: dict[str, Any], parameters: Mapping[str, Parameter]
    ) -> Rule:
        block = spec.get("blok")
        if block not in BLOCKS:
            raise self.fail(
                f"onbekend bouwblok '{block}'; bekende bouwblokken: {', '.join(BLOCKS)}", rule_id
            )
        for key in ("label", "bron"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise self.fail(f"'{key}' ontbreekt of is leeg", rule_id)
        extra = set(spec) - _COMMON_RULE_KEYS - _RULE_KEYS[block]
        if extra:
            for key in sorted(map(str, extra)):
                if _is_forbidden(key):
                    raise self.fail(_forbidden_message(key), rule_id)
            raise self.fail(
                f"onbekende sleutel(s) voor bouwblok {block}: {', '.join(sorted(map(str, extra)))}",
                rule_id,
            )
        label = self._label(spec["label"].strip(), parameters, rule_id)
        source = " ".join(spec["bron"].split())
        if block in ("telling", "dagen_in_periode", "periode_op_peildatum"):
            return self._fact_rule(rule_id, label, source, block, spec, parameters)
        if block == "leeftijd":
            since = spec.get("vanaf")
            if since not in SINCE_DATES:
                raise self.fail(
                    f"'vanaf' moet {' of '.join(SINCE_DATES)} zijn, niet {since!r}", rule_id
                )
            kinds = ("leeftijd",) if since == "geboortedatum" else ("jaren",)
            thresholds = self._thresholds(
                spec, parameters, rule_id, kinds, ("ten_minste", "ten_hoogste", "jonger_dan")
            )
            if not thresholds:
                raise self.fail("een leeftijd heeft ten_minste, ten_hoogste of jonger_dan", rule_id)
            return AgeRule(rule_id, label, source, block, since, thresholds)
        children_raw = spec.get("van")
        if block == "niet":
            if not isinstance(children_raw, str):
                raise self.fail("'van' van niet is één regel-id", rule_id)
            return CompositeRule(rule_id, label, source, block, (children_raw,))
        if (
            not isinstance(children_raw, list)
            or len(children_raw) < 2
            or not all(isinstance(c, str) for c in children_raw)
        ):
            raise self.fail("'van' moet een lijst van minstens twee regel-ids zijn", rule_id)
        if len(set(children_raw)) != len(children_raw):
            raise self.fail("'van' noemt een regel twee keer", rule_id)
        k = None
        if block == "ten_minste_k_van":
            k = self._ref(spec.get("k"), parameters, rule_id, "k", ("aantal",))
            if not 1 <= k.number <= len(children_raw):
                raise self.fail(
                    f"k = {k.number} moet tussen 1 en het aantal regels "
                    f"({len(children_raw)}) liggen",
                    rule_id,
                )
        return CompositeRule(rule_id, label, source, block, tuple(children_raw), k)

    def _fact_rule(
        self,
        rule_id: str,
        label: str,
        source: str,
        block: str,
        spec: dict[str, Any],
        parameters: Mapping[str, Parameter],
    ) -> FactRule:
        fact = spec.get("feit")
        if not isinstance(fact, str) or fact not in FACT_KINDS:
            raise self.fail(
                f"onbekende soort feit '{fact}'; het aanleverformaat kent: {', '.join(FACT_KINDS)}",
                rule_id,
            )
        if block != "telling" and not FACT_KINDS[fact].is_period:
            raise self.fail(
                f"bouwblok {block} vraagt een periode, en '{fact}' is geen periode", rule_id
            )
        raw_filters = spec.get("filter", {})
        if not isinstance(raw_filters, dict):
            raise self.fail("'filter' moet een mapping van kolom naar codelijst zijn", rule_id)
        filters = []
        for attribute, ref in raw_filters.items():
            if attribute not in FILTER_ATTRIBUTES:
                if _is_forbidden(str(attribute)):
                    raise self.fail(_forbidden_message(str(attribute)), rule_id)
                raise self.fail(
                    f"filter op '{attribute}': dat kenmerk staat niet in het aanleverformaat als "
                    f"code; filteren kan op {' en '.join(FILTER_ATTRIBUTES)}",
                    rule_id,
                )
            parameter = self._ref(ref, parameters, rule_id, f"filter.{attribute}", ("codes",))
            allowed = codes_for(fact, attribute)
            if allowed is None:
                raise self.fail(
                    f"'{fact}' heeft geen codes in de kolom {attribute}; filteren kan daar niet",
                    rule_id,
                )
            wrong = [c for c in parameter.codes if c not in allowed]
            if wrong:
                raise self.fail(
                    f"parameter '{parameter.name}' bevat code(s) {', '.join(wrong)} die het "
                    f"aanleverformaat niet kent voor {attribute} van {fact}",
                    rule_id,
                )
            filters.append((str(attribute), parameter))
        window = None
        if "venster" in spec:
            window = self._ref(spec["venster"], parameters, rule_id, "venster", ("jaren",))
        elif block == "dagen_in_periode":
            raise self.fail("dagen_in_periode heeft een venster nodig", rule_id)
        if block == "periode_op_peildatum":
            thresholds: tuple[Threshold, ...] = ()
        else:
            kind = "aantal" if block == "telling" else "dagen"
            thresholds = self._thresholds(
                spec, parameters, rule_id, (kind,), ("ten_minste", "meer_dan", "ten_hoogste")
            )
            if len(thresholds) != 1:
                raise self.fail(
                    "geef precies één drempel: ten_minste, meer_dan of ten_hoogste", rule_id
                )
        age_at_fact: tuple[Threshold, ...] = ()
        if "leeftijd_op_feitdatum" in spec:
            raw_age = spec["leeftijd_op_feitdatum"]
            if (
                not isinstance(raw_age, dict)
                or not raw_age
                or set(raw_age) - {"ten_minste", "ten_hoogste", "jonger_dan"}
            ):
                raise self.fail(
                    "'leeftijd_op_feitdatum' heeft ten_minste, ten_hoogste en/of jonger_dan",
                    rule_id,
                )
            age_at_fact = self._thresholds(
                raw_age,
                parameters,
                rule_id,
                ("leeftijd",),
                ("ten_minste", "ten_hoogste", "jonger_dan"),
            )
        return FactRule(
            rule_id, label, source, block, fact, tuple(filters), window, thresholds, age_at_fact
        )

    def _thresholds(
        self,
        spec: Mapping[str, Any],
        parameters: Mapping[str, Parameter],
        rule_id: str,
        kinds: Sequence[str],
        ops: Sequence[str],
    ) -> tuple[Threshold, ...]:
        result = []
        for op in ops:
            if op in spec:
                parameter = self._ref(spec[op], parameters, rule_id, op, kinds)
                result.append(Threshold(op, parameter))  # type: ignore[arg-type]
        return tuple(result)

    # inflow and outflow
    def _inflow(self, raw: Any, rules: Mapping[str, Rule]) -> tuple[str, tuple[str, ...]]:
        if not isinstance(raw, dict) or set(raw) != {"regel", "redenen"}:
            raise self.fail("'instroom' heeft precies de sleutels regel en redenen")
        if not isinstance(raw["regel"], str) or raw["regel"] not in rules:
            raise self.fail(f"instroom verwijst naar regel '{raw['regel']}', die niet bestaat")
        reasons = raw["redenen"]
        if not isinstance(reasons, list) or not reasons:
            raise self.fail("'instroom.redenen' moet een lijst regel-ids zijn")
        for reason in reasons:
            if not isinstance(reason, str) or reason not in rules:
                raise self.fail(f"instroom.redenen noemt regel '{reason}', die niet bestaat")
        return str(raw["regel"]), tuple(reasons)

    def _outflow(self, raw: Any, rules: Mapping[str, Rule]) -> tuple[OutflowStep, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("'uitstroom' moet een lijst stappen zijn")
        steps = []
        for index, spec in enumerate(raw, start=1):
            where = f"uitstroom stap {index}"
            if not isinstance(spec, dict):
                raise self.fail(f"{where}: een stap is een mapping")
            conditions = [k for k in ("als", "als_niet", "anders") if k in spec]
            if len(conditions) != 1 or set(spec) - {
                "als",
                "als_niet",
                "anders",
                "uitkomst",
                "reden",
            }:
                raise self.fail(
                    f"{where}: een stap heeft precies één van als, als_niet of anders, "
                    "plus uitkomst en reden"
                )
            if spec.get("uitkomst") not in OUTCOMES:
                raise self.fail(f"{where}: uitkomst moet {' of '.join(OUTCOMES)} zijn")
            reason = spec.get("reden")
            if not isinstance(reason, str) or not REASON_CODE.match(reason):
                raise self.fail(f"{where}: reden moet een code zijn (kleine letters, cijfers, _)")
            key = conditions[0]
            if key == "anders":
                if index != len(raw):
                    raise self.fail(f"{where}: 'anders' kan alleen de laatste stap zijn")
                steps.append(OutflowStep(None, False, spec["uitkomst"], reason))
                continue
            if not isinstance(spec[key], str) or spec[key] not in rules:
                raise self.fail(f"{where}: verwijst naar regel '{spec[key]}', die niet bestaat")
            steps.append(OutflowStep(spec[key], key == "als_niet", spec["uitkomst"], reason))
        if steps[-1].condition is not None:
            raise self.fail(
                "de laatste uitstroomstap moet 'anders' zijn, zodat elke deelnemer een "
                "uitkomst krijgt"
            )
        return tuple(steps)


def _is_forbidden(attribute: str) -> bool:
    lowered = attribute.lower()
    return any(word in lowered for word in FORBIDDEN_ATTRIBUTES)


def _forbidden_message(attribute: str) -> str:
    return (
        f"'{attribute}' mag nooit in een criterium staan: selectie gebruikt geen etniciteit, "
        "nationaliteit, religie, geboorteland, postcode, wijk of gegevens over familieleden"
    )


def _dependency_order(rules: Mapping[str, Rule], loader: _Loader) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(rule_id: str, path: tuple[str, ...]) -> None:
        if state.get(rule_id) == 2:
            return
        if state.get(rule_id) == 1:
            cycle = " -> ".join((*path[path.index(rule_id) :], rule_id))
            raise loader.fail(f"kringverwijzing: {cycle}", rule_id)
        state[rule_id] = 1
        rule = rules[rule_id]
        if isinstance(rule, CompositeRule):
            for child in rule.children:
                visit(child, (*path, rule_id))
        state[rule_id] = 2
        order.append(rule_id)

    for rule_id in rules:
        visit(rule_id, ())
    return tuple(order)


def regeling_load(path: Path) -> Regeling:
    """Load and validate one regeling file."""
    label = f"{path.parent.name}/{path.name}"
    return _Loader(path, label).load()


def regeling_paths(approach: str, *, directory: Path = REGELINGEN_DIR) -> list[Path]:
    return sorted((directory / approach).glob("*.yaml"))


def regeling_for(approach: str, peildatum: date, *, directory: Path = REGELINGEN_DIR) -> Regeling:
    """The regeling of ``approach`` in force on ``peildatum``.

    That is the one with the latest valid-from date on or before the peildatum.
    """
    if approach not in APPROACHES:
        raise RegelingError(approach, None, f"onbekende aanpak; bekend: {', '.join(APPROACHES)}")
    candidates = [
        p for p in regeling_paths(approach, directory=directory) if p.stem <= peildatum.isoformat()
    ]
    if not candidates:
        raise RegelingError(
            f"{approach}/",
            None,
            f"geen regeling voor {approach} die geldt op {peildatum.isoformat()}",
        )
    return regeling_load(candidates[-1])
