"""A synthetic history of case direction for the demo and the tests: made-up plans,
panel decisions, case meetings, reviews and bottlenecks for the participants in regie.

Every participant with a regisseur gets an assignment date in the past, a plan submitted
on time or late, a panel decision (sometimes returned first), case meetings and
reviews at made-up intervals, actions with deadlines and a few bottlenecks. The
generator decides each date itself and keeps, as ground truth, which plans and reviews
it made on time (:class:`HistoryTruth`), so that a test can check the overviews'
figures against what was generated rather than against the overviews' own rules.

History is written straight into the tables, not through the services: it is the past
of a synthetic region, not something a user did now. Only synthetic persons exist here.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.plans.constants import (
    ActionStatus,
    EscalationLevel,
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
    Goal,
    PanelDecision,
    Plan,
    Review,
    SubGoal,
)

#: Shares of the made-up history (per participant).
LATE_PLAN_SHARE = 0.25
RETURNED_SHARE = 0.2
LATE_REVIEW_SHARE = 0.2
BOTTLENECK_SHARE = 0.3


@dataclass
class HistoryTruth:
    """What the generator made, per organisation of the regisseur."""

    plans_counted: Counter[str] = field(default_factory=Counter)
    plans_on_time: Counter[str] = field(default_factory=Counter)
    reviews_counted: Counter[str] = field(default_factory=Counter)
    reviews_on_time: Counter[str] = field(default_factory=Counter)
    caseload: Counter[str] = field(default_factory=Counter)  # per regisseur username
    open_bottlenecks: Counter[str] = field(default_factory=Counter)  # per level


def _moment(day: date) -> datetime:
    """Noon on ``day``, local time: the same local date whatever the time zone offset."""
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def direction_history_make(
    *, seed: int, today: date, panel_member: User, partner: Organisation
) -> HistoryTruth:
    """Give every participant with a regisseur a made-up past up to ``today``."""
    rng = random.Random(seed)
    plan_weeks = timedelta(weeks=settings.PLAN_DUE_WEEKS)
    review_weeks = timedelta(weeks=settings.REVIEW_INTERVAL_WEEKS)
    truth = HistoryTruth()
    cases = (
        Case.objects.filter(status__in=CaseStatus.participant_states(), regisseur__isnull=False)
        .select_related("regisseur__organisation")
        .order_by("pk")
    )
    for case in cases:
        regisseur = case.regisseur
        assert regisseur is not None
        organisation = regisseur.organisation.name if regisseur.organisation else ""
        truth.caseload[regisseur.username] += 1
        assigned = today - timedelta(days=rng.randint(7 * 6, 7 * 70))
        Case.objects.filter(pk=case.pk).update(regisseur_assigned_at=_moment(assigned))

        # the plan: on time or late; sometimes returned once before approval
        due = assigned + plan_weeks
        is_late = rng.random() < LATE_PLAN_SHARE
        submitted = (
            due + timedelta(days=rng.randint(1, 21))
            if is_late
            else (due - timedelta(days=rng.randint(0, 20)))
        )
        submitted = min(submitted, today)
        truth.plans_counted[organisation] += 1
        truth.plans_on_time[organisation] += submitted <= due
        plan = Plan.objects.create(
            case=case,
            status=PlanStatus.APPROVED,
            created_by=regisseur,
            summary="Synthetisch plan.",
        )
        decided = submitted
        if rng.random() < RETURNED_SHARE:
            decided = min(decided + timedelta(days=rng.randint(3, 10)), today)
            returned = PanelDecision.objects.create(
                plan=plan,
                decision=PanelDecisionKind.RETURNED,
                remarks="Werk en school ontbreken.",
                decided_by=panel_member,
            )
            PanelDecision.objects.filter(pk=returned.pk).update(decided_at=_moment(decided))
        decided = min(decided + timedelta(days=rng.randint(3, 10)), today)
        approval = PanelDecision.objects.create(
            plan=plan, decision=PanelDecisionKind.APPROVED, decided_by=panel_member
        )
        PanelDecision.objects.filter(pk=approval.pk).update(decided_at=_moment(decided))
        Plan.objects.filter(pk=plan.pk).update(
            submitted_at=_moment(submitted), approved_at=_moment(decided)
        )
        CasePartner.objects.get_or_create(
            case=case,
            organisation=partner,
            defaults={
                "role": "toezicht",
                "contact": "Synthetische contactpersoon",
                "added_by": regisseur,
            },
        )
        for domain in rng.sample(list(LifeDomain), k=2):
            goal = Goal.objects.create(
                plan=plan, life_domain=domain, description=f"Synthetisch doel: {domain.label}"
            )
            subgoal = SubGoal.objects.create(goal=goal, description="Eerste stap")
            Action.objects.create(
                subgoal=subgoal,
                description="Synthetische actie",
                organisation=partner,
                responsible="Synthetische uitvoerder",
                deadline=today + timedelta(days=rng.randint(-30, 60)),
                status=rng.choice([ActionStatus.OPEN, ActionStatus.RUNNING, ActionStatus.DONE]),
            )

        # case meetings about every six to ten weeks, up to today
        held = assigned + timedelta(weeks=rng.randint(2, 6))
        while held <= today:
            CaseMeeting.objects.create(
                case=case, held_on=held, notes="Synthetisch overleg.", recorded_by=regisseur
            )
            held += timedelta(weeks=rng.randint(6, 10))

        # reviews: each on time or late against the interval from the one before
        previous = assigned
        while True:
            due_review = previous + review_weeks
            is_late = rng.random() < LATE_REVIEW_SHARE
            held_review = (
                due_review + timedelta(days=rng.randint(1, 20))
                if is_late
                else (due_review - timedelta(days=rng.randint(0, 20)))
            )
            if held_review > today:
                if due_review < today:  # overdue now: counts once, as late
                    truth.reviews_counted[organisation] += 1
                break
            Review.objects.create(
                case=case,
                held_on=held_review,
                judgement=ReviewJudgement.CONTINUE,
                reasons="Synthetische toets: de aanpak helpt nog.",
                decided_by=regisseur,
            )
            truth.reviews_counted[organisation] += 1
            truth.reviews_on_time[organisation] += held_review <= due_review
            previous = held_review

        # now and then a bottleneck, escalated zero to three steps
        if rng.random() < BOTTLENECK_SHARE:
            steps = rng.randint(0, 3)
            levels = [
                EscalationLevel.CASE,
                EscalationLevel.PANEL,
                EscalationLevel.CORE_GROUP,
                EscalationLevel.STEERING_GROUP,
            ][: steps + 1]
            bottleneck = Bottleneck.objects.create(
                case=case,
                description="Synthetisch knelpunt: wachtlijst.",
                level=levels[-1],
                raised_by=regisseur,
            )
            raised = today - timedelta(days=rng.randint(10 * len(levels), 120))
            Bottleneck.objects.filter(pk=bottleneck.pk).update(raised_at=_moment(raised))
            for number, level in enumerate(levels):
                step = BottleneckStep.objects.create(
                    bottleneck=bottleneck, level=level, note="Synthetische stap.", by=regisseur
                )
                BottleneckStep.objects.filter(pk=step.pk).update(
                    at=_moment(raised + timedelta(days=10 * number))
                )
            truth.open_bottlenecks[levels[-1].value] += 1
    return truth
