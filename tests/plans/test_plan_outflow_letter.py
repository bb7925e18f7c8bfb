"""The outflow letter after a proportionality review: the judgement in people's words, the
care still needed and who takes over, read back from the PDF."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.utils import timezone

from regie.accounts.models import User
from regie.cases.models import Case, OutflowProposal
from regie.cases.services import outflow_confirm
from regie.letters.constants import LetterKind
from regie.letters.services import letter_produce
from regie.plans.constants import ReviewJudgement
from regie.plans.services import review_record

pytestmark = pytest.mark.django_db


def test_the_outflow_letter_after_a_review_gives_the_judgement_and_the_care_still_needed(
    case: Case, people: dict[str, User]
) -> None:
    # given a review for outflow, confirmed by the programme manager
    review_record(
        case=case,
        decided_by=people["regisseur"],
        held_on=timezone.localdate(),
        judgement=ReviewJudgement.OUTFLOW,
        reasons="Je gaat weer naar school en bent niet meer aangehouden.",
    )
    outflow_confirm(
        proposal=OutflowProposal.objects.get(case=case),
        decided_by=people["manager"],
        reason="Eens met de toets.",
        handover_organisation="Wijkteam Noord",
        care_needed="Hulp bij het vinden van een bijbaan.",
    )
    # when the manager makes the outflow letter
    letter = letter_produce(
        case=Case.objects.get(pk=case.pk), kind=LetterKind.OUTFLOW, produced_by=people["manager"]
    )
    text = " ".join(
        " ".join(
            page.extract_text() for page in pypdf.PdfReader(io.BytesIO(bytes(letter.pdf))).pages
        ).split()
    )
    # then it says why in the regisseur's words, what care is still needed, who takes over
    assert (
        "De Top400 stopt voor jou. Bij de toets of de aanpak nog nodig is en nog past, "
        "vonden we dit:" in text
    )
    assert "Je gaat weer naar school en bent niet meer aangehouden." in text
    assert (
        "Samen hebben we gekeken welke hulp je nog nodig hebt: • Hulp bij het vinden van "
        "een bijbaan." in text
    )
    assert "Wijkteam Noord neemt de hulp van ons over." in text
    assert "besloten, samen met de organisaties die je helpen" in text
    assert letter.addressed_to == "Daan Visser en de ouders of verzorgers"
