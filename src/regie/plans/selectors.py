"""Reading case direction: the clocks of a case, the regisseur's and the programme manager's
overviews, the expert panel's agenda and an intervention provider's view of a plan.

Every function takes ``today`` explicitly; callers pass ``timezone.localdate()``. Dates of
moments (assignment, first submission, a panel decision) are local dates in
``settings.TIME_ZONE``.

The clocks of a participant (a case in ``CaseStatus.participant_states()`` with
``regisseur_assigned_at``); *assigned* is the local date the regisseur was assigned:

- **plan van aanpak**: due on assigned + ``PLAN_DUE_WEEKS`` weeks; done on the date of
  the plan's first submission (``Plan.submitted_at``).
- **casusoverleg**: due on (the latest ``CaseMeeting.held_on``, or assigned if none) +
  ``CASE_MEETING_WEEKS`` weeks. It recurs, so it is never done.
- **expertpanel**: due on assigned + ``PANEL_REVIEW_WEEKS`` weeks; done on the date of the
  panel's first decision on the plan.
- **proportionaliteitstoets**: due on (the latest ``Review.held_on``, or assigned if none)
  + ``REVIEW_INTERVAL_WEEKS`` weeks. It recurs, so it is never done.

"Due within N weeks" means: done on or before the due date is **on time**; a clock is
**overdue** when it is not done and ``today`` is after the due date (so the day after the
due date is the first day it is overdue).

Figures of the programme manager's overview (current participants only, so also only
their open bottlenecks and overdue items):

- **plans on time**, per organisation of the case's regisseur: a plan *counts* once it has
  been submitted or its due date has passed; it is *on time* when its first submission is on
  or before its due date. A plan due today and not yet submitted does not count yet.
- **reviews on time**, per organisation of the case's regisseur: every review held counts,
  on time when held on or before the due date computed from the review before it (or from
  the assignment); a review that is overdue now counts once more, as late.
- **percentage**: ``100 * on_time / counted`` rounded half up to one decimal
  (2 of 3 is ``Decimal("66.7")``); ``None`` when nothing counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.plans.constants import ESCALATION_LADDER, ActionStatus, EscalationLevel, PlanStatus
from regie.plans.models import (
    Action,
    Bottleneck,
    BottleneckStep,
    CaseMeeting,
    CasePartner,
    Goal,
    PanelDecision,
    Review,
    SubGoal,
)

#: The names of the clocks, as the user interface shows them.
CLOCK_PLAN: Final = "plan van aanpak"
CLOCK_CASE_MEETING: Final = "casusoverleg"
CLOCK_PANEL: Final = "expertpanel"
CLOCK_REVIEW: Final = "proportionaliteitstoets"

#: The name of an overdue action among the overdue items.
OVERDUE_ACTION: Final = "actie"

#: The panel's agenda shows a case whose panel clock falls due within this many days.
PANEL_AGENDA_HORIZON_DAYS: Final = 14

#: Why a case is on the panel's agenda.
AGENDA_PLAN_SUBMITTED: Final = "plan van aanpak ingediend: wacht op een besluit"
AGENDA_PANEL_DUE: Final = "bespreking door het expertpanel binnenkort"
AGENDA_PANEL_OVERDUE: Final = "bespreking door het expertpanel is te laat"
AGENDA_BOTTLENECK: Final = "knelpunt geëscaleerd naar het expertpanel"

#: The organisation shown for a regisseur without one.
NO_ORGANISATION: Final = "(geen organisatie)"

_OPEN_ACTION_STATES: Final = (ActionStatus.OPEN, ActionStatus.RUNNING, ActionStatus.BLOCKED)


@dataclass(frozen=True)
class Clock:
    """One deadline of a case: its Dutch name, when it falls due, when it was met."""

    name: str
    due_on: date
    done_on: date | None
    is_overdue: bool

    @property
    def is_on_time(self) -> bool:
        """Met on or before its due date."""
        return self.done_on is not None and self.done_on <= self.due_on


@dataclass(frozen=True)
class PartnerActions:
    """The unfinished actions that wait on one partner organisation."""

    organisation: str
    actions: list[Action]


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    clocks: list[Clock]
    overdue_clocks: list[Clock]
    overdue_actions: list[Action]
    waiting_on: list[PartnerActions]
    open_bottlenecks: list[Bottleneck]
    open_outflow_proposals: list[OutflowProposal]

    @property
    def overdue_count(self) -> int:
        return len(self.overdue_clocks) + len(self.overdue_actions)


@dataclass(frozen=True)
class RegisseurOverview:
    regisseur: User
    cases: list[CaseOverview]
    waiting_on: list[PartnerActions]
    total_cases: int
    total_overdue: int


@dataclass(frozen=True)
class RegisseurLoad:
    regisseur: User
    name: str
    organisation: str
    caseload: int


@dataclass(frozen=True)
class OnTime:
    """How many of what counted were on time, for one organisation (or ``totaal``)."""

    organisation: str
    counted: int
    on_time: int

    @property
    def percentage(self) -> Decimal | None:
        return percentage_of(self.on_time, self.counted)


@dataclass(frozen=True)
class OverdueItem:
    case: Case
    what: str
    due_on: date
    action: Action | None = None


@dataclass(frozen=True)
class ManagerOverview:
    regisseurs: list[RegisseurLoad]
    caseload_by_organisation: dict[str, int]
    plans_on_time: list[OnTime]
    plans_on_time_total: OnTime
    reviews_on_time: list[OnTime]
    reviews_on_time_total: OnTime
    open_bottlenecks_by_level: dict[str, int]
    open_bottlenecks: list[Bottleneck]
    overdue: list[OverdueItem]


@dataclass(frozen=True)
class AgendaItem:
    case: Case
    reason: str
    due_on: date
    bottleneck: Bottleneck | None = None


TOTAL: Final = "totaal"


def percentage_of(part: int, whole: int) -> Decimal | None:
    """``100 * part / whole`` rounded half up to one decimal; ``None`` when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- clocks -------------------------------------------------------------------------------


def _weeks(setting: str) -> timedelta:
    return timedelta(weeks=int(getattr(settings, setting)))


def _local(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localdate(moment)


def _with_clock_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with what their clocks need, in the same query."""
    last_meeting = CaseMeeting.objects.filter(case=OuterRef("pk")).order_by("-held_on")
    last_review = Review.objects.filter(case=OuterRef("pk")).order_by("-held_on")
    first_decision = PanelDecision.objects.filter(plan__case=OuterRef("pk")).order_by(
        "decided_at", "pk"
    )
    return cases.annotate(
        last_meeting_on=Subquery(last_meeting.values("held_on")[:1]),
        last_review_on=Subquery(last_review.values("held_on")[:1]),
        first_decision_at=Subquery(first_decision.values("decided_at")[:1]),
        plan_submitted_at=F("plan__submitted_at"),
        plan_status=F("plan__status"),
    )


def _clocks_of(case: Case, *, today: date) -> list[Clock]:
    """The clocks of a case from ``_with_clock_facts``."""
    assigned_on = _local(case.regisseur_assigned_at)
    if assigned_on is None or case.status not in CaseStatus.participant_states():
        return []
    submitted_on = _local(getattr(case, "plan_submitted_at"))  # noqa: B009 (annotation)
    decided_on = _local(getattr(case, "first_decision_at"))  # noqa: B009
    last_meeting_on: date | None = getattr(case, "last_meeting_on")  # noqa: B009
    last_review_on: date | None = getattr(case, "last_review_on")  # noqa: B009

    plan_due = assigned_on + _weeks("PLAN_DUE_WEEKS")
    meeting_due = (last_meeting_on or assigned_on) + _weeks("CASE_MEETING_WEEKS")
    panel_due = assigned_on + _weeks("PANEL_REVIEW_WEEKS")
    review_due = (last_review_on or assigned_on) + _weeks("REVIEW_INTERVAL_WEEKS")
    return [
        Clock(CLOCK_PLAN, plan_due, submitted_on, submitted_on is None and today > plan_due),
        Clock(CLOCK_CASE_MEETING, meeting_due, None, today > meeting_due),
        Clock(CLOCK_PANEL, panel_due, decided_on, decided_on is None and today > panel_due),
        Clock(CLOCK_REVIEW, review_due, None, today > review_due),
    ]


def case_clocks(case: Case, *, today: date) -> list[Clock]:
    """The four clocks of a participant, in a fixed order (plan, casusoverleg, expertpanel,
    proportionaliteitstoets); empty for a case that is not a participant or has no
    regisseur assignment date."""
    if case.regisseur_assigned_at is None:
        return []
    return _clocks_of(_with_clock_facts(Case.objects.filter(pk=case.pk)).get(), today=today)


def _participants() -> QuerySet[Case]:
    return Case.objects.filter(
        status__in=CaseStatus.participant_states(), regisseur_assigned_at__isnull=False
    )


# --- the regisseur's overview ---------------------------------------------------------------


def _case_of(action: Action) -> int:
    return action.subgoal.goal.plan.case_id


def _by_partner(actions: Iterable[Action]) -> list[PartnerActions]:
    grouped: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        grouped[action.organisation.name].append(action)
    return [PartnerActions(name, grouped[name]) for name in sorted(grouped)]


def regisseur_overview(regisseur: User, *, today: date) -> RegisseurOverview:
    """The regisseur's own participants: per case its clocks, what is overdue (clocks and
    actions past their deadline), the unfinished actions per partner organisation, open
    bottlenecks and open outflow proposals. Cases of other regisseurs never appear."""
    cases = list(_with_clock_facts(_participants().filter(regisseur=regisseur)))
    case_ids = [case.pk for case in cases]
    open_actions = list(
        Action.objects.filter(
            subgoal__goal__plan__case__in=case_ids, status__in=_OPEN_ACTION_STATES
        )
        .select_related("organisation", "subgoal__goal__plan")
        .order_by("deadline", "pk")
    )
    actions_of: dict[int, list[Action]] = defaultdict(list)
    for action in open_actions:
        actions_of[_case_of(action)].append(action)
    bottlenecks_of: dict[int, list[Bottleneck]] = defaultdict(list)
    for bottleneck in Bottleneck.objects.filter(case__in=case_ids, is_resolved=False):
        bottlenecks_of[bottleneck.case_id].append(bottleneck)
    proposals_of: dict[int, list[OutflowProposal]] = defaultdict(list)
    for proposal in OutflowProposal.objects.filter(case__in=case_ids, status=OutflowStatus.OPEN):
        proposals_of[proposal.case_id].append(proposal)

    overviews = []
    for case in cases:
        clocks = _clocks_of(case, today=today)
        actions = actions_of[case.pk]
        overviews.append(
            CaseOverview(
                case=case,
                clocks=clocks,
                overdue_clocks=[clock for clock in clocks if clock.is_overdue],
                overdue_actions=[action for action in actions if action.deadline < today],
                waiting_on=_by_partner(actions),
                open_bottlenecks=bottlenecks_of[case.pk],
                open_outflow_proposals=proposals_of[case.pk],
            )
        )
    return RegisseurOverview(
        regisseur=regisseur,
        cases=overviews,
        waiting_on=_by_partner(open_actions),
        total_cases=len(overviews),
        total_overdue=sum(overview.overdue_count for overview in overviews),
    )


# --- the programme manager's overview -------------------------------------------------------


def _organisation_name(user: User | None) -> str:
    if user is None or user.organisation is None:
        return NO_ORGANISATION
    return user.organisation.name


def _display_name(user: User) -> str:
    return user.get_full_name() or user.username


def _review_figures(assigned_on: date, held: list[date], *, today: date) -> tuple[int, int]:
    """(counted, on time) of the reviews of one case; ``held`` oldest first."""
    interval = _weeks("REVIEW_INTERVAL_WEEKS")
    counted = on_time = 0
    anchor = assigned_on
    for held_on in held:
        counted += 1
        on_time += held_on <= anchor + interval
        anchor = held_on
    if today > anchor + interval:
        counted += 1
    return counted, on_time


def _on_time_rows(
    figures: dict[str, list[int]], organisations: Iterable[str]
) -> tuple[list[OnTime], OnTime]:
    names = sorted(set(organisations) | set(figures))
    rows = [OnTime(name, *figures.get(name, [0, 0])) for name in names]
    total = OnTime(TOTAL, sum(r.counted for r in rows), sum(r.on_time for r in rows))
    return rows, total


def manager_overview(*, today: date) -> ManagerOverview:
    """Caseload per regisseur (active regisseurs, zero included) and per organisation of the
    regisseur, plans and reviews on time per organisation and in total, open bottlenecks
    and everything overdue across all participants. See the module docstring."""
    regisseurs = list(
        User.objects.filter(role=Role.REGISSEUR, is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )
    cases = list(_with_clock_facts(_participants()).select_related("regisseur__organisation"))
    case_ids = [case.pk for case in cases]

    caseload: dict[int, int] = defaultdict(int)
    by_organisation: dict[str, int] = {_organisation_name(r): 0 for r in regisseurs}
    plans: dict[str, list[int]] = {}
    reviews: dict[str, list[int]] = {}
    held_of: dict[int, list[date]] = defaultdict(list)
    for case_id, held_on in (
        Review.objects.filter(case__in=case_ids)
        .order_by("held_on", "pk")
        .values_list("case_id", "held_on")
    ):
        held_of[case_id].append(held_on)

    overdue: list[OverdueItem] = []
    for case in cases:
        organisation = _organisation_name(case.regisseur)
        if case.regisseur_id is not None:
            caseload[case.regisseur_id] += 1
        by_organisation[organisation] = by_organisation.get(organisation, 0) + 1
        clocks = _clocks_of(case, today=today)
        plan_clock = clocks[0]
        if plan_clock.done_on is not None or today > plan_clock.due_on:
            figures = plans.setdefault(organisation, [0, 0])
            figures[0] += 1
            figures[1] += plan_clock.is_on_time
        assigned_on = timezone.localdate(case.regisseur_assigned_at)
        counted, on_time = _review_figures(assigned_on, held_of[case.pk], today=today)
        figures = reviews.setdefault(organisation, [0, 0])
        figures[0] += counted
        figures[1] += on_time
        overdue += [OverdueItem(case, c.name, c.due_on) for c in clocks if c.is_overdue]

    late_actions = (
        Action.objects.filter(
            subgoal__goal__plan__case__in=case_ids,
            status__in=_OPEN_ACTION_STATES,
            deadline__lt=today,
        )
        .select_related("organisation", "subgoal__goal__plan__case")
        .order_by("deadline", "pk")
    )
    overdue += [
        OverdueItem(a.subgoal.goal.plan.case, OVERDUE_ACTION, a.deadline, a) for a in late_actions
    ]
    overdue.sort(key=lambda item: (item.due_on, item.case.achternaam, item.case.pk, item.what))

    organisations = by_organisation.keys()
    plan_rows, plan_total = _on_time_rows(plans, organisations)
    review_rows, review_total = _on_time_rows(reviews, organisations)
    open_bottlenecks = list(
        Bottleneck.objects.filter(is_resolved=False, case__in=case_ids)
        .select_related("case")
        .order_by("raised_at", "pk")
    )
    by_level = {level.value: 0 for level in ESCALATION_LADDER}
    for bottleneck in open_bottlenecks:
        by_level[bottleneck.level] = by_level.get(bottleneck.level, 0) + 1
    return ManagerOverview(
        regisseurs=[
            RegisseurLoad(r, _display_name(r), _organisation_name(r), caseload[r.pk])
            for r in regisseurs
        ],
        caseload_by_organisation=dict(sorted(by_organisation.items())),
        plans_on_time=plan_rows,
        plans_on_time_total=plan_total,
        reviews_on_time=review_rows,
        reviews_on_time_total=review_total,
        open_bottlenecks_by_level=by_level,
        open_bottlenecks=open_bottlenecks,
        overdue=overdue,
    )


# --- the expert panel's agenda --------------------------------------------------------------


def panel_agenda(*, today: date) -> list[AgendaItem]:
    """The cases the expert panel is to discuss, soonest due first:

    - a submitted plan waiting for a decision (due: the case's panel clock);
    - a participant without a panel decision whose panel clock is overdue or falls due within
      ``PANEL_AGENDA_HORIZON_DAYS`` days, and whose plan is not waiting already;
    - an unresolved bottleneck at the panel's level (due: the date it reached that level).
    """
    horizon = today + timedelta(days=PANEL_AGENDA_HORIZON_DAYS)
    items: list[AgendaItem] = []
    for case in _with_clock_facts(_participants()):
        panel = _clocks_of(case, today=today)[2]
        if getattr(case, "plan_status") == PlanStatus.SUBMITTED:  # noqa: B009 (annotation)
            items.append(AgendaItem(case, AGENDA_PLAN_SUBMITTED, panel.due_on))
        elif panel.done_on is None and panel.due_on <= horizon:
            reason = AGENDA_PANEL_OVERDUE if panel.is_overdue else AGENDA_PANEL_DUE
            items.append(AgendaItem(case, reason, panel.due_on))

    escalated = Subquery(
        BottleneckStep.objects.filter(bottleneck=OuterRef("pk"), level=EscalationLevel.PANEL)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    bottlenecks = (
        Bottleneck.objects.filter(
            level=EscalationLevel.PANEL,
            is_resolved=False,
            case__status__in=CaseStatus.participant_states(),
        )
        .annotate(escalated_at=escalated)
        .select_related("case")
    )
    for bottleneck in bottlenecks:
        moment: datetime = getattr(bottleneck, "escalated_at") or bottleneck.raised_at  # noqa: B009
        items.append(
            AgendaItem(bottleneck.case, AGENDA_BOTTLENECK, timezone.localdate(moment), bottleneck)
        )
    items.sort(key=lambda item: (item.due_on, item.case.achternaam, item.case.pk, item.reason))
    return items


# --- an intervention provider's view ---------------------------------------------------------


def intervention_view(user: User, case: Case) -> list[tuple[Goal, SubGoal, list[Action]]]:
    """Need to know: only the actions of ``case`` that ``user``'s organisation carries out,
    under their goal and subgoal (in the plan's order). Empty when the organisation is not a
    partner in the case. The caller has checked that the user may see the case at all."""
    if user.organisation_id is None:
        return []
    if not CasePartner.objects.filter(case=case, organisation_id=user.organisation_id).exists():
        return []
    actions = (
        Action.objects.filter(subgoal__goal__plan__case=case, organisation_id=user.organisation_id)
        .select_related("subgoal__goal")
        .order_by(
            "subgoal__goal__life_domain", "subgoal__goal__pk", "subgoal__pk", "deadline", "pk"
        )
    )
    grouped: dict[int, tuple[Goal, SubGoal, list[Action]]] = {}
    for action in actions:
        subgoal = action.subgoal
        grouped.setdefault(subgoal.pk, (subgoal.goal, subgoal, []))[2].append(action)
    return list(grouped.values())
