"""The words of a letter, in plain Dutch (B1): made here, laid out by the Typst template.

A letter speaks to the person ("je"); for a minor it is also addressed to the parents or
carers. Why a person came in is read from the round's explanation: per inflow reason the
criterion's label, turned to the person ("is aangehouden" → "je bent aangehouden"), and each
delivered fact as :func:`regie.criteria.plain.fact_sentence`, with its date and partner.
Why a person leaves is read from the regeling's outflow decision list. Thresholds, windows
and ages come from the regeling, never from this module.

Nothing here imports Django models: the service hands in what a letter needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from regie.criteria.plain import code_label, date_long, fact_sentence
from regie.criteria.regeling import AgeRule, CompositeRule, FactRule, OutflowStep, Regeling
from regie.criteria.selection import Evidence
from regie.letters.constants import (
    ADULT_AGE,
    ANSWER_MONTHS,
    APPROACH_NAMES,
    APPROACH_TEXTS,
    OBJECTION_WEEKS,
    PRIVACY_EMAIL,
    RIGHTS_OWN_AGE,
    SENDER,
    SENDER_ADDRESS,
    SUPERVISOR_NAME,
    SUPERVISOR_WEBSITE,
)

#: A label's first word (third person) as it reads after "je".
_VERBS_ADDRESSED: Final = {"is": "bent", "heeft": "hebt"}
_MET: Final = "voldaan"
_HIC: Final = "high impact crime"


class LetterContentError(ValueError):
    """The round's explanation does not fit the regeling: no letter can be written from it."""


@dataclass(frozen=True)
class Paragraph:
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"alinea": self.text}


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    heading: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"kop": self.heading, "punten": list(self.items)}


Block = Paragraph | Items


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Person:
    """Who the letter is for, as the case has it."""

    voornamen: str
    display_name: str
    age: int  # on the letter date

    @property
    def is_minor(self) -> bool:
        return self.age < ADULT_AGE

    @property
    def addressed_to(self) -> str:
        if self.is_minor:
            return f"{self.display_name} en de ouders of verzorgers"
        return self.display_name

    @property
    def salutation(self) -> str:
        first = self.voornamen.split()[0] if self.voornamen.strip() else self.display_name
        if self.is_minor:
            return f"Beste {first} en ouders of verzorgers,"
        return f"Beste {first},"


@dataclass(frozen=True)
class Regisseur:
    name: str
    organisation: str
    phone: str
    email: str

    def lines(self) -> tuple[str, ...]:
        lines = [f"Naam: {self.name}"]
        if self.organisation:
            lines.append(f"Organisatie: {self.organisation}")
        if self.phone:
            lines.append(f"Telefoon: {self.phone}")
        if self.email:
            lines.append(f"E-mail: {self.email}")
        return tuple(lines)


@dataclass(frozen=True)
class LetterContent:
    title: str
    letter_date: date
    reference: str
    addressed_to: str
    salutation: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]

    def as_json(self) -> str:
        """The document the Typst template reads (``sys.inputs.data``)."""
        return json.dumps(
            {
                "titel": self.title,
                "datum": date_long(self.letter_date),
                "datum_iso": self.letter_date.isoformat(),
                "kenmerk": self.reference,
                "afzender": {
                    "naam": SENDER,
                    "adres": list(SENDER_ADDRESS),
                    "email": PRIVACY_EMAIL,
                },
                "aan": [self.addressed_to],
                "aanhef": self.salutation,
                "inleiding": list(self.intro),
                "delen": [
                    {"kop": s.heading, "blokken": [b.as_json() for b in s.blocks]}
                    for s in self.sections
                ],
                "groet": "Met vriendelijke groet,",
                "ondertekening": SENDER,
            },
            ensure_ascii=False,
        )


# --- criteria in words ----------------------------------------------------------------


def _label_words(label: str, peildatum: date) -> tuple[str, str]:
    """A criterion's label as (verb after "je", the rest), with the peildatum as a date."""
    text = label.replace("op de peildatum", f"op {date_long(peildatum)}")
    text = text.replace("in de laatste 1 jaar", "in het laatste jaar")
    verb, _, rest = text.partition(" ")
    return _VERBS_ADDRESSED.get(verb, verb), rest


def criterion_addressed(label: str, peildatum: date) -> str:
    """A criterion's label spoken to the person: "Je bent in de laatste 5 jaar ..."."""
    verb, rest = _label_words(label, peildatum)
    return f"Je {verb} {rest}."


def criterion_no_longer(label: str, peildatum: date) -> str:
    """A criterion the person no longer meets: "Je voldoet niet meer aan ..."."""
    verb, rest = _label_words(label, peildatum)
    return f"Je {verb} niet meer {rest}."


def _evidence(row: Mapping[str, Any]) -> Evidence:
    end = row.get("einddatum")
    return Evidence(
        bron=row["bron"],
        bron_id=row["bron_id"],
        datum=date.fromisoformat(row["datum"]),
        einddatum=date.fromisoformat(end) if end else None,
        categorie=row.get("categorie"),
        detail=row.get("detail"),
    )


class _Explanation:
    """A round's explanation of one person, read against the regeling it was made with."""

    def __init__(self, explanation: Mapping[str, Any], regeling: Regeling) -> None:
        if explanation.get("regeling_sha256") != regeling.sha256:
            raise LetterContentError(
                "de uitleg is gemaakt met een andere versie van de regeling "
                f"{explanation.get('regeling')} dan de versie die nu geldt"
            )
        self.regeling = regeling
        self.criteria: dict[str, Mapping[str, Any]] = {
            c["id"]: c for c in explanation.get("criteria", [])
        }

    def criterion(self, rule_id: str) -> Mapping[str, Any]:
        try:
            return self.criteria[rule_id]
        except KeyError:
            raise LetterContentError(f"criterium '{rule_id}' staat niet in de uitleg") from None

    def is_met(self, rule_id: str) -> bool:
        return bool(self.criterion(rule_id)["uitkomst"] == _MET)

    def facts(self, rule_id: str) -> list[str]:
        """The fact sentences of a fact criterion, in date order."""
        rule = self.regeling.rules[rule_id]
        if not isinstance(rule, FactRule):
            return []
        evidence = sorted(
            (_evidence(row) for row in self.criterion(rule_id).get("bewijs", [])),
            key=lambda e: (e.datum, e.bron, e.bron_id),
        )
        return [fact_sentence(e, rule.fact, addressed=True) for e in evidence]

    def grounds(self, rule_id: str, peildatum: date) -> list[str]:
        """What shows that a met criterion holds: its facts, or its met parts in words."""
        rule = self.regeling.rules[rule_id]
        if isinstance(rule, FactRule):
            return self.facts(rule_id) or [criterion_addressed(rule.label, peildatum)]
        if isinstance(rule, AgeRule) or (isinstance(rule, CompositeRule) and rule.block == "niet"):
            return [criterion_addressed(rule.label, peildatum)]
        lines: list[str] = []
        for child in self.regeling.children_of(rule_id):
            if self.is_met(child):
                lines.extend(self.grounds(child, peildatum))
        return lines


def _unique(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(lines))


def _or_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + ", of " + words[-1]


def _hic_explained(regeling: Regeling) -> str | None:
    parameter = regeling.parameters.get("hic_delicten")
    if parameter is None:
        return None
    offences = [code_label("aanhouding", "categorie", code) or code for code in parameter.codes]
    return f"Een high impact crime is een ernstig misdrijf: {_or_list(offences)}."


def _approach_section(approach: str, regeling: Regeling) -> Section:
    numbers = {name: p.value for name, p in regeling.parameters.items() if p.kind == "leeftijd"}
    name = APPROACH_NAMES[approach]
    return Section(
        f"Wat is {name}?",
        tuple(Paragraph(text.format(**numbers)) for text in APPROACH_TEXTS[approach]),
    )


def _rights_section(
    person: Person, approach_name: str, *, what: str, has_regisseur: bool
) -> Section:
    address = ", ".join((SENDER, *SENDER_ADDRESS))
    blocks: list[Block] = [
        Paragraph(
            f"Voor {approach_name} gebruiken we gegevens over jou. Dat mag volgens de wet. "
            "De privacywet (de AVG) geeft je rechten. Je mag altijd vragen om:"
        ),
        Items(
            (
                "Inzage: je mag weten welke gegevens we over je hebben, van wie we ze hebben "
                "en wat we ermee doen.",
                "Correctie: klopt een gegeven niet of mist er iets? Dan mag je vragen om het "
                "te verbeteren of aan te vullen.",
                "Bezwaar: ben je het niet eens met hoe we je gegevens gebruiken? Dan mag je "
                "bezwaar maken. Schrijf erbij waarom.",
            )
        ),
        Paragraph(
            f"Hoe doe je dat? Stuur een brief naar {address}. Of stuur een e-mail naar "
            f"{PRIVACY_EMAIL}. Schrijf erin wat je wilt en zet je naam en je "
            f"geboortedatum erbij. Je krijgt binnen {ANSWER_MONTHS} maand antwoord."
        ),
        Paragraph(
            f"Ben je het niet eens met {what}? Dan kun je binnen {OBJECTION_WEEKS} weken na "
            "de datum van deze brief bezwaar maken. Stuur je bezwaar naar hetzelfde adres."
        ),
        Paragraph(
            "Ben je niet tevreden over hoe we met je gegevens omgaan? Dan kun je een klacht "
            f"indienen bij de {SUPERVISOR_NAME}. Kijk op {SUPERVISOR_WEBSITE}."
        ),
    ]
    if person.is_minor:
        blocks.append(
            Paragraph(
                f"Ben je jonger dan {RIGHTS_OWN_AGE} jaar? Dan doen je ouders of verzorgers "
                "dit samen met jou."
            )
        )
    if has_regisseur:
        blocks.append(
            Paragraph("Wil je hulp bij het schrijven van je brief? Vraag het je regisseur.")
        )
    return Section("Je rechten", tuple(blocks))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reference(case_id: int) -> str:
    return f"dossier {case_id}"


# --- the two letters --------------------------------------------------------------------


def inflow_content(
    *,
    person: Person,
    case_id: int,
    approach: str,
    letter_date: date,
    instroomdatum: date,
    peildatum: date,
    reasons: Sequence[str],
    explanation: Mapping[str, Any],
    regeling: Regeling,
    regisseur: Regisseur,
    minimum_years: int | None,
) -> LetterContent:
    """The instroombrief: what the approach is, why you, what happens next, your rights."""
    name = APPROACH_NAMES[approach]
    read = _Explanation(explanation, regeling)
    unknown = [r for r in reasons if r not in regeling.inflow_reasons]
    if unknown or not reasons:
        raise LetterContentError(f"geen instroomredenen van {regeling.file_label}: {unknown}")
    ordered = [r for r in regeling.inflow_reasons if r in reasons]

    why: list[Block] = [
        Paragraph(
            f"Voor {name} gelden vaste regels. Die regels noemen we criteria. Op "
            f"{date_long(peildatum)} hebben we gekeken of je aan die criteria voldoet. We "
            "keken naar wat de politie, justitie, de gemeente en andere organisaties over je "
            "hebben vastgelegd. Je voldeed aan deze criteria:"
        )
    ]
    headings: list[str] = []
    for reason in ordered:
        if not read.is_met(reason):
            raise LetterContentError(f"reden '{reason}' is volgens de uitleg niet voldaan")
        heading = criterion_addressed(regeling.rules[reason].label, peildatum)
        headings.append(heading)
        why.append(Items(_unique(read.grounds(reason, peildatum)), heading=heading))
    hic = _hic_explained(regeling)
    if hic is not None and any(_HIC in h for h in headings):
        why.append(Paragraph(hic))
    why.append(
        Paragraph(
            "Klopt er iets niet in deze lijst? Laat het ons weten. Hoe dat gaat, lees je "
            "hieronder bij ‘Je rechten’."
        )
    )

    parents = " en met je ouders of verzorgers" if person.is_minor else ""
    next_steps = [
        Paragraph(
            f"Je krijgt een regisseur. De regisseur neemt snel contact met je op{parents}. "
            "Samen met jou maakt de regisseur een plan. In dat plan staat wat jij wilt "
            "bereiken en wie je daarbij helpt. De regisseur zorgt dat alle organisaties "
            "samenwerken en zich aan de afspraken houden."
        )
    ]
    if minimum_years is not None:
        next_steps.append(
            Paragraph(
                f"Je blijft minstens {minimum_years} jaar in {name}. Daarna kijken we "
                f"regelmatig of {name} voor jou kan stoppen."
            )
        )

    sections = (
        _approach_section(approach, regeling),
        Section("Waarom krijg je deze brief?", tuple(why)),
        Section(
            "Mensen hebben besloten, niet een computer",
            (
                Paragraph(
                    "Een computer heeft gezocht wie aan de criteria voldoet. Daarna hebben "
                    "mensen alles gecontroleerd. Een analist heeft gekeken of de gegevens "
                    "kloppen en echt over jou gaan. Daarna heeft de programmamanager besloten "
                    f"dat je in {name} komt en wie je regisseur is."
                ),
            ),
        ),
        Section("Wat gebeurt er nu?", tuple(next_steps)),
        Section(
            "Je regisseur",
            (
                Items(regisseur.lines()),
                Paragraph("Heb je vragen? Bel of mail je regisseur."),
            ),
        ),
        _rights_section(
            person, name, what=f"het besluit dat je in {name} komt", has_regisseur=True
        ),
    )
    intro = [
        f"Met deze brief laten we je weten dat je vanaf {date_long(instroomdatum)} in {name} "
        "zit. In deze brief lees je wat dat betekent, waarom je in "
        f"{name} komt en wat je rechten zijn."
    ]
    if person.is_minor:
        intro.append("Deze brief is voor jou en voor je ouders of verzorgers.")
    return LetterContent(
        title=f"Je komt in {name}",
        letter_date=letter_date,
        reference=_reference(case_id),
        addressed_to=person.addressed_to,
        salutation=person.salutation,
        intro=tuple(intro),
        sections=sections,
    )


def _outflow_step(regeling: Regeling, reason: str) -> int:
    for i, step in enumerate(regeling.outflow):
        if step.reason == reason and step.outcome == "uitstroom":
            return i
    raise LetterContentError(f"'{reason}' is geen reden van uitstroom in {regeling.file_label}")


def _outflow_grounds(
    read: _Explanation, steps: Sequence[OutflowStep], decisive: int, peildatum: date
) -> list[Block]:
    """The outflow decision list up to the deciding step, in words.

    A step passed because its criterion held ("als niet deelname_duur") reads as that
    criterion; the deciding step reads as its criterion, or as "niet meer" for a negated one.
    """
    regeling = read.regeling
    lines: list[str] = []
    for step in steps[:decisive]:
        if step.condition is not None and step.negate and read.is_met(step.condition):
            lines.append(criterion_addressed(regeling.rules[step.condition].label, peildatum))
    step = steps[decisive]
    blocks: list[Block] = []
    if step.condition is not None:
        label = regeling.rules[step.condition].label
        if step.negate:
            lines.append(criterion_no_longer(label, peildatum))
        else:
            lines.append(criterion_addressed(label, peildatum))
    blocks.append(Items(tuple(lines)))
    if step.condition is not None and not step.negate:
        facts = read.facts(step.condition)
        if facts:
            blocks.append(
                Items(tuple(facts), heading="Wat de organisaties in die tijd vastlegden:")
            )
    return blocks


def outflow_content(
    *,
    person: Person,
    case_id: int,
    approach: str,
    letter_date: date,
    decided_on: date,
    decided_by_regisseur: bool,
    peildatum: date,
    reasons: Sequence[str],
    explanation: Mapping[str, Any],
    regeling: Regeling,
    handover_organisation: str,
    regisseur: Regisseur | None,
    care_needed: str = "",
) -> LetterContent:
    """The uitstroombrief: the approach ends, why, who takes over, your rights."""
    name = APPROACH_NAMES[approach]
    read = _Explanation(explanation, regeling)
    if not reasons:
        raise LetterContentError("een uitstroom zonder reden")
    why: list[Block] = [
        Paragraph(
            f"Op {date_long(peildatum)} hebben we opnieuw gekeken naar wat de politie, "
            "justitie, de gemeente en andere organisaties over je hebben vastgelegd. "
            f"{_capital(name)} stopt voor jou, want:"
        )
    ]
    for reason in reasons:
        why.extend(
            _outflow_grounds(read, regeling.outflow, _outflow_step(regeling, reason), peildatum)
        )
    who = "je regisseur" if decided_by_regisseur else "de programmamanager"
    why.append(
        Paragraph(
            f"Een computer heeft gekeken of je nog aan de criteria van {name} voldoet. Daarna "
            f"heeft {who} dit gecontroleerd en op {date_long(decided_on)} besloten dat "
            f"{name} stopt. Een computer heeft dit dus niet alleen besloten."
        )
    )

    return _outflow_letter(
        person=person,
        case_id=case_id,
        name=name,
        letter_date=letter_date,
        why=why,
        handover_organisation=handover_organisation,
        regisseur=regisseur,
        care_needed=care_needed,
    )


def judgement_outflow_content(
    *,
    person: Person,
    case_id: int,
    approach: str,
    letter_date: date,
    decided_on: date,
    decided_by_regisseur: bool,
    judgement: str,
    reasons: str,
    handover_organisation: str,
    care_needed: str,
    regisseur: Regisseur | None,
) -> LetterContent:
    """The uitstroombrief after a proportionality review or an exclusion ground: a
    judgement by people, in their words, rather than criteria of a round."""
    name = APPROACH_NAMES[approach]
    who = "je regisseur" if decided_by_regisseur else "de programmamanager"
    why: list[Block] = [
        Paragraph(f"{_capital(name)} stopt voor jou. {_capital(judgement)}:"),
        Items((reasons,)),
        Paragraph(
            f"Dit is geen besluit van een computer: {who} heeft het op "
            f"{date_long(decided_on)} besloten, samen met de organisaties die je helpen."
        ),
    ]
    return _outflow_letter(
        person=person,
        case_id=case_id,
        name=name,
        letter_date=letter_date,
        why=why,
        handover_organisation=handover_organisation,
        regisseur=regisseur,
        care_needed=care_needed,
    )


def _outflow_letter(
    *,
    person: Person,
    case_id: int,
    name: str,
    letter_date: date,
    why: list[Block],
    handover_organisation: str,
    regisseur: Regisseur | None,
    care_needed: str,
) -> LetterContent:
    handover: list[Block] = [
        Paragraph(
            f"De hulp stopt niet zomaar. {handover_organisation} neemt de hulp van ons over. "
            f"{handover_organisation} neemt contact met je op"
            f"{' en met je ouders of verzorgers' if person.is_minor else ''}."
        )
    ]
    if care_needed:
        handover.append(Paragraph("Samen hebben we gekeken welke hulp je nog nodig hebt:"))
        handover.append(Items((care_needed,)))
    if regisseur is not None:
        handover.append(
            Paragraph(
                f"Je regisseur vertelt {handover_organisation} wat er al is gebeurd en wat nog "
                "nodig is. Heb je nog vragen? Neem dan contact op met je regisseur:"
            )
        )
        handover.append(Items(regisseur.lines()))
    else:
        handover.append(Paragraph(f"Heb je nog vragen? Stuur dan een e-mail naar {PRIVACY_EMAIL}."))

    sections = (
        Section(f"Waarom stopt {name}?", tuple(why)),
        Section("Wie helpt je verder?", tuple(handover)),
        _rights_section(
            person,
            name,
            what=f"het besluit dat {name} voor jou stopt",
            has_regisseur=regisseur is not None,
        ),
    )
    intro = [
        f"Met deze brief laten we je weten dat {name} voor jou stopt. In deze brief lees je "
        "waarom, wie je verder helpt en wat je rechten zijn."
    ]
    if person.is_minor:
        intro.append("Deze brief is voor jou en voor je ouders of verzorgers.")
    return LetterContent(
        title=f"{_capital(name)} stopt voor jou",
        letter_date=letter_date,
        reference=_reference(case_id),
        addressed_to=person.addressed_to,
        salutation=person.salutation,
        intro=tuple(intro),
        sections=sections,
    )
