"""Case direction through its services: the plan, the panel, meetings, reviews, exclusion
grounds, bottlenecks; who may do what; every refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from regie.accounts.models import Organisation, User
from regie.audit.models import AuditEvent
from regie.cases.constants import CaseStatus, OutflowOrigin, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.cases.services import outflow_confirm
from regie.plans.constants import (
    ActionStatus,
    EscalationLevel,
    ExclusionGround,
    LifeDomain,
    PanelDecisionKind,
    PlanStatus,
    ReviewJudgement,
)
from regie.plans.models import Action, BottleneckStep, Plan
from regie.plans.permissions import may_see_case, participant_for_user
from regie.plans.services import (
    PlanActionRefused,
    action_add,
    action_update,
    bottleneck_escalate,
    bottleneck_raise,
    bottleneck_resolve,
    case_meeting_record,
    case_partner_add,
    exclusion_record,
    goal_add,
    panel_decide,
    plan_create,
    plan_submit,
    review_record,
    subgoal_add,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _plan_with_one_action(case: Case, people: dict[str, User]) -> tuple[Plan, Action]:
    regisseur = people["regisseur"]
    probation = Organisation.objects.get(partner="reclassering")
    plan = plan_create(case=case, created_by=regisseur, summary="Samen werken aan school.")
    case_partner_add(
        case=case,
        added_by=regisseur,
        organisation=probation,
        role="jeugdreclassering",
        contact="R. Synthetisch",
    )
    goal = goal_add(
        plan=plan,
        added_by=regisseur,
        life_domain=LifeDomain.HOUSING,
        description="Een eigen kamer.",
        alternative="Tijdelijk bij een oom, met begeleiding.",
        blocked_by="wachtlijst kamers",
    )
    subgoal = subgoal_add(goal=goal, added_by=regisseur, description="Inschrijven")
    action = action_add(
        subgoal=subgoal,
        added_by=regisseur,
        description="Inschrijving regelen",
        organisation=probation,
        responsible="R. Synthetisch",
        deadline=TODAY() + timedelta(days=14),
    )
    return plan, action


def test_a_regisseur_builds_a_plan_and_the_panel_approves_it(
    case: Case, people: dict[str, User]
) -> None:
    # given a plan with a goal in a life domain, a subgoal and an action for a partner
    plan, action = _plan_with_one_action(case, people)
    assert (plan.status, action.status, action.organisation.name) == (
        PlanStatus.DRAFT,
        ActionStatus.OPEN,
        "Reclassering (synthetisch)",
    )
    # when the regisseur submits it and the panel approves it
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    panel_decide(plan=plan, decided_by=people["panel"], decision=PanelDecisionKind.APPROVED)
    # then it is approved, with the history kept
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.APPROVED
    assert plan.submitted_at is not None and plan.approved_at is not None
    assert [(d.decision, d.decided_by.username) for d in plan.decisions.all()] == [
        ("approved", "panel")
    ]
    assert [
        e.action for e in AuditEvent.objects.filter(subject_type="plans.plan").order_by("pk")
    ] == [
        "plan_created",
        "plan_goal_added",
        "plan_subgoal_added",
        "plan_action_added",
        "plan_submitted",
        "plan_approved",
    ]


def test_the_panel_returns_a_plan_with_remarks_and_the_history_stays(
    case: Case, people: dict[str, User]
) -> None:
    plan, _ = _plan_with_one_action(case, people)
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    first_submission = Plan.objects.get(pk=plan.pk).submitted_at
    # returning without remarks is refused
    with pytest.raises(PlanActionRefused) as refused:
        panel_decide(plan=plan, decided_by=people["panel"], decision=PanelDecisionKind.RETURNED)
    assert str(refused.value) == "Opmerkingen bij het teruggeven is verplicht"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    # returned with remarks, changed, submitted again, approved
    panel_decide(
        plan=plan,
        decided_by=people["panel"],
        decision=PanelDecisionKind.RETURNED,
        remarks="Werk ontbreekt.",
    )
    goal = goal_add(
        plan=plan,
        added_by=people["regisseur"],
        life_domain=LifeDomain.SCHOOL_WORK,
        description="Een stage.",
    )
    subgoal = subgoal_add(goal=goal, added_by=people["regisseur"], description="Stageplek")
    action_add(
        subgoal=subgoal,
        added_by=people["regisseur"],
        description="Stageplek zoeken",
        organisation=Organisation.objects.get(partner="reclassering"),
        responsible="R. Synthetisch",
        deadline=TODAY() + timedelta(days=30),
    )
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    panel_decide(plan=plan, decided_by=people["panel"], decision=PanelDecisionKind.APPROVED)
    plan = Plan.objects.get(pk=plan.pk)
    assert [(d.decision, d.remarks) for d in plan.decisions.all()] == [
        ("returned", "Werk ontbreekt."),
        ("approved", ""),
    ]
    # the clock counts the first submission
    assert plan.submitted_at == first_submission


def test_a_plan_goes_to_the_panel_only_with_an_action_under_every_goal(
    case: Case, people: dict[str, User]
) -> None:
    regisseur = people["regisseur"]
    plan = plan_create(case=case, created_by=regisseur)
    with pytest.raises(PlanActionRefused) as empty:
        plan_submit(plan=plan, submitted_by=regisseur)
    assert str(empty.value) == "Een plan zonder doelen kan niet naar het expertpanel"
    goal_add(plan=plan, added_by=regisseur, life_domain=LifeDomain.FINANCES, description="Schulden")
    with pytest.raises(PlanActionRefused) as bare:
        plan_submit(plan=plan, submitted_by=regisseur)
    assert str(bare.value) == (
        "Het doel 'Schulden' (financiën) heeft nog geen subdoel met een actie"
    )
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_submitted_plan_waits_and_an_approved_plan_changed_is_a_draft_again(
    case: Case, people: dict[str, User]
) -> None:
    plan, action = _plan_with_one_action(case, people)
    regisseur = people["regisseur"]
    plan_submit(plan=plan, submitted_by=regisseur)
    with pytest.raises(PlanActionRefused) as waiting:
        subgoal_add(goal=action.subgoal.goal, added_by=regisseur, description="Later")
    assert str(waiting.value) == (
        "het plan ligt bij het expertpanel en verandert pas na het besluit"
    )
    panel_decide(plan=plan, decided_by=people["panel"], decision=PanelDecisionKind.APPROVED)
    # progress on an action keeps the approval; a new subgoal needs the panel again
    action_update(action=action, updated_by=regisseur, status=ActionStatus.RUNNING)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    subgoal_add(goal=action.subgoal.goal, added_by=regisseur, description="Huurtoeslag")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_only_the_own_regisseur_edits_and_only_panel_members_decide(
    case: Case, people: dict[str, User]
) -> None:
    for someone in ("regisseur2", "manager", "panel", "reclassering"):
        with pytest.raises(PlanActionRefused):
            plan_create(case=case, created_by=people[someone])
    assert not Plan.objects.exists()
    plan, _ = _plan_with_one_action(case, people)
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    for someone in ("regisseur", "manager", "analist"):
        with pytest.raises(PlanActionRefused):
            panel_decide(plan=plan, decided_by=people[someone], decision=PanelDecisionKind.APPROVED)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_an_action_is_for_an_involved_partner_and_its_provider_reports_progress(
    case: Case, people: dict[str, User]
) -> None:
    _, action = _plan_with_one_action(case, people)
    housing = Organisation.objects.get(name="Woningcorporatie (synthetisch)")
    with pytest.raises(PlanActionRefused) as not_involved:
        action_add(
            subgoal=action.subgoal,
            added_by=people["regisseur"],
            description="Kamer toewijzen",
            organisation=housing,
            responsible="W. Synthetisch",
            deadline=TODAY() + timedelta(days=7),
        )
    assert str(not_involved.value) == (
        "Woningcorporatie (synthetisch) is geen betrokken partner; voeg de partner eerst toe"
    )
    # the probation officer updates its own action; blocked needs a note
    with pytest.raises(PlanActionRefused) as no_note:
        action_update(action=action, updated_by=people["reclassering"], status=ActionStatus.BLOCKED)
    assert str(no_note.value) == "Wat de actie blokkeert is verplicht"
    action_update(
        action=action,
        updated_by=people["reclassering"],
        status=ActionStatus.BLOCKED,
        note="wachtlijst",
    )
    assert Action.objects.get(pk=action.pk).status == ActionStatus.BLOCKED
    # the housing provider, not involved, may not
    with pytest.raises(PlanActionRefused):
        action_update(action=action, updated_by=people["woning"], status=ActionStatus.DONE)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.BLOCKED


def test_who_sees_a_case_in_regie(case: Case, people: dict[str, User]) -> None:
    _plan_with_one_action(case, people)
    seen = {name for name, user in people.items() if may_see_case(user, case)}
    assert seen == {"regisseur", "manager", "panel", "reclassering"}
    with pytest.raises(Http404):
        participant_for_user(people["woning"], case.pk)


def test_a_review_for_outflow_makes_an_outflow_proposal_confirmed_with_the_handover(
    case: Case, people: dict[str, User]
) -> None:
    # when the regisseur judges that the approach no longer adds value
    review_record(
        case=case,
        decided_by=people["regisseur"],
        held_on=TODAY(),
        judgement=ReviewJudgement.OUTFLOW,
        reasons="Doelen bereikt; reguliere hulp volstaat.",
    )
    # then an outflow proposal waits, from the review
    proposal = OutflowProposal.objects.get(case=case)
    assert (proposal.origin, proposal.status, proposal.proposal_note, proposal.reasons) == (
        OutflowOrigin.REVIEW,
        OutflowStatus.OPEN,
        "Doelen bereikt; reguliere hulp volstaat.",
        ["proportionaliteitstoets"],
    )
    # and the manager confirms it with the joint assessment and the warm handover
    outflow_confirm(
        proposal=proposal,
        decided_by=people["manager"],
        reason="Eens met de toets.",
        handover_organisation="Wijkteam Noord",
        care_needed="Schuldhulp blijft nodig; wijkteam neemt het over.",
    )
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.handover_organisation) == (CaseStatus.OUTFLOWED, "Wijkteam Noord")
    assert OutflowProposal.objects.get(pk=proposal.pk).care_needed == (
        "Schuldhulp blijft nodig; wijkteam neemt het over."
    )


def test_a_review_to_continue_makes_no_proposal_and_a_future_review_is_refused(
    case: Case, people: dict[str, User]
) -> None:
    review_record(
        case=case,
        decided_by=people["manager"],
        held_on=TODAY(),
        judgement=ReviewJudgement.CONTINUE,
        reasons="Nog volop in beweging.",
    )
    assert not OutflowProposal.objects.exists()
    tomorrow = TODAY() + timedelta(days=1)
    with pytest.raises(PlanActionRefused) as future:
        review_record(
            case=case,
            decided_by=people["regisseur"],
            held_on=tomorrow,
            judgement=ReviewJudgement.CONTINUE,
            reasons="x",
        )
    assert str(future.value) == f"De datum van de toets ({tomorrow:%d-%m-%Y}) ligt in de toekomst"
    with pytest.raises(PlanActionRefused):
        review_record(
            case=case,
            decided_by=people["panel"],
            held_on=TODAY(),
            judgement=ReviewJudgement.CONTINUE,
            reasons="x",
        )
    assert case.reviews.count() == 1


def test_an_exclusion_ground_leads_to_one_outflow_proposal(
    case: Case, people: dict[str, User]
) -> None:
    exclusion_record(
        case=case,
        recorded_by=people["regisseur"],
        ground=ExclusionGround.LONG_PRISON,
        note="Veroordeeld tot zes jaar.",
    )
    exclusion_record(
        case=case,
        recorded_by=people["manager"],
        ground=ExclusionGround.NO_PROSPECT,
        note="Geen perspectief.",
    )
    (proposal,) = OutflowProposal.objects.filter(case=case)
    assert (proposal.origin, proposal.reasons) == (OutflowOrigin.EXCLUSION, ["long_prison"])
    assert case.exclusions.count() == 2


def test_a_bottleneck_is_escalated_step_by_step_and_resolved(
    case: Case, people: dict[str, User]
) -> None:
    bottleneck = bottleneck_raise(
        case=case, raised_by=people["regisseur"], description="Geen woonplek beschikbaar."
    )
    bottleneck_escalate(bottleneck=bottleneck, escalated_by=people["regisseur"], note="Panel")
    bottleneck_escalate(bottleneck=bottleneck, escalated_by=people["panel"], note="Kerngroep")
    bottleneck_escalate(bottleneck=bottleneck, escalated_by=people["manager"], note="Stuur")
    with pytest.raises(PlanActionRefused) as top:
        bottleneck_escalate(bottleneck=bottleneck, escalated_by=people["manager"], note="Hoger")
    assert str(top.value) == "dit knelpunt ligt al bij de stuurgroep, de hoogste stap"
    bottleneck_resolve(
        bottleneck=bottleneck, resolved_by=people["manager"], note="Kamer via stuurgroep."
    )
    steps = BottleneckStep.objects.filter(bottleneck=bottleneck)
    assert [(s.level, s.is_resolution, s.by.username) for s in steps] == [
        (EscalationLevel.CASE, False, "regisseur"),
        (EscalationLevel.PANEL, False, "regisseur"),
        (EscalationLevel.CORE_GROUP, False, "panel"),
        (EscalationLevel.STEERING_GROUP, False, "manager"),
        (EscalationLevel.STEERING_GROUP, True, "manager"),
    ]
    with pytest.raises(PlanActionRefused) as resolved:
        bottleneck_escalate(bottleneck=bottleneck, escalated_by=people["manager"], note="x")
    assert str(resolved.value) == "dit knelpunt is al opgelost"


def test_case_meetings_are_recorded_by_the_regisseur(case: Case, people: dict[str, User]) -> None:
    case_meeting_record(
        case=case, recorded_by=people["regisseur"], held_on=TODAY(), notes="Afspraken gemaakt."
    )
    with pytest.raises(PlanActionRefused):
        case_meeting_record(case=case, recorded_by=people["regisseur2"], held_on=TODAY(), notes="x")
    with pytest.raises(PlanActionRefused) as empty:
        case_meeting_record(case=case, recorded_by=people["regisseur"], held_on=TODAY(), notes="")
    assert str(empty.value) == "De afspraken is verplicht"
    assert [m.notes for m in case.meetings.all()] == ["Afspraken gemaakt."]
