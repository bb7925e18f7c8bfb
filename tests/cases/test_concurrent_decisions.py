"""Two people deciding on the same thing at the same moment: exactly one of them wins.

Each decision runs in its own thread with its own database connection; a barrier lets
both start together. The services lock what they decide on (``select_for_update`` on
PostgreSQL; on SQLite a transaction takes the write lock when it begins), so the second
one sees the first one's decision and is refused with the service's own error, not a
database error. Exactly one transition and one audit record are written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from oversightkit import PEILDATUM, region_ready, user_make
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.models import AuditEvent
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.cases.services import (
    CaseActionRefused,
    candidate_check,
    dossier_draw_up,
    outflow_confirm,
    outflow_overrule,
    regisseur_assign,
)
from regie.plans.constants import LifeDomain, PanelDecisionKind, PlanStatus
from regie.plans.models import PanelDecision, Plan
from regie.plans.services import (
    PlanActionRefused,
    action_add,
    case_partner_add,
    goal_add,
    panel_decide,
    plan_create,
    plan_submit,
    subgoal_add,
)
from regie.rounds.services import round_start

pytestmark = pytest.mark.django_db(transaction=True)

Outcome = object | BaseException


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The region makes several users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(tmp_path: Path) -> Iterator[dict[str, User]]:
    users = region_ready(tmp_path)
    round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    zvh = users["analist"].organisation
    users["analist2"] = user_make("analist2", Role.ANALYST, zvh)
    users["manager2"] = user_make("manager2", Role.PROGRAMME_MANAGER, zvh)
    users["panel"] = user_make("panel", Role.PANEL_MEMBER, zvh)
    users["panel2"] = user_make("panel2", Role.PANEL_MEMBER, zvh)
    yield users
    connections.close_all()


def race(*decisions: Callable[[], object]) -> list[Outcome]:
    """Run each decision in its own thread, all starting at the same moment.

    Each thread uses its own database connection and closes it when done. Returns what
    each decision returned or raised, in the order given.
    """
    barrier = threading.Barrier(len(decisions))
    outcomes: list[Outcome] = [None] * len(decisions)

    def run(index: int, decision: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = decision()
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, decision))
        for index, decision in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a decision did not finish"
    return outcomes


def one_won(outcomes: list[Outcome], refusal: type[Exception]) -> tuple[object, Exception]:
    """The winner's result and the loser's refusal; fails on anything else."""
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(won) == 1, f"expected one winner, got {outcomes!r}"
    assert len(refused) == 1, f"expected one refusal, got {outcomes!r}"
    assert type(refused[0]) is refusal, f"expected {refusal.__name__}, got {refused[0]!r}"
    return won[0], refused[0]


def test_two_analysts_checking_the_same_candidate_one_wins(users: dict[str, User]) -> None:
    # given Daan proposed as a candidate
    case = Case.objects.get(voornamen="Daan", approach="top400")
    assert case.status == CaseStatus.PROPOSED
    audit_before = AuditEvent.objects.count()

    # when two analysts check him at the same moment
    outcomes = race(
        lambda: candidate_check(case=case, checked_by=users["analist"]),
        lambda: candidate_check(case=case, checked_by=users["analist2"]),
    )

    # then one checked him; the other is told he is no longer a proposed candidate
    won, refused = one_won(outcomes, CaseActionRefused)
    assert isinstance(won, Case)
    assert str(refused).endswith(
        "mag 'Daan Visser' niet van 'gecontroleerd door analist' naar "
        "'gecontroleerd door analist' zetten"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CHECKED
    transitions = CaseTransition.objects.filter(case=case, to_status=CaseStatus.CHECKED)
    assert transitions.count() == 1
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(action="case_checked", subject_id=str(case.pk)).count() == 1


def test_a_confirm_and_an_overrule_of_one_outflow_proposal_one_wins(
    users: dict[str, User],
) -> None:
    # given the open proposal to let Sem (in regie) flow out
    proposal = OutflowProposal.objects.get(case__voornamen="Sem")
    assert proposal.status == OutflowStatus.OPEN
    audit_before = AuditEvent.objects.count()
    transitions_before = CaseTransition.objects.filter(case_id=proposal.case_id).count()

    # when one manager confirms it while another overrules it
    outcomes = race(
        lambda: outflow_confirm(
            proposal=proposal,
            decided_by=users["manager"],
            reason="Geen aanhoudingen meer.",
            handover_organisation="Wijkteam Noord",
            care_needed="Begeleiding bij werk.",
        ),
        lambda: outflow_overrule(
            proposal=proposal, decided_by=users["manager2"], reason="Nog niet stabiel."
        ),
    )

    # then one decision stands, the other is told it was decided already
    won, refused = one_won(outcomes, CaseActionRefused)
    assert isinstance(won, OutflowProposal)
    assert str(refused).startswith("over dit uitstroomvoorstel is al besloten: ")
    proposal.refresh_from_db()
    assert proposal.status == won.status
    assert proposal.decided_by_id == won.decided_by_id
    case = Case.objects.get(pk=proposal.case_id)
    if proposal.status == OutflowStatus.CONFIRMED:
        # the case flowed out: one transition, an audit record for it and for the proposal
        assert case.status == CaseStatus.OUTFLOWED
        assert CaseTransition.objects.filter(case=case).count() == transitions_before + 1
        assert AuditEvent.objects.count() == audit_before + 2
    else:
        assert proposal.status == OutflowStatus.OVERRULED
        assert case.status == CaseStatus.IN_REGIE
        assert CaseTransition.objects.filter(case=case).count() == transitions_before
        assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(subject_type="cases.outflowproposal").count() == 1


def _submitted_plan(users: dict[str, User]) -> Plan:
    """Daan in regie with a plan of one goal, one subgoal and one action, submitted."""
    case = Case.objects.get(voornamen="Daan", approach="top400")
    candidate_check(case=case, checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Synthetisch dossier.")
    regisseur = users["regisseur"]
    case = regisseur_assign(case=case, assigned_by=users["manager"], regisseur=regisseur)
    probation = Organisation.objects.get(partner="reclassering")
    plan = plan_create(case=case, created_by=regisseur)
    case_partner_add(
        case=case, added_by=regisseur, organisation=probation, role="uitvoerder", contact="T. Test"
    )
    goal = goal_add(
        plan=plan, added_by=regisseur, life_domain=LifeDomain.HOUSING, description="Een kamer."
    )
    subgoal = subgoal_add(goal=goal, added_by=regisseur, description="Inschrijven")
    action_add(
        subgoal=subgoal,
        added_by=regisseur,
        description="Inschrijven bij de woningcorporatie",
        organisation=probation,
        responsible="T. Synthetisch",
        deadline=timezone.localdate() + timedelta(days=14),
    )
    return plan_submit(plan=plan, submitted_by=regisseur)


def test_two_panel_decisions_on_one_submitted_plan_one_wins(users: dict[str, User]) -> None:
    # given a submitted plan
    plan = _submitted_plan(users)
    audit_before = AuditEvent.objects.count()

    # when one panel member approves it while another returns it
    outcomes = race(
        lambda: panel_decide(
            plan=plan, decided_by=users["panel"], decision=PanelDecisionKind.APPROVED
        ),
        lambda: panel_decide(
            plan=plan,
            decided_by=users["panel2"],
            decision=PanelDecisionKind.RETURNED,
            remarks="Het doel is te vaag.",
        ),
    )

    # then one decision is recorded; the other is told the plan is no longer submitted
    won, refused = one_won(outcomes, PlanActionRefused)
    assert isinstance(won, PanelDecision)
    assert str(refused).startswith("het expertpanel besluit over een ingediend plan; dit plan is ")
    plan.refresh_from_db()
    expected = {
        PanelDecisionKind.APPROVED: PlanStatus.APPROVED,
        PanelDecisionKind.RETURNED: PlanStatus.RETURNED,
    }[PanelDecisionKind(won.decision)]
    assert plan.status == expected
    assert PanelDecision.objects.filter(plan=plan).count() == 1
    assert AuditEvent.objects.count() == audit_before + 1
    assert (
        AuditEvent.objects.filter(action__startswith="plan_", subject_id=str(plan.pk))
        .filter(action__in=["plan_approved", "plan_returned"])
        .count()
        == 1
    )
