"""The instroombrief and uitstroombrief as PDF: rendered, read back, and what is stored."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from letterkit import (
    HANDOVER_ORGANISATION,
    daan,
    daan_in_regie,
    pdf_text,
    region_after_round,
    sem,
    sem_outflowed,
)

from regie.audit.models import AuditEvent
from regie.cases.models import Case, OutflowProposal
from regie.cases.services import regisseur_assign
from regie.criteria.plain import date_long
from regie.letters.constants import LetterKind
from regie.letters.models import Letter
from regie.letters.services import LetterRefused, letter_produce
from regie.rounds.models import RoundOutcome

pytestmark = pytest.mark.django_db

LETTER_DATE = date(2026, 3, 2)

#: Daan's four inflow reasons, each with the fact the partner delivered (oversightkit.FILES).
DAAN_REASONS = (
    (
        "Je bent in de laatste 5 jaar minstens één keer aangehouden voor een high impact crime.",
        "Op 10 maart 2025 ben je door de politie aangehouden voor straatroof.",
    ),
    (
        "Je hebt op 1 februari 2026 een justitiële maatregel.",
        "De reclassering heeft vastgelegd dat je sinds 1 april 2025 een maatregel hebt: "
        "jeugdreclassering.",
    ),
    (
        "Je hebt een zorgsignaal over school.",
        "Op 1 september 2024 heeft de gemeente Amsterdam een melding over je leerplicht "
        "vastgelegd: proces-verbaal leerplicht.",
    ),
    (
        "Je was in de laatste 5 jaar betrokken bij een incident van huiselijk geweld.",
        "Op 1 mei 2024 heeft de politie vastgelegd dat je betrokken was bij een incident van "
        "huiselijk geweld (als getuige).",
    ),
)

RIGHTS = (
    "De privacywet (de AVG) geeft je rechten.",
    "Inzage: je mag weten welke gegevens we over je hebben",
    "Correctie: klopt een gegeven niet of mist er iets?",
    "Bezwaar: ben je het niet eens met hoe we je gegevens gebruiken?",
    "Stuur een brief naar Zorg- en Veiligheidshuis Amsterdam-Amstelland (synthetisch), "
    "Postbus 99999, 1000 ZZ Amsterdam. Of stuur een e-mail naar privacy@zvh.example.",
    "Je krijgt binnen 1 maand antwoord.",
    "Dan kun je binnen 6 weken na de datum van deze brief bezwaar maken.",
    "Dan kun je een klacht indienen bij de Autoriteit Persoonsgegevens.",
)


def _produced_audits() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="letter_produced"))


def test_the_inflow_letter_of_a_minor_names_each_reason_with_its_date_and_partner(
    tmp_path: Path,
) -> None:
    # given Daan (16) in regie with his regisseur
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    # when his regisseur makes the instroombrief
    letter = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["regisseur"], today=LETTER_DATE
    )
    # then the letter is addressed to him and his parents or carers
    text = pdf_text(bytes(letter.pdf))
    assert letter.addressed_to == "Daan Visser en de ouders of verzorgers"
    assert "Daan Visser en de ouders of verzorgers" in text
    assert "Beste Daan en ouders of verzorgers," in text
    assert "Deze brief is voor jou en voor je ouders of verzorgers." in text
    assert "Datum: 2 maart 2026" in text
    assert f"Ons kenmerk: dossier {case.pk}" in text
    assert "Je komt in de Top400" in text
    assert "De Top400 is een aanpak voor jongeren van 12 tot en met 23 jaar." in text
    assert f"vanaf {date_long(case.instroomdatum)} in de Top400 zit" in text
    # and names each reason with the fact, its date and the partner that recorded it
    for reason, fact in DAAN_REASONS:
        assert f"{reason} • {fact}" in text
    assert "Op 1 februari 2026 hebben we gekeken of je aan die criteria voldoet." in text
    # but not the facts or criteria that were no reason for his inflow
    assert "woont" not in text
    assert "twee keer aangehouden voor een misdrijf" not in text
    # and says who decided, what happens next, who the regisseur is and his rights
    assert "Mensen hebben besloten, niet een computer" in text
    assert "Samen met jou maakt de regisseur een plan." in text
    assert "Je blijft minstens 2 jaar in de Top400." in text
    assert (
        "Naam: Regisseur Synthetisch • Organisatie: Zorg- en Veiligheidshuis (synthetisch) "
        "• Telefoon: 020-555 01 23 • E-mail: regisseur@regie.example"
    ) in text
    for sentence in RIGHTS:
        assert sentence in text
    assert "Ben je jonger dan 16 jaar? Dan doen je ouders of verzorgers dit samen met jou." in text


def test_a_produced_letter_is_stored_with_its_hash_and_audited_without_names(
    tmp_path: Path,
) -> None:
    # given Daan in regie
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    # when the programme manager makes the instroombrief
    letter = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["manager"], today=LETTER_DATE
    )
    # then the PDF, its hash, kind and maker are kept
    stored = Letter.objects.get()
    pdf = bytes(stored.pdf)
    assert pdf.startswith(b"%PDF")
    assert stored.pk == letter.pk
    assert stored.kind == LetterKind.INFLOW
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.produced_by == users["manager"]
    assert stored.handed_over_on is None
    # and the audit record names the letter, not the person
    (event,) = _produced_audits()
    assert event.actor == users["manager"]
    assert (event.subject_type, event.subject_id) == ("letters.letter", str(letter.pk))
    assert event.detail == {
        "case": case.pk,
        "kind": "inflow",
        "sha256": stored.sha256,
        "letter_date": "2026-03-02",
    }
    detail = json.dumps(event.detail)
    assert "Daan" not in detail and "Visser" not in detail and "2009" not in detail


def test_the_same_letter_on_the_same_day_gives_the_same_pdf(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    first = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["manager"], today=LETTER_DATE
    )
    second = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["regisseur"], today=LETTER_DATE
    )
    assert first.sha256 == second.sha256
    assert Letter.objects.count() == 2


def test_from_the_eighteenth_birthday_the_letter_is_for_the_person_only(tmp_path: Path) -> None:
    # given Daan, born 12 June 2009, in regie
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    # when letters are dated the day before and on his eighteenth birthday
    minor = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["manager"], today=date(2027, 6, 11)
    )
    adult = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["manager"], today=date(2027, 6, 12)
    )
    # then only the first is also for his parents or carers
    assert minor.addressed_to == "Daan Visser en de ouders of verzorgers"
    assert adult.addressed_to == "Daan Visser"
    text = pdf_text(bytes(adult.pdf))
    assert "Beste Daan," in text
    assert "ouders of verzorgers" not in text
    assert "jonger dan 16 jaar" not in text
    assert "Datum: 12 juni 2027" in text
    assert DAAN_REASONS[0][1] in text


def test_the_outflow_letter_says_why_the_approach_ends_and_who_takes_over(
    tmp_path: Path,
) -> None:
    # given Sem (20), whose outflow the programme manager confirmed
    users = region_after_round(tmp_path)
    case = sem_outflowed(users)
    proposal = OutflowProposal.objects.get(case=case)
    # when the programme manager makes the uitstroombrief
    letter = letter_produce(
        case=case, kind=LetterKind.OUTFLOW, produced_by=users["manager"], today=LETTER_DATE
    )
    # then it is addressed to Sem only
    text = pdf_text(bytes(letter.pdf))
    assert letter.kind == LetterKind.OUTFLOW
    assert letter.addressed_to == "Sem de Jong"
    assert "Beste Sem," in text
    assert "ouders of verzorgers" not in text
    assert "De Top400 stopt voor jou" in text
    # and says why, in words from the regeling, and who decided when
    assert (
        "Op 1 februari 2026 hebben we opnieuw gekeken naar wat de politie, justitie, de "
        "gemeente en andere organisaties over je hebben vastgelegd. De Top400 stopt voor jou, "
        "want: • Je zit minstens 2 jaar in de Top400. • Je bent in het laatste jaar niet vaker "
        "dan één keer aangehouden."
    ) in text
    assert proposal.decided_at is not None
    decided_on = date_long(timezone.localdate(proposal.decided_at))
    assert (
        "Daarna heeft de programmamanager dit gecontroleerd en op "
        f"{decided_on} besloten dat de Top400 stopt."
    ) in text
    # and who takes over, and his rights
    assert f"{HANDOVER_ORGANISATION} neemt de hulp van ons over." in text
    assert "Heb je nog vragen? Stuur dan een e-mail naar privacy@zvh.example." in text
    assert "Ben je het niet eens met het besluit dat de Top400 voor jou stopt?" in text
    for sentence in RIGHTS:
        assert sentence in text
    assert _produced_audits()[0].detail["kind"] == "outflow"


def test_a_name_with_typst_markup_is_printed_as_it_is(tmp_path: Path) -> None:
    # given a (synthetic) name full of Typst markup
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    Case.objects.filter(pk=case.pk).update(
        voornamen="Jan", tussenvoegsel="#de", achternaam='*Vries* _x_ $y$ @z <w> [v] \\ "u" `t`'
    )
    case.refresh_from_db()
    # when the letter is made
    letter = letter_produce(
        case=case, kind=LetterKind.INFLOW, produced_by=users["manager"], today=LETTER_DATE
    )
    # then the name is in it character for character
    name = 'Jan #de *Vries* _x_ $y$ @z <w> [v] \\ "u" `t`'
    assert letter.addressed_to == f"{name} en de ouders of verzorgers"
    text = pdf_text(bytes(letter.pdf))
    assert f"{name} en de ouders of verzorgers" in text
    assert "Beste Jan en ouders of verzorgers," in text


# --- refusals -------------------------------------------------------------------------


def _nothing_stored() -> None:
    assert Letter.objects.count() == 0
    assert _produced_audits() == []


def test_no_inflow_letter_for_a_proposed_case(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=daan(users), kind=LetterKind.INFLOW, produced_by=users["manager"])
    assert str(refused.value) == (
        "Een instroombrief is er alleen voor een deelnemer in regie; dit dossier is voorgesteld."
    )
    _nothing_stored()


def test_no_letter_by_a_regisseur_of_another_case(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["regisseur2"])
    assert str(refused.value) == (
        "regisseur2 mag voor dit dossier geen brief maken: dat doen de programmamanager en de "
        "eigen regisseur."
    )
    _nothing_stored()


def test_no_letter_by_an_analyst(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    with pytest.raises(LetterRefused):
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["analist"])
    _nothing_stored()


def test_no_outflow_letter_for_a_participant_in_regie(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.OUTFLOW, produced_by=users["manager"])
    assert str(refused.value) == (
        "Een uitstroombrief is er alleen voor een uitgestroomde deelnemer; dit dossier is in regie."
    )
    _nothing_stored()


def test_no_inflow_letter_for_an_outflowed_case(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = sem_outflowed(users)
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["manager"])
    assert str(refused.value) == (
        "Een instroombrief is er alleen voor een deelnemer in regie; dit dossier is uitgestroomd."
    )
    _nothing_stored()


def test_no_inflow_letter_without_a_regisseur_or_for_a_participant_from_before_regie(
    tmp_path: Path,
) -> None:
    # given Sem, taken over from before Regie: in regie, without a regisseur or a round
    users = region_after_round(tmp_path)
    case = sem(users)
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["manager"])
    assert str(refused.value) == (
        "Een instroombrief noemt de regisseur: wijs eerst een regisseur toe."
    )
    # when he gets a regisseur, the reasons of his inflow are still not in Regie
    case = regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["regisseur"])
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["regisseur"])
    assert str(refused.value) == (
        "Deze deelnemer is overgenomen van voor Regie: de redenen van instroom zijn niet in "
        "Regie vastgelegd, dus Regie maakt geen instroombrief."
    )
    _nothing_stored()


def test_no_letter_from_an_explanation_made_with_another_regeling(tmp_path: Path) -> None:
    # given Daan in regie, whose round explanation names another version of the regeling
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    assert case.outcome is not None
    explanation = dict(case.outcome.explanation, regeling_sha256="0" * 64)
    RoundOutcome.objects.filter(pk=case.outcome_id).update(explanation=explanation)
    # when a letter is asked for, it is refused: its reasons would not be the round's
    with pytest.raises(LetterRefused) as refused:
        letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["manager"])
    assert str(refused.value) == (
        "Regie kan deze brief niet schrijven: de uitleg is gemaakt met een andere versie van "
        "de regeling top400/2022-01-01.yaml dan de versie die nu geldt."
    )
    _nothing_stored()
