"""The oversight workflow: one table of transitions, who may make them, and the history.

The criteria propose; people decide. Every refusal changes nothing.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
from oversightkit import PARTICIPANTS, PEILDATUM, region_ready, user_make

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.constants import ALLOWED_TRANSITIONS, REASON_REQUIRED, CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.cases.permissions import may_transition, transitions_for
from regie.cases.services import (
    CaseActionRefused,
    ParticipantsRefused,
    candidate_check,
    case_withdraw,
    dossier_draw_up,
    outflow_confirm,
    outflow_overrule,
    participants_import,
    reassessment_answer,
    reassessment_request,
    regisseur_assign,
)
from regie.rounds.services import round_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(tmp_path: Path) -> dict[str, User]:
    users = region_ready(tmp_path)
    round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    return users


def _daan() -> Case:
    return Case.objects.get(voornamen="Daan")


def _history(case: Case) -> list[tuple[str, str, str, str]]:
    return [
        (t.from_status, t.to_status, t.by.username, t.reason)
        for t in CaseTransition.objects.filter(case=case).select_related("by")
    ]


def _snapshot(case: Case) -> tuple[object, ...]:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.regisseur_id,
        case.closed_reason,
        CaseTransition.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
    )


def test_the_whole_path_from_proposal_to_regie_is_recorded(users: dict[str, User]) -> None:
    # given Daan, proposed by the round
    case = _daan()
    # when the analyst checks, draws up the dossier and the manager assigns a regisseur
    candidate_check(case=case, checked_by=users["analist"], note="feiten nagelopen")
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Basis: zie criteria.")
    regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["regisseur"])
    # then Daan is in regie with his regisseur, from today
    case = _daan()
    assert (case.status, case.regisseur, case.dossier, case.dossier_by) == (
        CaseStatus.IN_REGIE,
        users["regisseur"],
        "Basis: zie criteria.",
        users["analist"],
    )
    assert case.instroomdatum is not None
    # and every step says who, from, to and why
    assert _history(case) == [
        (
            "",
            "proposed",
            "analist",
            "voorgesteld door de criteria in instroommoment "
            f"{case.round_id} (peildatum 01-02-2026)",
        ),
        ("proposed", "checked", "analist", "feiten nagelopen"),
        ("checked", "dossier", "analist", ""),
        ("dossier", "in_regie", "manager", "regisseur: Regisseur Synthetisch"),
    ]
    assert [
        e.action for e in AuditEvent.objects.filter(subject_type="cases.case").order_by("pk")
    ] == [
        "case_checked",
        "case_dossier",
        "case_in_regie",
    ]


def test_every_role_may_make_exactly_the_transitions_of_the_table(
    users: dict[str, User],
) -> None:
    # given a case in each state, directed by "regisseur"
    case = _daan()
    case.regisseur = users["regisseur"]
    roles = {
        Role.ANALYST: users["analist"],
        Role.PROGRAMME_MANAGER: users["manager"],
        Role.REGISSEUR: users["regisseur"],
        Role.ADMINISTRATOR: users["beheerder"],
        Role.PARTNER_SUPPLIER: user_make("leverancier", Role.PARTNER_SUPPLIER),
        Role.PANEL_MEMBER: user_make("panellid", Role.PANEL_MEMBER),
        Role.PRIVACY_OFFICER: user_make("fg", Role.PRIVACY_OFFICER),
        Role.INTERVENTION_PROVIDER: user_make("uitvoerder", Role.INTERVENTION_PROVIDER),
    }
    assert set(roles) == set(Role)
    checked = 0
    for frm, to in product(CaseStatus, CaseStatus):
        case.status = frm
        for role, user in roles.items():
            expected = role in ALLOWED_TRANSITIONS.get((frm, to), frozenset())
            assert may_transition(user, case, to) is expected, (frm, to, role)
            checked += 1
    assert checked == len(CaseStatus) * len(CaseStatus) * len(Role) == 7 * 7 * 8
    # and another regisseur may make none of the regisseur's transitions on this case
    case.status = CaseStatus.IN_REGIE
    assert transitions_for(users["regisseur2"], case) == []
    assert transitions_for(users["regisseur"], case) == [
        CaseStatus.REASSESSMENT,
        CaseStatus.WITHDRAWN,
    ]


def test_the_end_states_have_no_way_out() -> None:
    for frm, _ in ALLOWED_TRANSITIONS:
        assert frm not in (CaseStatus.WITHDRAWN, CaseStatus.OUTFLOWED)
    assert all(to != frm for frm, to in ALLOWED_TRANSITIONS)
    assert (CaseStatus.PROPOSED, CaseStatus.WITHDRAWN) in REASON_REQUIRED


def test_withdrawing_needs_a_reason_and_a_refusal_changes_nothing(
    users: dict[str, User],
) -> None:
    case = _daan()
    before = _snapshot(case)
    with pytest.raises(CaseActionRefused) as refused:
        case_withdraw(case=case, withdrawn_by=users["analist"], reason="   ")
    assert str(refused.value) == "Een reden is verplicht"
    assert _snapshot(case) == before
    # when the analyst gives a reason, then the selection is taken back
    case_withdraw(case=case, withdrawn_by=users["analist"], reason="identiteit twijfelachtig")
    case = _daan()
    assert (case.status, case.closed_reason) == (CaseStatus.WITHDRAWN, "identiteit twijfelachtig")
    assert _history(case)[-1] == (
        "proposed",
        "withdrawn",
        "analist",
        "identiteit twijfelachtig",
    )


def test_a_step_out_of_order_or_by_the_wrong_role_is_refused(users: dict[str, User]) -> None:
    case = _daan()
    before = _snapshot(case)
    with pytest.raises(CaseActionRefused) as skipped:
        dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="te vroeg")
    assert str(skipped.value) == (
        "analist analist mag 'Daan Visser' niet van 'voorgesteld' naar 'dossier opgesteld' zetten"
    )
    with pytest.raises(CaseActionRefused):
        candidate_check(case=case, checked_by=users["manager"])
    with pytest.raises(CaseActionRefused):
        candidate_check(case=case, checked_by=users["regisseur"])
    assert _snapshot(case) == before


def test_a_regisseur_acts_only_on_their_own_case_and_can_ask_for_reassessment(
    users: dict[str, User],
) -> None:
    # given Daan in regie with "regisseur"
    case = _daan()
    candidate_check(case=case, checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Basis.")
    regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["regisseur"])
    before = _snapshot(case)
    # when another regisseur tries to withdraw it, then that is refused
    with pytest.raises(CaseActionRefused):
        case_withdraw(case=case, withdrawn_by=users["regisseur2"], reason="niet mijn zaak")
    assert _snapshot(case) == before
    # when his own regisseur asks for a re-assessment without a question, refused
    with pytest.raises(CaseActionRefused) as empty:
        reassessment_request(case=case, requested_by=users["regisseur"], question="")
    assert str(empty.value) == "Een reden is verplicht"
    # and with a question it returns to the analysts, who answer: he stays
    reassessment_request(
        case=case, requested_by=users["regisseur"], question="Klopt de aanhouding?"
    )
    assert _daan().status == CaseStatus.REASSESSMENT
    reassessment_answer(
        case=case, answered_by=users["analist"], answer="Ja, bevestigd door politie.", keep=True
    )
    assert _daan().status == CaseStatus.IN_REGIE
    # and the regisseur may still take the selection back, with a reason
    case_withdraw(case=case, withdrawn_by=users["regisseur"], reason="aanpak niet passend")
    assert [h[1] for h in _history(_daan())][-3:] == ["reassessment", "in_regie", "withdrawn"]


def test_a_reassessment_can_end_in_withdrawal(users: dict[str, User]) -> None:
    case = _daan()
    candidate_check(case=case, checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Basis.")
    regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["regisseur"])
    reassessment_request(case=case, requested_by=users["regisseur"], question="Juist persoon?")
    reassessment_answer(
        case=case, answered_by=users["analist"], answer="Verwisseld met broer.", keep=False
    )
    case = _daan()
    assert (case.status, case.closed_reason) == (CaseStatus.WITHDRAWN, "Verwisseld met broer.")


def test_only_an_active_regisseur_can_be_assigned(users: dict[str, User]) -> None:
    case = _daan()
    candidate_check(case=case, checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Basis.")
    before = _snapshot(case)
    with pytest.raises(CaseActionRefused) as refused:
        regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["analist"])
    assert str(refused.value) == "analist is geen actieve regisseur"
    with pytest.raises(CaseActionRefused):
        regisseur_assign(case=case, assigned_by=users["analist"], regisseur=users["regisseur"])
    assert _snapshot(case) == before


def test_a_confirmed_outflow_ends_the_case_with_the_handover(users: dict[str, User]) -> None:
    # given Sem's outflow proposal
    proposal = OutflowProposal.objects.get()
    sem = proposal.case
    before = _snapshot(sem)
    # when it is confirmed without the receiving organisation, then refused
    with pytest.raises(CaseActionRefused) as refused:
        outflow_confirm(
            proposal=proposal,
            decided_by=users["manager"],
            reason="doelen bereikt",
            handover_organisation="",
            care_needed="begeleiding bij werk",
        )
    assert str(refused.value) == "De organisatie die het overneemt is verplicht"
    assert _snapshot(sem) == before
    # when confirmed with reason and organisation
    outflow_confirm(
        proposal=proposal,
        decided_by=users["manager"],
        reason="doelen bereikt",
        handover_organisation="Wijkteam Noord",
        care_needed="begeleiding bij werk",
    )
    # then the case is outflowed and records the handover
    sem = Case.objects.get(pk=sem.pk)
    assert (sem.status, sem.handover_organisation, sem.closed_reason) == (
        CaseStatus.OUTFLOWED,
        "Wijkteam Noord",
        "doelen bereikt",
    )
    proposal = OutflowProposal.objects.get()
    assert (
        proposal.status,
        proposal.decided_by,
        proposal.decision_reason,
        proposal.care_needed,
    ) == (OutflowStatus.CONFIRMED, users["manager"], "doelen bereikt", "begeleiding bij werk")
    # and a second decision is refused
    with pytest.raises(CaseActionRefused) as again:
        outflow_overrule(proposal=proposal, decided_by=users["manager"], reason="toch niet")
    assert str(again.value) == ("over dit uitstroomvoorstel is al besloten: uitstroom bevestigd")


def test_an_overruled_outflow_keeps_the_participant(users: dict[str, User]) -> None:
    proposal = OutflowProposal.objects.get()
    with pytest.raises(CaseActionRefused):
        outflow_overrule(proposal=proposal, decided_by=users["analist"], reason="nog nodig")
    outflow_overrule(proposal=proposal, decided_by=users["manager"], reason="plan loopt nog")
    proposal = OutflowProposal.objects.get()
    assert (proposal.status, proposal.case.status, proposal.decision_reason) == (
        OutflowStatus.OVERRULED,
        CaseStatus.IN_REGIE,
        "plan loopt nog",
    )
    assert AuditEvent.objects.filter(action="outflow_overruled").count() == 1


def test_taking_over_participants_is_whole_or_not_at_all(
    users: dict[str, User], tmp_path: Path
) -> None:
    # given a file with one good row and one bad date
    bad = tmp_path / "deelnemers-fout.csv"
    bad.write_text(
        PARTICIPANTS.splitlines()[0] + "\n"
        "300000042,Bos,,Lot,2004-04-04,top600,2024-01-01\n"
        "300000054,Mol,,Bram,2003-03-03,top600,2024-13-01\n",
        encoding="utf-8",
    )
    cases = Case.objects.count()
    with pytest.raises(ParticipantsRefused) as refused:
        participants_import(path=bad, imported_by=users["manager"])
    assert [(p.line, p.column) for p in refused.value.problems] == [(3, "instroomdatum")]
    assert Case.objects.count() == cases
    # and Sem, who already has an open Top400 case, is refused by line
    again = tmp_path / "deelnemers-opnieuw.csv"
    again.write_text(PARTICIPANTS, encoding="utf-8")
    with pytest.raises(ParticipantsRefused) as twice:
        participants_import(path=again, imported_by=users["manager"])
    assert [(p.line, p.column, p.message) for p in twice.value.problems] == [
        (2, "bsn", "heeft al een open dossier voor top400")
    ]
    assert Case.objects.count() == cases
