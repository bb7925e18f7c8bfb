"""Making a letter, recording its handover, and handing out its PDF; each with its audit.

A letter is produced once and kept as it was made: the PDF bytes and their SHA-256. The
audit records name the letter, its case and kind, never the person.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.audit.services import audit_record
from regie.cases.constants import OutflowOrigin
from regie.cases.models import Case, OutflowProposal
from regie.cases.permissions import may_write_letter
from regie.criteria.plain import date_long
from regie.criteria.regeling import Regeling, regeling_for
from regie.letters.constants import LetterKind
from regie.letters.content import (
    LetterContent,
    LetterContentError,
    Person,
    Regisseur,
    inflow_content,
    judgement_outflow_content,
    outflow_content,
)
from regie.letters.models import Letter
from regie.letters.rendering import letter_render
from regie.letters.selectors import letter_kind_problem, outflow_confirmed


class LetterRefused(Exception):
    """The letter cannot be made, or its handover recorded, now; nothing was stored."""


def _person(case: Case, letter_date: date) -> Person:
    return Person(
        voornamen=case.voornamen,
        display_name=case.display_name,
        age=case.age_on(letter_date),
    )


def _regisseur(user: User) -> Regisseur:
    return Regisseur(
        name=user.get_full_name() or user.username,
        organisation=user.organisation.name if user.organisation else "",
        phone=user.phone,
        email=user.email,
    )


def _minimum_years(regeling: Regeling) -> int | None:
    parameter = regeling.parameters.get("minimale_duur")
    return parameter.number if parameter is not None else None


def _inflow(case: Case, letter_date: date) -> LetterContent:
    outcome, regisseur = case.outcome, case.regisseur
    assert outcome is not None and regisseur is not None and case.round is not None
    assert case.instroomdatum is not None
    regeling = regeling_for(case.approach, case.round.peildatum)
    return inflow_content(
        person=_person(case, letter_date),
        case_id=case.pk,
        approach=case.approach,
        letter_date=letter_date,
        instroomdatum=case.instroomdatum,
        peildatum=case.round.peildatum,
        reasons=outcome.reasons,
        explanation=outcome.explanation,
        regeling=regeling,
        regisseur=_regisseur(regisseur),
        minimum_years=_minimum_years(regeling),
    )


def _outflow(case: Case, proposal: OutflowProposal, letter_date: date) -> LetterContent:
    assert proposal.decided_at is not None and proposal.decided_by is not None
    if proposal.round is None or proposal.outcome is None:
        # an outflow after a proportionality review or an exclusion ground: the letter
        # gives that judgement in the words of the people who made it
        judgement = {
            OutflowOrigin.REVIEW: "bij de toets of de aanpak nog nodig is en nog past, "
            "vonden we dit",
            OutflowOrigin.EXCLUSION: "er is een reden waarom de aanpak niet verder kan",
        }[OutflowOrigin(proposal.origin)]
        return judgement_outflow_content(
            person=_person(case, letter_date),
            case_id=case.pk,
            approach=case.approach,
            letter_date=letter_date,
            decided_on=timezone.localdate(proposal.decided_at),
            decided_by_regisseur=proposal.decided_by.role == Role.REGISSEUR,
            judgement=judgement,
            reasons=proposal.proposal_note or proposal.decision_reason,
            handover_organisation=proposal.handover_organisation or case.handover_organisation,
            care_needed=proposal.care_needed,
            regisseur=_regisseur(case.regisseur) if case.regisseur is not None else None,
        )
    peildatum = proposal.round.peildatum
    return outflow_content(
        person=_person(case, letter_date),
        case_id=case.pk,
        approach=case.approach,
        letter_date=letter_date,
        decided_on=timezone.localdate(proposal.decided_at),
        decided_by_regisseur=proposal.decided_by.role == Role.REGISSEUR,
        peildatum=peildatum,
        reasons=proposal.reasons,
        explanation=proposal.outcome.explanation,
        regeling=regeling_for(case.approach, peildatum),
        handover_organisation=proposal.handover_organisation or case.handover_organisation,
        regisseur=_regisseur(case.regisseur) if case.regisseur is not None else None,
        care_needed=proposal.care_needed,
    )


@transaction.atomic
def letter_produce(
    *, case: Case, kind: LetterKind, produced_by: User, today: date | None = None
) -> Letter:
    """Make the instroombrief or uitstroombrief of ``case`` as PDF and keep it.

    ``today`` is the letter's date (default: today); on it a person under 18 is a minor,
    and the letter is then also addressed to the parents or carers.
    """
    letter_date = today or timezone.localdate()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_write_letter(produced_by, case):
        raise LetterRefused(
            f"{produced_by.username} mag voor dit dossier geen brief maken: dat doen de "
            "programmamanager en de eigen regisseur."
        )
    problem = letter_kind_problem(case, kind)
    if problem is not None:
        raise LetterRefused(problem)
    try:
        if kind == LetterKind.INFLOW:
            content = _inflow(case, letter_date)
        else:
            proposal = outflow_confirmed(case)
            assert proposal is not None  # letter_kind_problem checked
            content = _outflow(case, proposal, letter_date)
    except LetterContentError as exc:
        raise LetterRefused(f"Regie kan deze brief niet schrijven: {exc}.") from exc
    pdf = letter_render(content)
    sha256 = hashlib.sha256(pdf).hexdigest()
    letter = Letter.objects.create(
        case=case,
        kind=kind,
        addressed_to=content.addressed_to,
        pdf=pdf,
        sha256=sha256,
        produced_by=produced_by,
    )
    audit_record(
        actor=produced_by,
        action="letter_produced",
        subject=letter,
        case=case.pk,
        kind=kind.value,
        sha256=sha256,
        letter_date=letter_date.isoformat(),
    )
    return letter


@transaction.atomic
def letter_handover(*, letter: Letter, recorded_by: User, handed_over_on: date, how: str) -> Letter:
    """Record that the letter was handed over on ``handed_over_on``, and how; once.

    ``recorded_by`` is who records it (the regisseur or the programme manager). The audit
    record leaves out ``how``: it is free text and may name someone.
    """
    how = how.strip()
    if not how:
        raise LetterRefused("Vul in hoe de brief is overhandigd.")
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not may_write_letter(recorded_by, letter.case):
        raise LetterRefused(
            f"{recorded_by.username} mag voor dit dossier geen overhandiging vastleggen."
        )
    if letter.handed_over_on is not None:
        raise LetterRefused(
            "De overhandiging van deze brief is al vastgelegd: op "
            f"{date_long(letter.handed_over_on)}, {letter.handed_over_how}."
        )
    if handed_over_on > timezone.localdate():
        raise LetterRefused("De datum van overhandiging ligt in de toekomst.")
    produced_on = timezone.localdate(letter.produced_at)
    if handed_over_on < produced_on:
        raise LetterRefused(
            f"De brief is gemaakt op {date_long(produced_on)}: hij kan niet eerder zijn "
            "overhandigd."
        )
    letter.handed_over_on, letter.handed_over_how = handed_over_on, how
    letter.handed_over_by, letter.handover_recorded_at = recorded_by, timezone.now()
    letter.save(
        update_fields=[
            "handed_over_on",
            "handed_over_how",
            "handed_over_by",
            "handover_recorded_at",
        ]
    )
    audit_record(
        actor=recorded_by,
        action="letter_handed_over",
        subject=letter,
        case=letter.case_id,
        kind=letter.kind,
        handed_over_on=handed_over_on.isoformat(),
    )
    return letter


@transaction.atomic
def letter_download(*, letter: Letter, downloaded_by: User) -> bytes:
    """The letter's PDF as it was made; every download is in the audit trail."""
    audit_record(
        actor=downloaded_by,
        action="letter_downloaded",
        subject=letter,
        case=letter.case_id,
        kind=letter.kind,
    )
    return bytes(letter.pdf)
