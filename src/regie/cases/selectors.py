"""Reading cases: the lists by status, a case's history, and the regisseurs' caseload.

Lists start from ``permissions.case_scope(user)``, so that rows a user may not see never
appear.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.rounds.selectors import person_search

#: The statuses in the order of the workflow, for lists "by status".
STATUS_ORDER = tuple(CaseStatus)


def cases_filtered(
    scope: QuerySet[Case], *, status: str = "", approach: str = "", search: str = ""
) -> QuerySet[Case]:
    """``scope`` by status and approach, searched by name or birth year, in workflow order.

    Each case carries ``has_open_outflow``: a proposal to outflow waits for a decision.
    """
    cases = scope
    if status:
        cases = cases.filter(status=status)
    if approach:
        cases = cases.filter(approach=approach)
    cases = person_search(cases, search)
    rank = models.Case(
        *(models.When(status=s.value, then=models.Value(i)) for i, s in enumerate(STATUS_ORDER)),
        default=models.Value(len(STATUS_ORDER)),
        output_field=models.IntegerField(),
    )
    open_outflow = OutflowProposal.objects.filter(case=OuterRef("pk"), status=OutflowStatus.OPEN)
    return (
        cases.select_related("regisseur")
        .annotate(status_rank=rank, has_open_outflow=Exists(open_outflow))
        .order_by("status_rank", "achternaam", "voornamen", "pk")
    )


def case_counts_by_status(scope: QuerySet[Case]) -> dict[str, int]:
    """How many cases of ``scope`` are in each status (every status, zero included)."""
    counts = dict(
        scope.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {s.value: counts.get(s.value, 0) for s in STATUS_ORDER}


def case_history(case: Case) -> QuerySet[CaseTransition]:
    """Every change of state of ``case``, oldest first, with who made it."""
    return case.transitions.select_related("by").order_by("at", "pk")


def outflow_proposals_of(case: Case) -> QuerySet[OutflowProposal]:
    """The outflow proposals of ``case``, newest first, with their round and outcome."""
    return case.outflow_proposals.select_related("round", "outcome", "decided_by").order_by(
        "-created_at", "-pk"
    )


def regisseurs_with_caseload() -> QuerySet[User]:
    """The active regisseurs, each with ``caseload``: the participants they direct now."""
    return (
        User.objects.filter(role=Role.REGISSEUR, is_active=True)
        .select_related("organisation")
        .annotate(
            caseload=Count(
                "cases_directed",
                filter=Q(cases_directed__status__in=CaseStatus.participant_states()),
            )
        )
        .order_by("last_name", "first_name", "username")
    )
