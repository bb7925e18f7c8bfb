"""A regeling in plain Dutch sentences, generated from the file.

This is what ``regie regeling show`` prints, and the basis for the public
algorithm-register text: every sentence comes from the rules and parameters, so the
text cannot drift from what the engine does.
"""

from __future__ import annotations

from typing import Final

from regie.criteria.regeling import (
    AgeRule,
    CompositeRule,
    FactRule,
    Parameter,
    Regeling,
    Rule,
    Threshold,
    number_word,
)

_FACT_NAMES: Final = {
    "inschrijving": ("inschrijving", "inschrijvingen"),
    "aanhouding": ("aanhouding", "aanhoudingen"),
    "verdachte": ("registratie als verdachte", "registraties als verdachte"),
    "voorgeleiding": ("voorgeleiding", "voorgeleidingen"),
    "veroordeling": ("veroordeling", "veroordelingen"),
    "maatregel": ("maatregel", "maatregelen"),
    "detentie": ("periode in detentie", "perioden in detentie"),
    "leerplicht": ("leerplichtsignaal", "leerplichtsignalen"),
    "huiselijk_geweld": ("incident van huiselijk geweld", "incidenten van huiselijk geweld"),
    "jeugdgroep": ("lidmaatschap van een jeugdgroep", "lidmaatschappen van een jeugdgroep"),
}
_ATTRIBUTE_NAMES: Final = {
    ("aanhouding", "categorie"): "voor",
    ("verdachte", "categorie"): "voor",
    ("voorgeleiding", "categorie"): "voor",
    ("veroordeling", "categorie"): "voor",
    ("veroordeling", "detail"): "met als straf",
    ("maatregel", "categorie"): "van het soort",
    ("leerplicht", "categorie"): "van het soort",
    ("inschrijving", "categorie"): "in de gemeente",
    ("jeugdgroep", "categorie"): "van het soort",
    ("huiselijk_geweld", "detail"): "in de rol",
}


def _codes(parameter: Parameter) -> str:
    codes = [c.replace("_", " ") for c in parameter.codes]
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " of " + codes[-1]


def _years(n: int) -> str:
    return "het laatste jaar" if n == 1 else f"de laatste {n} jaar"


def _threshold(threshold: Threshold, unit: str) -> str:
    n = threshold.parameter.number
    words = {
        "ten_minste": f"minstens {n}",
        "meer_dan": f"meer dan {n}",
        "ten_hoogste": f"hoogstens {n}",
        "jonger_dan": f"minder dan {n}",
    }[threshold.op]
    return f"{words} {unit}".strip()


def rule_sentence(rule: Rule, regeling: Regeling) -> str:
    """One Dutch sentence that says exactly what the rule checks."""
    if isinstance(rule, FactRule):
        singular, plural = _FACT_NAMES[rule.fact]
        filters = "".join(
            f" {_ATTRIBUTE_NAMES.get((rule.fact, attribute), 'met ' + attribute)} "
            f"{_codes(parameter)}"
            for attribute, parameter in rule.filters
        )
        if rule.block == "periode_op_peildatum":
            return (
                f"Op de peildatum loopt een {singular}{filters} (begonnen op of vóór de "
                "peildatum, en zonder einddatum of met een einddatum op of na de peildatum)."
            )
        window = (
            f"in {_years(rule.window.number)} tot en met de peildatum"
            if rule.window
            else "tot en met de peildatum"
        )
        if rule.block == "dagen_in_periode":
            (threshold,) = rule.thresholds
            return (
                f"Het aantal dagen {window} waarop een {singular}{filters} liep is "
                f"{_threshold(threshold, 'dagen')} (overlappende perioden tellen één keer; "
                "zonder einddatum loopt een periode tot de peildatum)."
            )
        age = ""
        if rule.age_at_fact:
            age = (
                " op een leeftijd van "
                + " en ".join(_threshold(t, "jaar") for t in rule.age_at_fact)
                + " op de datum van het feit"
            )
        (threshold,) = rule.thresholds
        return (
            f"Het aantal {plural}{filters}{age} {window} is {_threshold(threshold, '')}."
        ).replace(" .", ".")
    if isinstance(rule, AgeRule):
        parts = " en ".join(_threshold(t, "jaar") for t in rule.thresholds)
        if rule.since == "geboortedatum":
            return f"De leeftijd op de peildatum is {parts} (in volle jaren)."
        return f"Op de peildatum is de instroomdatum {parts} geleden (in volle jaren)."
    assert isinstance(rule, CompositeRule)
    labels = [regeling.rules[c].label for c in rule.children]
    if rule.block == "niet":
        return f"Het is niet zo dat deze persoon {labels[0]}."
    if rule.block == "alle_van":
        intro = "Alle volgende voorwaarden gelden"
    elif rule.block == "een_van":
        intro = "Minstens één van de volgende voorwaarden geldt"
    else:
        assert rule.k is not None
        k = rule.k.number
        intro = f"Minstens {number_word(k)} van de volgende {len(labels)} voorwaarden gelden"
    return intro + ": " + "; ".join(labels) + "."


def regeling_text(regeling: Regeling) -> str:
    """The whole regeling in plain Dutch: inflow as a tree, then the outflow steps."""
    lines = [
        f"{regeling.name}: instroom- en uitstroomcriteria",
        f"Geldig vanaf {regeling.valid_from.isoformat()} (bestand {regeling.file_label}).",
        "",
        regeling.description,
        "",
        f"Bron: {regeling.source}.",
        "",
        "Instroom",
        "--------",
        "Iemand die nog niet in de aanpak zit, komt in aanmerking als op de peildatum geldt:",
    ]
    seen: set[str] = set()

    def tree(rule_id: str, depth: int) -> None:
        rule = regeling.rules[rule_id]
        indent = "  " * depth
        lines.append(f"{indent}- {rule.label} [{rule.id}]")
        lines.append(f"{indent}  {rule_sentence(rule, regeling)}")
        lines.append(f'{indent}  Brontekst: "{rule.source}"')
        seen.add(rule_id)
        if isinstance(rule, CompositeRule):
            for child in rule.children:
                tree(child, depth + 1)

    tree(regeling.inflow_rule, 1)
    reasons = ", ".join(regeling.rules[r].label for r in regeling.inflow_reasons)
    lines += [
        "",
        f"Bij instroom noemt de uitleg welke van deze criteria voldaan zijn: {reasons}.",
        "",
        "Uitstroom",
        "---------",
        "Voor iemand die al in de aanpak zit, gelden deze stappen in deze volgorde; de eerste "
        "stap die van toepassing is, beslist:",
    ]
    for number, step in enumerate(regeling.outflow, start=1):
        outcome = "blijft in de aanpak" if step.outcome == "blijft" else "stroomt uit"
        if step.condition is None:
            lines.append(f"  {number}. Anders: {outcome} (reden: {step.reason}).")
            continue
        rule = regeling.rules[step.condition]
        holds = "niet geldt" if step.negate else "geldt"  # main-clause order after the colon
        lines.append(
            f"  {number}. Als het volgende {holds}: de persoon {rule.label}. Dan: {outcome} "
            f"(reden: {step.reason})."
        )
        if step.condition not in seen:
            lines.append(f"     {rule_sentence(rule, regeling)}")
            lines.append(f'     Brontekst: "{rule.source}"')
    lines += [
        "",
        "Wat nooit meetelt",
        "-----------------",
        "Etniciteit, nationaliteit, religie, geboorteland, postcode, wijk en gegevens over "
        "familieleden worden nooit gebruikt. De uitkomst is een voorstel: mensen beslissen.",
        "",
        "Als een partner voor deze ronde niets heeft geleverd, is een criterium dat die gegevens "
        "nodig heeft 'onbekend' (niet 'niet voldaan'), tenzij de andere gegevens al beslissen.",
        "",
        "Parameters",
        "----------",
    ]
    for parameter in regeling.parameters.values():
        value = (
            ", ".join(parameter.value)
            if isinstance(parameter.value, tuple)
            else str(parameter.value)
        )
        lines.append(f"  {parameter.name} ({parameter.kind}) = {value}")
        lines.append(f'      "{parameter.source}"')
    return "\n".join(lines)
