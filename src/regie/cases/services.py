"""The oversight workflow: every change to a case, each in one transaction with its audit.

The criteria propose (:func:`cases_propose`, called by the round); people decide. Each
state change goes through :func:`_transition`, which locks the case, checks the one table
of allowed transitions (``constants.ALLOWED_TRANSITIONS``) and who may make it
(``permissions.may_transition``), requires a reason where the table says so, and records
who, when, from, to and why.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.audit.services import audit_record, audit_record_many
from regie.cases.constants import REASON_REQUIRED, CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.cases.permissions import (
    CasePermission,
    has_permission,
    may_decide_outflow,
    may_transition,
)
from regie.formats.delivery import Problem, read_participants
from regie.formats.pseudonym import bsn_pseudonym
from regie.rounds.constants import OutcomeKind
from regie.rounds.models import Round, RoundOutcome


class CaseActionRefused(Exception):
    """The action is not allowed now, or its input is incomplete; nothing was changed."""


class ParticipantsRefused(Exception):
    """The participants file has problems; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problemen in het deelnemersbestand")
        self.problems = problems


def _required(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise CaseActionRefused(f"{what} is verplicht")
    return text


def _transition(
    *, case: Case, to_status: CaseStatus, by: User, reason: str = "", **fields: object
) -> Case:
    """Move ``case`` to ``to_status``; the caller runs this inside ``transaction.atomic``."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    previous = CaseStatus(case.status)
    if not may_transition(by, case, to_status):
        raise CaseActionRefused(
            f"{by.get_role_display()} {by.username} mag '{case.display_name}' niet van "
            f"'{previous.label}' naar '{to_status.label}' zetten"
        )
    if (previous, to_status) in REASON_REQUIRED:
        reason = _required(reason, "Een reden")
    for name, value in fields.items():
        setattr(case, name, value)
    case.status = to_status
    if to_status in (CaseStatus.WITHDRAWN, CaseStatus.OUTFLOWED):
        case.closed_reason = reason.strip()
    case.save()
    CaseTransition.objects.create(
        case=case, from_status=previous, to_status=to_status, by=by, reason=reason.strip()
    )
    audit_record(
        actor=by,
        action=f"case_{to_status.value}",
        subject=case,
        old=previous.value,
        new=to_status.value,
        reason=reason.strip(),
        approach=case.approach,
    )
    return case


@transaction.atomic
def candidate_check(*, case: Case, checked_by: User, note: str = "") -> Case:
    """The analyst checked that the delivered facts are right and are this person's."""
    return _transition(case=case, to_status=CaseStatus.CHECKED, by=checked_by, reason=note)


@transaction.atomic
def dossier_draw_up(*, case: Case, drawn_up_by: User, dossier: str) -> Case:
    """Record the basis on which the person was selected (the basisdossier)."""
    text = _required(dossier, "De tekst van het dossier")
    return _transition(
        case=case,
        to_status=CaseStatus.DOSSIER,
        by=drawn_up_by,
        dossier=text,
        dossier_by=drawn_up_by,
        dossier_at=timezone.now(),
    )


def _regisseur_check(regisseur: User) -> None:
    if regisseur.role != Role.REGISSEUR or not regisseur.is_active:
        raise CaseActionRefused(f"{regisseur.username} is geen actieve regisseur")


@transaction.atomic
def regisseur_assign(*, case: Case, assigned_by: User, regisseur: User) -> Case:
    """Take the person into regie with ``regisseur``, or give a participant another one.

    Taking into regie is the transition dossier → in regie; the day it happens is the
    ``instroomdatum`` from which the minimum duration of the approach is counted.
    """
    _regisseur_check(regisseur)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == CaseStatus.DOSSIER:
        return _transition(
            case=locked,
            to_status=CaseStatus.IN_REGIE,
            by=assigned_by,
            reason=f"regisseur: {regisseur.get_full_name() or regisseur.username}",
            regisseur=regisseur,
            regisseur_assigned_at=timezone.now(),
            instroomdatum=timezone.localdate(),
        )
    if locked.status not in CaseStatus.participant_states():
        raise CaseActionRefused(
            f"een regisseur wordt toegewezen na het dossier; '{locked.display_name}' is "
            f"{locked.get_status_display()}"
        )
    if not has_permission(assigned_by, CasePermission.ASSIGN):
        raise CaseActionRefused(f"{assigned_by.username} mag geen regisseurs toewijzen")
    previous = locked.regisseur
    if previous == regisseur:
        raise CaseActionRefused(f"{regisseur.username} is al de regisseur")
    locked.regisseur, locked.regisseur_assigned_at = regisseur, timezone.now()
    locked.save(update_fields=["regisseur", "regisseur_assigned_at", "updated_at"])
    reason = f"regisseur: {previous.username if previous else 'geen'} → {regisseur.username}"
    CaseTransition.objects.create(
        case=locked,
        from_status=locked.status,
        to_status=locked.status,
        by=assigned_by,
        reason=reason,
    )
    audit_record(
        actor=assigned_by,
        action="case_regisseur_changed",
        subject=locked,
        old=previous.pk if previous else None,
        new=regisseur.pk,
    )
    return locked


@transaction.atomic
def case_withdraw(*, case: Case, withdrawn_by: User, reason: str) -> Case:
    """Take the selection back, at any step before outflow; a reason is required."""
    return _transition(case=case, to_status=CaseStatus.WITHDRAWN, by=withdrawn_by, reason=reason)


@transaction.atomic
def reassessment_request(*, case: Case, requested_by: User, question: str) -> Case:
    """The regisseur asks the analysts to look at the inflow again, with a question."""
    return _transition(
        case=case, to_status=CaseStatus.REASSESSMENT, by=requested_by, reason=question
    )


@transaction.atomic
def reassessment_answer(*, case: Case, answered_by: User, answer: str, keep: bool) -> Case:
    """The analyst answers: the person stays in regie, or the selection is withdrawn."""
    return _transition(
        case=case,
        to_status=CaseStatus.IN_REGIE if keep else CaseStatus.WITHDRAWN,
        by=answered_by,
        reason=answer,
    )


def _proposal_open(proposal: OutflowProposal, decided_by: User) -> OutflowProposal:
    proposal = (
        OutflowProposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    )
    if proposal.status != OutflowStatus.OPEN:
        raise CaseActionRefused(
            f"over dit uitstroomvoorstel is al besloten: {proposal.get_status_display()}"
        )
    if not may_decide_outflow(decided_by, proposal.case):
        raise CaseActionRefused(f"{decided_by.username} mag over deze uitstroom niet beslissen")
    return proposal


@transaction.atomic
def outflow_confirm(
    *,
    proposal: OutflowProposal,
    decided_by: User,
    reason: str,
    handover_organisation: str,
    care_needed: str,
) -> OutflowProposal:
    """Confirm the proposed outflow: the case ends, handed over to ``handover_organisation``
    (the warm handover), with the joint assessment of the care still needed."""
    reason = _required(reason, "Een toelichting")
    organisation = _required(handover_organisation, "De organisatie die het overneemt")
    care = _required(care_needed, "De inschatting van de zorg die nog nodig is")
    proposal = _proposal_open(proposal, decided_by)
    if proposal.case.status != CaseStatus.IN_REGIE:
        raise CaseActionRefused(
            f"uitstroom kan alleen voor een deelnemer in regie; dit dossier is "
            f"{proposal.case.get_status_display()}"
        )
    _transition(
        case=proposal.case,
        to_status=CaseStatus.OUTFLOWED,
        by=decided_by,
        reason=reason,
        handover_organisation=organisation,
    )
    proposal.status = OutflowStatus.CONFIRMED
    proposal.decided_by, proposal.decided_at = decided_by, timezone.now()
    proposal.decision_reason, proposal.handover_organisation = reason, organisation
    proposal.care_needed = care
    proposal.save()
    audit_record(
        actor=decided_by,
        action="outflow_confirmed",
        subject=proposal,
        case=proposal.case_id,
        reason=reason,
        handover_organisation=organisation,
    )
    return proposal


@transaction.atomic
def outflow_overrule(
    *, proposal: OutflowProposal, decided_by: User, reason: str
) -> OutflowProposal:
    """Overrule the proposed outflow: the person stays a participant, for this reason."""
    reason = _required(reason, "Een reden")
    proposal = _proposal_open(proposal, decided_by)
    proposal.status = OutflowStatus.OVERRULED
    proposal.decided_by, proposal.decided_at = decided_by, timezone.now()
    proposal.decision_reason = reason
    proposal.save()
    audit_record(
        actor=decided_by,
        action="outflow_overruled",
        subject=proposal,
        case=proposal.case_id,
        reason=reason,
    )
    return proposal


def cases_propose(*, round: Round) -> dict[str, int]:
    """Make the round's proposals; the round's service calls this in its transaction.

    Every inflow outcome becomes a proposed case, unless the person already has an open
    case for the approach; every outflow outcome of a participant becomes an outflow
    proposal, unless one is still waiting for a decision. Returns the figures for the
    audit trail.
    """
    open_cases = {
        (c.person_key, c.approach): c
        for c in Case.objects.filter(status__in=CaseStatus.open_states())
    }
    open_outflows = set(
        OutflowProposal.objects.filter(status=OutflowStatus.OPEN).values_list("case_id", flat=True)
    )
    proposed = already_open = outflows = outflow_already_open = 0
    proposed_keys: list[str] = []
    outflow_keys: list[str] = []
    for outcome in RoundOutcome.objects.filter(
        round=round, outcome__in=(OutcomeKind.INFLOW, OutcomeKind.OUTFLOW)
    ).order_by("pk"):
        existing = open_cases.get((outcome.person_key, outcome.approach))
        if outcome.outcome == OutcomeKind.INFLOW:
            if existing is not None:
                already_open += 1
                continue
            case = Case.objects.create(
                person_key=outcome.person_key,
                approach=outcome.approach,
                achternaam=outcome.achternaam,
                tussenvoegsel=outcome.tussenvoegsel,
                voornamen=outcome.voornamen,
                geboortedatum=outcome.geboortedatum,
                status=CaseStatus.PROPOSED,
                round=round,
                outcome=outcome,
            )
            CaseTransition.objects.create(
                case=case,
                from_status="",
                to_status=CaseStatus.PROPOSED,
                by=round.started_by,
                reason=f"voorgesteld door de criteria in {round}",
            )
            proposed += 1
            proposed_keys.append(case.person_key)
        elif existing is not None and existing.status == CaseStatus.IN_REGIE:
            if existing.pk in open_outflows:
                outflow_already_open += 1
                continue
            OutflowProposal.objects.create(
                case=existing, round=round, outcome=outcome, reasons=outcome.reasons
            )
            outflows += 1
            outflow_keys.append(existing.person_key)
    figures = {
        "kandidaten": proposed,
        "al_open": already_open,
        "uitstroomvoorstellen": outflows,
        "uitstroom_al_open": outflow_already_open,
    }
    audit_record(
        actor=round.started_by,
        action="cases_proposed",
        subject=round,
        kandidaten=proposed,
        al_open=already_open,
        uitstroomvoorstellen=outflows,
        uitstroom_al_open=outflow_already_open,
    )
    # the access log names each person the round proposed, for inflow or for outflow
    audit_record_many(
        actor=round.started_by, action="case_proposed", subject=round, person_keys=proposed_keys
    )
    audit_record_many(
        actor=round.started_by, action="outflow_proposed", subject=round, person_keys=outflow_keys
    )
    return figures


def participants_current() -> list[Case]:
    """The persons in an approach now: their outflow is judged, not their inflow."""
    return list(Case.objects.filter(status__in=CaseStatus.participant_states()).order_by("pk"))


@transaction.atomic
def participants_import(*, path: Path, imported_by: User) -> list[Case]:
    """Take over the participants of before Regie from ``deelnemers.csv``, whole or not at all.

    Each row becomes a case in regie without a regisseur (the programme manager assigns
    one), with the file's ``instroomdatum``. A person who already has an open case for the
    approach is refused, as is any row with a problem.
    """
    if not has_permission(imported_by, CasePermission.ASSIGN):
        raise CaseActionRefused(f"{imported_by.username} mag geen deelnemers overnemen")
    table, problems, _ = read_participants(path, delivery_date=timezone.localdate())
    if problems:
        raise ParticipantsRefused(problems)
    key: bytes = settings.PSEUDONYM_KEY
    rows = []
    for i in range(len(table)):
        rows.append((bsn_pseudonym(table.bsn[i], key), i))
    existing = set(
        Case.objects.filter(status__in=CaseStatus.open_states()).values_list(
            "person_key", "approach"
        )
    )
    problems = [
        Problem(
            path.name, table.regel[i], "bsn", f"heeft al een open dossier voor {table.aanpak[i]}"
        )
        for person_key, i in rows
        if (person_key, table.aanpak[i]) in existing
    ]
    if problems:
        raise ParticipantsRefused(problems)
    cases = []
    for person_key, i in rows:
        case = Case.objects.create(
            person_key=person_key,
            approach=table.aanpak[i],
            achternaam=table.achternaam[i],
            tussenvoegsel=table.tussenvoegsel[i],
            voornamen=table.voornamen[i],
            geboortedatum=table.geboortedatum[i],
            status=CaseStatus.IN_REGIE,
            instroomdatum=table.instroomdatum[i],
        )
        CaseTransition.objects.create(
            case=case,
            from_status="",
            to_status=CaseStatus.IN_REGIE,
            by=imported_by,
            reason=(
                f"overgenomen uit {path.name} (deelnemer sinds {table.instroomdatum[i]:%d-%m-%Y})"
            ),
        )
        cases.append(case)
    audit_record(
        actor=imported_by,
        action="participants_imported",
        subject=imported_by,
        file=path.name,
        participants=len(cases),
    )
    audit_record_many(
        actor=imported_by,
        action="participant_imported",
        subject=imported_by,
        person_keys=[case.person_key for case in cases],
        file=path.name,
    )
    return cases
