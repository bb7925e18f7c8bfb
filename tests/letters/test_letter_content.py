"""The words of a letter, made from a round's explanation and the regeling (no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from regie.criteria.regeling import regeling_for
from regie.letters.content import (
    Items,
    LetterContentError,
    Person,
    Regisseur,
    criterion_addressed,
    criterion_no_longer,
    inflow_content,
    outflow_content,
)

PEILDATUM = date(2026, 2, 1)
REGISSEUR = Regisseur(
    "Rosa Synthetisch", "Zorg- en Veiligheidshuis", "020-555 01 23", "r@x.example"
)
ADULT = Person(voornamen="Mo Ali", display_name="Mo Ali Yilmaz", age=19)


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        (
            "is in de laatste 5 jaar minstens één keer aangehouden voor een high impact crime",
            "Je bent in de laatste 5 jaar minstens één keer aangehouden voor een high impact "
            "crime.",
        ),
        (
            "heeft op de peildatum een justitiële maatregel",
            "Je hebt op 1 februari 2026 een justitiële maatregel.",
        ),
        (
            "is in de laatste 1 jaar niet vaker dan één keer aangehouden",
            "Je bent in het laatste jaar niet vaker dan één keer aangehouden.",
        ),
        (
            "kreeg in de laatste 3 jaar een straf voor handel in harddrugs",
            "Je kreeg in de laatste 3 jaar een straf voor handel in harddrugs.",
        ),
    ],
)
def test_a_criterion_is_spoken_to_the_person(label: str, sentence: str) -> None:
    assert criterion_addressed(label, PEILDATUM) == sentence


def test_a_criterion_no_longer_met_reads_niet_meer() -> None:
    assert criterion_no_longer(
        "voldoet aan de categorie HIC of aan de categorie drugs en geweld", PEILDATUM
    ) == ("Je voldoet niet meer aan de categorie HIC of aan de categorie drugs en geweld.")


def _criterion(rule_id: str, outcome: str, **more: Any) -> dict[str, Any]:
    return {"id": rule_id, "label": "", "uitkomst": outcome, **more}


def _first_offender_explanation(sha256: str) -> dict[str, Any]:
    conviction = {
        "bron": "om",
        "bron_id": "om-9",
        "datum": "2025-05-20",
        "einddatum": None,
        "categorie": "overval",
        "detail": "jeugddetentie",
    }
    return {
        "aanpak": "top600",
        "regeling": "top600/2022-01-01.yaml",
        "regeling_sha256": sha256,
        "uitkomst": "instroom",
        "redenen": ["hic_om_first_offender"],
        "criteria": [
            _criterion("leeftijd_21_plus", "niet voldaan"),
            _criterion("leeftijd_onder_21", "voldaan", onderdelen=["leeftijd_21_plus"]),
            _criterion("om_hic_veroordeling", "voldaan", bewijs=[conviction]),
            _criterion(
                "hic_om_first_offender",
                "voldaan",
                onderdelen=["leeftijd_onder_21", "om_hic_veroordeling"],
            ),
        ],
    }


def test_a_composite_reason_reads_its_met_parts_and_their_facts() -> None:
    # given a Top600 first offender: younger than 21 and convicted once for a robbery
    regeling = regeling_for("top600", PEILDATUM)
    explanation = _first_offender_explanation(regeling.sha256)
    # when the instroombrief's words are made
    content = inflow_content(
        person=ADULT,
        case_id=7,
        approach="top600",
        letter_date=date(2026, 3, 2),
        instroomdatum=date(2026, 2, 20),
        peildatum=PEILDATUM,
        reasons=["hic_om_first_offender"],
        explanation=explanation,
        regeling=regeling,
        regisseur=REGISSEUR,
        minimum_years=2,
    )
    # then the reason lists the age and the conviction, with its date and partner
    why = next(s for s in content.sections if s.heading == "Waarom krijg je deze brief?")
    reasons = [b for b in why.blocks if isinstance(b, Items)]
    assert reasons == [
        Items(
            (
                "Je bent jonger dan 21 jaar op 1 februari 2026.",
                "Op 20 mei 2025 ben je volgens het Openbaar Ministerie veroordeeld voor een "
                "overval en kreeg je jeugddetentie.",
            ),
            heading="Je voldoet aan het OM-deel HIC als jonge first offender.",
        )
    ]
    assert content.addressed_to == "Mo Ali Yilmaz"
    assert content.salutation == "Beste Mo,"
    assert content.title == "Je komt in de Top600"


def test_no_inflow_words_for_a_reason_the_explanation_does_not_meet() -> None:
    regeling = regeling_for("top600", PEILDATUM)
    explanation = _first_offender_explanation(regeling.sha256)
    explanation["criteria"][-1]["uitkomst"] = "niet voldaan"
    with pytest.raises(LetterContentError, match="reden 'hic_om_first_offender' is volgens"):
        inflow_content(
            person=ADULT,
            case_id=7,
            approach="top600",
            letter_date=date(2026, 3, 2),
            instroomdatum=date(2026, 2, 20),
            peildatum=PEILDATUM,
            reasons=["hic_om_first_offender"],
            explanation=explanation,
            regeling=regeling,
            regisseur=REGISSEUR,
            minimum_years=2,
        )


def test_a_top600_outflow_reads_the_criterion_no_longer_met() -> None:
    regeling = regeling_for("top600", PEILDATUM)
    explanation = {
        "regeling_sha256": regeling.sha256,
        "criteria": [
            _criterion("deelname_duur", "voldaan"),
            _criterion("detentie_dagen", "niet voldaan", bewijs=[]),
            _criterion("hic_of_dv", "niet voldaan", onderdelen=[]),
        ],
    }
    content = outflow_content(
        person=ADULT,
        case_id=7,
        approach="top600",
        letter_date=date(2026, 3, 2),
        decided_on=date(2026, 2, 27),
        decided_by_regisseur=True,
        peildatum=PEILDATUM,
        reasons=["voldoet_niet_meer"],
        explanation=explanation,
        regeling=regeling,
        handover_organisation="Wijkteam Oost",
        regisseur=None,
    )
    why = content.sections[0]
    assert why.heading == "Waarom stopt de Top600?"
    assert why.blocks[1] == Items(
        (
            "Je zit minstens 2 jaar in de Top600.",
            "Je voldoet niet meer aan de categorie HIC of aan de categorie drugs en geweld.",
        )
    )
    assert "heeft je regisseur dit gecontroleerd en op 27 februari 2026 besloten" in (
        why.blocks[2].text  # type: ignore[union-attr]
    )
