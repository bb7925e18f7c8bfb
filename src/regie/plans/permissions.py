"""Who may see and do what in case direction. Every view and service asks here.

- The regisseur of a case builds its plan, records meetings, reviews, exclusion grounds
  and bottlenecks, and updates its actions.
- The programme manager sees every case in regie, records reviews and escalates.
- Panel members see every case in regie and decide on submitted plans.
- A partner's intervention provider sees only the cases where its organisation is
  involved, and of those only its own organisation's actions (need to know); it reports
  the progress of those actions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.plans.models import Action, CasePartner

_SEES_ALL = frozenset({Role.PROGRAMME_MANAGER, Role.PANEL_MEMBER})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_own_regisseur(user: User, case: Case) -> bool:
    return _active(user) and user.role == Role.REGISSEUR and case.regisseur_id == user.pk


def is_involved_provider(user: User, case: Case) -> bool:
    """An intervention provider whose organisation is a partner in ``case``."""
    return (
        _active(user)
        and user.role == Role.INTERVENTION_PROVIDER
        and user.organisation_id is not None
        and CasePartner.objects.filter(case=case, organisation_id=user.organisation_id).exists()
    )


def may_see_case(user: User, case: Case) -> bool:
    if not _active(user) or case.status not in CaseStatus.participant_states():
        return False
    return (
        user.role in _SEES_ALL or is_own_regisseur(user, case) or is_involved_provider(user, case)
    )


def participant_for_user(user: User, case_id: int) -> Case:
    """The case in regie, or the same 404 for "does not exist" and "not yours"."""
    case = Case.objects.select_related("regisseur").filter(pk=case_id).first()
    if case is None or not may_see_case(user, case):
        raise Http404("geen deelnemer")
    return case


def sees_whole_case(user: User, case: Case) -> bool:
    """Everything of the case, not only the own organisation's actions."""
    return may_see_case(user, case) and not is_involved_provider(user, case)


def may_edit_plan(user: User, case: Case) -> bool:
    return is_own_regisseur(user, case)


def may_update_action(user: User, action: Action) -> bool:
    case = action.subgoal.goal.plan.case
    if is_own_regisseur(user, case):
        return True
    return is_involved_provider(user, case) and action.organisation_id == user.organisation_id


def may_decide_panel(user: User) -> bool:
    return _active(user) and user.role == Role.PANEL_MEMBER


def may_review(user: User, case: Case) -> bool:
    """A proportionality review or an exclusion ground: the regisseur or the manager."""
    return is_own_regisseur(user, case) or (_active(user) and user.role == Role.PROGRAMME_MANAGER)


def may_handle_bottleneck(user: User, case: Case) -> bool:
    """Raise, escalate or resolve a bottleneck: the regisseur, the manager, the panel."""
    return is_own_regisseur(user, case) or (_active(user) and user.role in _SEES_ALL)


class PlanPage(StrEnum):
    """The overview pages of case direction, each for one role."""

    MINE = "plans.mine"  # the regisseur's own cases
    OVERVIEW = "plans.overview"  # the programme manager's figures and their export
    PANEL = "plans.panel"  # the expert panel's agenda and the plans it decides on
    PROVIDER = "plans.provider"  # the cases where a provider's organisation is involved


PAGE_ROLES: Final[dict[PlanPage, frozenset[Role]]] = {
    PlanPage.MINE: frozenset({Role.REGISSEUR}),
    PlanPage.OVERVIEW: frozenset({Role.PROGRAMME_MANAGER}),
    PlanPage.PANEL: frozenset({Role.PANEL_MEMBER}),
    PlanPage.PROVIDER: frozenset({Role.INTERVENTION_PROVIDER}),
}


def may_open(user: User, page: PlanPage) -> bool:
    if not _active(user) or user.role not in PAGE_ROLES[page]:
        return False
    return page != PlanPage.PROVIDER or user.organisation_id is not None
