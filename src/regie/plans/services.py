"""Case direction: every change to a plan, a meeting, a review or a bottleneck.

Each service names its actor, checks the permission (``permissions.py``), runs in one
transaction, locks what it changes, and writes its audit record in that transaction. A
refusal raises :class:`PlanActionRefused` with a Dutch message and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from regie.accounts.models import Organisation, User
from regie.audit.services import audit_record
from regie.cases.constants import CaseStatus, OutflowOrigin, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.plans.constants import (
    ESCALATION_LADDER,
    PLAN_EDITABLE,
    ActionStatus,
    EscalationLevel,
    ExclusionGround,
    LifeDomain,
    PanelDecisionKind,
    PlanStatus,
    ReviewJudgement,
)
from regie.plans.models import (
    Action,
    Bottleneck,
    BottleneckStep,
    CaseMeeting,
    CasePartner,
    Exclusion,
    Goal,
    PanelDecision,
    Plan,
    Review,
    SubGoal,
)
from regie.plans.permissions import (
    may_decide_panel,
    may_edit_plan,
    may_handle_bottleneck,
    may_review,
    may_update_action,
)


class PlanActionRefused(Exception):
    """Not allowed now, or incomplete input; nothing was changed."""


def _required(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise PlanActionRefused(f"{what} is verplicht")
    return text


def _not_future(day: date, what: str) -> date:
    if day > timezone.localdate():
        raise PlanActionRefused(f"{what} ({day:%d-%m-%Y}) ligt in de toekomst")
    return day


def _in_regie(case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.IN_REGIE:
        raise PlanActionRefused(
            f"'{case.display_name}' is niet in regie ({case.get_status_display()})"
        )
    return case


def _editable_plan(plan: Plan, user: User) -> Plan:
    """Lock ``plan`` for a change of its contents by its regisseur.

    A submitted plan waits for the panel and cannot change. Changing the contents of an
    approved plan makes it a draft again: the panel sees every version it approves.
    """
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if not may_edit_plan(user, plan.case):
        raise PlanActionRefused(f"{user.username} is niet de regisseur van deze deelnemer")
    if plan.status not in PLAN_EDITABLE:
        raise PlanActionRefused("het plan ligt bij het expertpanel en verandert pas na het besluit")
    if plan.status == PlanStatus.APPROVED:
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["status"])
    return plan


@transaction.atomic
def plan_create(*, case: Case, created_by: User, summary: str = "") -> Plan:
    """Start the plan of approach of a person in regie (one per case)."""
    case = _in_regie(case)
    if not may_edit_plan(created_by, case):
        raise PlanActionRefused(f"{created_by.username} is niet de regisseur van deze deelnemer")
    if Plan.objects.filter(case=case).exists():
        raise PlanActionRefused(f"'{case.display_name}' heeft al een plan van aanpak")
    plan = Plan.objects.create(case=case, created_by=created_by, summary=summary.strip())
    audit_record(actor=created_by, action="plan_created", subject=plan, case=case.pk)
    return plan


@transaction.atomic
def case_partner_add(
    *, case: Case, added_by: User, organisation: Organisation, role: str, contact: str
) -> CasePartner:
    """Record a partner organisation involved in the case, with its role and contact."""
    case = _in_regie(case)
    if not may_edit_plan(added_by, case):
        raise PlanActionRefused(f"{added_by.username} is niet de regisseur van deze deelnemer")
    if CasePartner.objects.filter(case=case, organisation=organisation).exists():
        raise PlanActionRefused(f"{organisation.name} is al betrokken")
    partner = CasePartner.objects.create(
        case=case,
        organisation=organisation,
        role=_required(role, "De rol van de partner"),
        contact=_required(contact, "De contactpersoon"),
        added_by=added_by,
    )
    audit_record(
        actor=added_by,
        action="case_partner_added",
        subject=case,
        organisation=organisation.pk,
    )
    return partner


@transaction.atomic
def goal_add(
    *,
    plan: Plan,
    added_by: User,
    life_domain: LifeDomain,
    description: str,
    alternative: str = "",
    blocked_by: str = "",
) -> Goal:
    """A goal in one life domain; ``alternative`` is the scenario when ``blocked_by`` (a
    shortage such as housing or a waiting list) blocks the ideal route."""
    plan = _editable_plan(plan, added_by)
    if blocked_by.strip() and not alternative.strip():
        raise PlanActionRefused("Een doel met een belemmering heeft een alternatief scenario nodig")
    goal = Goal.objects.create(
        plan=plan,
        life_domain=LifeDomain(life_domain),
        description=_required(description, "Het doel"),
        alternative=alternative.strip(),
        blocked_by=blocked_by.strip(),
    )
    audit_record(actor=added_by, action="plan_goal_added", subject=plan, goal=goal.pk)
    return goal


@transaction.atomic
def subgoal_add(*, goal: Goal, added_by: User, description: str) -> SubGoal:
    _editable_plan(goal.plan, added_by)
    subgoal = SubGoal.objects.create(goal=goal, description=_required(description, "Het subdoel"))
    audit_record(actor=added_by, action="plan_subgoal_added", subject=goal.plan, subgoal=subgoal.pk)
    return subgoal


@transaction.atomic
def action_add(
    *,
    subgoal: SubGoal,
    added_by: User,
    description: str,
    organisation: Organisation,
    responsible: str,
    deadline: date,
) -> Action:
    """An action for a partner involved in the case, with the person and the deadline."""
    plan = _editable_plan(subgoal.goal.plan, added_by)
    if not CasePartner.objects.filter(case=plan.case, organisation=organisation).exists():
        raise PlanActionRefused(
            f"{organisation.name} is geen betrokken partner; voeg de partner eerst toe"
        )
    if deadline < timezone.localdate():
        raise PlanActionRefused(f"de uiterste datum {deadline:%d-%m-%Y} is al voorbij")
    action = Action.objects.create(
        subgoal=subgoal,
        description=_required(description, "De actie"),
        organisation=organisation,
        responsible=_required(responsible, "De verantwoordelijke"),
        deadline=deadline,
    )
    audit_record(actor=added_by, action="plan_action_added", subject=plan, plan_action=action.pk)
    return action


@transaction.atomic
def action_change(
    *, action: Action, changed_by: User, description: str, responsible: str, deadline: date
) -> Action:
    """Change what an action is, who carries it out or by when (the regisseur).

    Like every change of the plan's contents, it makes an approved plan a draft again.
    """
    _editable_plan(action.subgoal.goal.plan, changed_by)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if deadline < timezone.localdate() and deadline != action.deadline:
        raise PlanActionRefused(f"de uiterste datum {deadline:%d-%m-%Y} is al voorbij")
    before = {
        "description": action.description,
        "responsible": action.responsible,
        "deadline": action.deadline.isoformat(),
    }
    action.description = _required(description, "De actie")
    action.responsible = _required(responsible, "De verantwoordelijke")
    action.deadline = deadline
    action.save(update_fields=["description", "responsible", "deadline", "updated_at"])
    after = {
        "description": action.description,
        "responsible": action.responsible,
        "deadline": action.deadline.isoformat(),
    }
    audit_record(
        actor=changed_by,
        action="plan_action_changed",
        subject=action.subgoal.goal.plan,
        plan_action=action.pk,
        changed=sorted(k for k in after if after[k] != before[k]),
        old_deadline=before["deadline"],
        new_deadline=after["deadline"],
    )
    return action


@transaction.atomic
def action_update(
    *, action: Action, updated_by: User, status: ActionStatus, note: str = ""
) -> Action:
    """The progress of an action, by the regisseur or the partner that carries it out.

    A blocked action needs a note that says what blocks it.
    """
    action = (
        Action.objects.select_for_update()
        .select_related("subgoal__goal__plan__case")
        .get(pk=action.pk)
    )
    if not may_update_action(updated_by, action):
        raise PlanActionRefused(f"{updated_by.username} mag deze actie niet bijwerken")
    status = ActionStatus(status)
    if status == ActionStatus.BLOCKED:
        note = _required(note, "Wat de actie blokkeert")
    previous = action.status
    action.status, action.status_note = status, note.strip()
    action.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(
        actor=updated_by,
        action="plan_action_updated",
        subject=action.subgoal.goal.plan,
        plan_action=action.pk,
        old=previous,
        new=status.value,
    )
    return action


@transaction.atomic
def plan_submit(*, plan: Plan, submitted_by: User) -> Plan:
    """Submit the plan to the expert panel. Every goal needs a subgoal with an action."""
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if not may_edit_plan(submitted_by, plan.case):
        raise PlanActionRefused(f"{submitted_by.username} is niet de regisseur van deze deelnemer")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise PlanActionRefused(f"het plan is {plan.get_status_display()}")
    goals = list(plan.goals.prefetch_related("subgoals__actions"))
    if not goals:
        raise PlanActionRefused("Een plan zonder doelen kan niet naar het expertpanel")
    for goal in goals:
        if not any(subgoal.actions.all() for subgoal in goal.subgoals.all()):
            raise PlanActionRefused(
                f"Het doel '{goal.description}' ({goal.get_life_domain_display()}) heeft "
                "nog geen subdoel met een actie"
            )
    plan.status = PlanStatus.SUBMITTED
    if plan.submitted_at is None:
        plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    audit_record(actor=submitted_by, action="plan_submitted", subject=plan, goals=len(goals))
    return plan


@transaction.atomic
def panel_decide(
    *, plan: Plan, decided_by: User, decision: PanelDecisionKind, remarks: str = ""
) -> PanelDecision:
    """The expert panel approves the submitted plan, or returns it with remarks."""
    if not may_decide_panel(decided_by):
        raise PlanActionRefused(f"{decided_by.username} is geen lid van het expertpanel")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanActionRefused(
            f"het expertpanel besluit over een ingediend plan; dit plan is "
            f"{plan.get_status_display()}"
        )
    decision = PanelDecisionKind(decision)
    if decision == PanelDecisionKind.RETURNED:
        remarks = _required(remarks, "Opmerkingen bij het teruggeven")
    record = PanelDecision.objects.create(
        plan=plan, decision=decision, remarks=remarks.strip(), decided_by=decided_by
    )
    if decision == PanelDecisionKind.APPROVED:
        plan.status, plan.approved_at = PlanStatus.APPROVED, timezone.now()
    else:
        plan.status = PlanStatus.RETURNED
    plan.save(update_fields=["status", "approved_at"])
    audit_record(
        actor=decided_by,
        action=f"plan_{decision.value}",
        subject=plan,
        remarks=remarks.strip(),
    )
    return record


@transaction.atomic
def case_meeting_record(*, case: Case, recorded_by: User, held_on: date, notes: str) -> CaseMeeting:
    case = _in_regie(case)
    if not may_edit_plan(recorded_by, case):
        raise PlanActionRefused(f"{recorded_by.username} is niet de regisseur van deze deelnemer")
    meeting = CaseMeeting.objects.create(
        case=case,
        held_on=_not_future(held_on, "De datum van het casusoverleg"),
        notes=_required(notes, "De afspraken"),
        recorded_by=recorded_by,
    )
    audit_record(
        actor=recorded_by, action="case_meeting_recorded", subject=case, held_on=str(held_on)
    )
    return meeting


def _outflow_propose(
    case: Case, origin: OutflowOrigin, reasons: list[str], note: str, by: User
) -> OutflowProposal | None:
    """An outflow proposal for a person to decide, unless one already waits."""
    if OutflowProposal.objects.filter(case=case, status=OutflowStatus.OPEN).exists():
        return None
    return OutflowProposal.objects.create(
        case=case, origin=origin, reasons=reasons, proposed_by=by, proposal_note=note
    )


@transaction.atomic
def review_record(
    *,
    case: Case,
    decided_by: User,
    held_on: date,
    judgement: ReviewJudgement,
    reasons: str,
) -> Review:
    """A proportionality review: does the approach still add value, is it proportionate?

    A judgement for outflow makes an outflow proposal, which a person then confirms (with
    the warm handover) or overrules.
    """
    case = _in_regie(case)
    if not may_review(decided_by, case):
        raise PlanActionRefused(f"{decided_by.username} mag deze deelnemer niet toetsen")
    judgement = ReviewJudgement(judgement)
    review = Review.objects.create(
        case=case,
        held_on=_not_future(held_on, "De datum van de toets"),
        judgement=judgement,
        reasons=_required(reasons, "De onderbouwing"),
        decided_by=decided_by,
    )
    proposal = None
    if judgement == ReviewJudgement.OUTFLOW:
        proposal = _outflow_propose(
            case, OutflowOrigin.REVIEW, ["proportionaliteitstoets"], review.reasons, decided_by
        )
    audit_record(
        actor=decided_by,
        action="case_reviewed",
        subject=case,
        judgement=judgement.value,
        outflow_proposal=proposal.pk if proposal else None,
    )
    return review


@transaction.atomic
def exclusion_record(
    *, case: Case, recorded_by: User, ground: ExclusionGround, note: str
) -> Exclusion:
    """An exclusion ground (long prison sentence, no lawful residence, no prospect of
    improvement); it leads to an outflow proposal."""
    case = _in_regie(case)
    if not may_review(recorded_by, case):
        raise PlanActionRefused(
            f"{recorded_by.username} mag geen uitsluitingsgrond vastleggen voor deze deelnemer"
        )
    ground = ExclusionGround(ground)
    exclusion = Exclusion.objects.create(
        case=case, ground=ground, note=_required(note, "De toelichting"), recorded_by=recorded_by
    )
    proposal = _outflow_propose(
        case, OutflowOrigin.EXCLUSION, [ground.value], exclusion.note, recorded_by
    )
    audit_record(
        actor=recorded_by,
        action="case_exclusion_recorded",
        subject=case,
        ground=ground.value,
        outflow_proposal=proposal.pk if proposal else None,
    )
    return exclusion


@transaction.atomic
def bottleneck_raise(*, case: Case, raised_by: User, description: str) -> Bottleneck:
    case = _in_regie(case)
    if not may_handle_bottleneck(raised_by, case):
        raise PlanActionRefused(f"{raised_by.username} mag hier geen knelpunt melden")
    text = _required(description, "De beschrijving van het knelpunt")
    bottleneck = Bottleneck.objects.create(case=case, description=text, raised_by=raised_by)
    BottleneckStep.objects.create(
        bottleneck=bottleneck, level=EscalationLevel.CASE, note=text, by=raised_by
    )
    audit_record(actor=raised_by, action="bottleneck_raised", subject=bottleneck, case=case.pk)
    return bottleneck


def _open_bottleneck(bottleneck: Bottleneck, user: User) -> Bottleneck:
    bottleneck = Bottleneck.objects.select_for_update().select_related("case").get(pk=bottleneck.pk)
    if not may_handle_bottleneck(user, bottleneck.case):
        raise PlanActionRefused(f"{user.username} mag dit knelpunt niet behandelen")
    if bottleneck.is_resolved:
        raise PlanActionRefused("dit knelpunt is al opgelost")
    return bottleneck


@transaction.atomic
def bottleneck_escalate(*, bottleneck: Bottleneck, escalated_by: User, note: str) -> Bottleneck:
    """One step up the ladder: case → expert panel → core group → steering group."""
    bottleneck = _open_bottleneck(bottleneck, escalated_by)
    at = ESCALATION_LADDER.index(EscalationLevel(bottleneck.level))
    if at == len(ESCALATION_LADDER) - 1:
        raise PlanActionRefused("dit knelpunt ligt al bij de stuurgroep, de hoogste stap")
    note = _required(note, "Waarom het knelpunt hoger moet")
    previous = bottleneck.level
    bottleneck.level = ESCALATION_LADDER[at + 1]
    bottleneck.save(update_fields=["level"])
    BottleneckStep.objects.create(
        bottleneck=bottleneck, level=bottleneck.level, note=note, by=escalated_by
    )
    audit_record(
        actor=escalated_by,
        action="bottleneck_escalated",
        subject=bottleneck,
        old=previous,
        new=bottleneck.level,
    )
    return bottleneck


@transaction.atomic
def bottleneck_resolve(*, bottleneck: Bottleneck, resolved_by: User, note: str) -> Bottleneck:
    bottleneck = _open_bottleneck(bottleneck, resolved_by)
    note = _required(note, "Hoe het knelpunt is opgelost")
    bottleneck.is_resolved = True
    bottleneck.save(update_fields=["is_resolved"])
    BottleneckStep.objects.create(
        bottleneck=bottleneck, level=bottleneck.level, is_resolution=True, note=note, by=resolved_by
    )
    audit_record(
        actor=resolved_by, action="bottleneck_resolved", subject=bottleneck, level=bottleneck.level
    )
    return bottleneck
