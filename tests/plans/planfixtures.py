"""Small builders of synthetic case-direction data for the clock and overview tests.

Everything is made with ``objects.create``; moments are aware datetimes at 10:00 local
time on the given date unless a test needs another hour.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.plans.constants import ActionStatus, EscalationLevel, LifeDomain, PanelDecisionKind
from regie.plans.models import (
    Action,
    Bottleneck,
    BottleneckStep,
    CaseMeeting,
    CasePartner,
    Goal,
    PanelDecision,
    Plan,
    Review,
    SubGoal,
)


def moment(day: date, at: time = time(10, 0)) -> datetime:
    """An aware datetime on ``day`` at ``at``, local time."""
    return timezone.make_aware(datetime.combine(day, at))


def organisation(name: str) -> Organisation:
    return Organisation.objects.create(name=name)


def user(username: str, role: Role, org: Organisation | None, full_name: str = "") -> User:
    first, _, last = full_name.partition(" ")
    return User.objects.create_user(
        username=username, role=role, organisation=org, first_name=first, last_name=last
    )


def regisseur(username: str, org: Organisation, full_name: str = "") -> User:
    return user(username, Role.REGISSEUR, org, full_name)


def participant(
    director: User,
    *,
    achternaam: str,
    assigned: date | datetime,
    status: CaseStatus = CaseStatus.IN_REGIE,
) -> Case:
    """A synthetic participant directed by ``director`` since ``assigned``."""
    assigned_at = assigned if isinstance(assigned, datetime) else moment(assigned)
    return Case.objects.create(
        person_key=f"synthetisch-{achternaam.lower()}",
        approach="top400",
        achternaam=achternaam,
        voornamen="Test",
        geboortedatum=date(2008, 4, 1),
        status=status,
        regisseur=director,
        regisseur_assigned_at=assigned_at,
        instroomdatum=timezone.localdate(assigned_at),
    )


def plan_for(case: Case, *, submitted: date | None = None, status: str = "draft") -> Plan:
    assert case.regisseur is not None
    return Plan.objects.create(
        case=case,
        status=status,
        created_by=case.regisseur,
        submitted_at=None if submitted is None else moment(submitted),
    )


def subgoal_in(plan: Plan, *, domain: LifeDomain, goal: str, subgoal: str) -> SubGoal:
    made_goal, _ = Goal.objects.get_or_create(plan=plan, life_domain=domain, description=goal)
    return SubGoal.objects.create(goal=made_goal, description=subgoal)


def action(
    subgoal: SubGoal,
    org: Organisation,
    *,
    description: str,
    deadline: date,
    status: ActionStatus = ActionStatus.OPEN,
) -> Action:
    return Action.objects.create(
        subgoal=subgoal,
        description=description,
        organisation=org,
        responsible="Synthetische medewerker",
        deadline=deadline,
        status=status,
    )


def partner(case: Case, org: Organisation) -> CasePartner:
    assert case.regisseur is not None
    return CasePartner.objects.create(
        case=case,
        organisation=org,
        role="uitvoerder",
        contact="T. Contact",
        added_by=case.regisseur,
    )


def meeting(case: Case, held_on: date) -> CaseMeeting:
    assert case.regisseur is not None
    return CaseMeeting.objects.create(
        case=case, held_on=held_on, notes="afspraken", recorded_by=case.regisseur
    )


def review(case: Case, held_on: date) -> Review:
    assert case.regisseur is not None
    return Review.objects.create(
        case=case,
        held_on=held_on,
        judgement="continue",
        reasons="nog nodig",
        decided_by=case.regisseur,
    )


def panel_decision(plan: Plan, on: date, decided_by: User) -> PanelDecision:
    decision = PanelDecision.objects.create(
        plan=plan, decision=PanelDecisionKind.APPROVED, decided_by=decided_by
    )
    PanelDecision.objects.filter(pk=decision.pk).update(decided_at=moment(on))
    decision.refresh_from_db()
    return decision


def bottleneck(
    case: Case,
    *,
    level: EscalationLevel,
    raised: date,
    escalated: date | None = None,
    is_resolved: bool = False,
) -> Bottleneck:
    """A bottleneck raised on ``raised``; escalated to ``level`` on ``escalated``."""
    assert case.regisseur is not None
    made = Bottleneck.objects.create(
        case=case,
        description="geen passende woonplek",
        level=level,
        is_resolved=is_resolved,
        raised_by=case.regisseur,
    )
    Bottleneck.objects.filter(pk=made.pk).update(raised_at=moment(raised))
    if escalated is not None:
        step = BottleneckStep.objects.create(
            bottleneck=made, level=level, note="opgeschaald", by=case.regisseur
        )
        BottleneckStep.objects.filter(pk=step.pk).update(at=moment(escalated))
    made.refresh_from_db()
    return made
