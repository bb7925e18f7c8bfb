"""Who may see which cases and move them on. Every view and service asks here.

A regisseur sees only the cases they direct; analysts and the programme manager see every
case (they check candidates and assign regisseurs); other roles see none. The transitions
a role may make are in :data:`regie.cases.constants.ALLOWED_TRANSITIONS`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from django.db.models import QuerySet
from django.http import Http404

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import ALLOWED_TRANSITIONS, CaseStatus
from regie.cases.models import Case, OutflowProposal


class CasePermission(StrEnum):
    VIEW_ALL = "cases.view_all"  # every case
    VIEW_OWN = "cases.view_own"  # the cases one directs
    ASSIGN = "cases.assign"  # assign a regisseur (the transition to in regie)
    OUTFLOW_DECIDE = "cases.outflow_decide"  # confirm or overrule an outflow proposal
    LETTER = "cases.letter"  # produce a letter and record its handover


ROLE_PERMISSIONS: Final[dict[str, frozenset[CasePermission]]] = {
    Role.ANALYST: frozenset({CasePermission.VIEW_ALL}),
    Role.PROGRAMME_MANAGER: frozenset(
        {
            CasePermission.VIEW_ALL,
            CasePermission.ASSIGN,
            CasePermission.OUTFLOW_DECIDE,
            CasePermission.LETTER,
        }
    ),
    Role.REGISSEUR: frozenset(
        {CasePermission.VIEW_OWN, CasePermission.OUTFLOW_DECIDE, CasePermission.LETTER}
    ),
}


def has_permission(user: User, permission: CasePermission) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and permission in ROLE_PERMISSIONS.get(user.role, frozenset())
    )


def case_scope(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see."""
    if has_permission(user, CasePermission.VIEW_ALL):
        return Case.objects.all()
    if has_permission(user, CasePermission.VIEW_OWN):
        return Case.objects.filter(regisseur=user)
    return Case.objects.none()


def case_for_user(user: User, case_id: int) -> Case:
    """The case, or the same 404 for "does not exist" and "not yours"."""
    try:
        return case_scope(user).select_related("regisseur", "round", "outcome").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404("geen dossier") from None


def outflow_for_user(user: User, proposal_id: int) -> OutflowProposal:
    try:
        return OutflowProposal.objects.select_related("case", "round", "outcome").get(
            pk=proposal_id, case__in=case_scope(user)
        )
    except OutflowProposal.DoesNotExist:
        raise Http404("geen uitstroomvoorstel") from None


def is_own_regisseur(user: User, case: Case) -> bool:
    return user.role == Role.REGISSEUR and case.regisseur_id == user.pk


def may_transition(user: User, case: Case, to_status: CaseStatus) -> bool:
    """Whether ``user`` may take ``case`` from its state to ``to_status``.

    A regisseur acts only on their own cases; the table says which roles act at all.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    roles = ALLOWED_TRANSITIONS.get((CaseStatus(case.status), to_status), frozenset())
    if user.role not in roles:
        return False
    if user.role == Role.REGISSEUR:
        return is_own_regisseur(user, case)
    return True


def transitions_for(user: User, case: Case) -> list[CaseStatus]:
    """The states ``user`` may take ``case`` to now (for the buttons on the case page).

    Outflow is not among them: it is decided on an outflow proposal (its own form).
    """
    return [
        to
        for (frm, to) in ALLOWED_TRANSITIONS
        if frm == case.status and to != CaseStatus.OUTFLOWED and may_transition(user, case, to)
    ]


def may_decide_outflow(user: User, case: Case) -> bool:
    if not has_permission(user, CasePermission.OUTFLOW_DECIDE):
        return False
    return user.role != Role.REGISSEUR or is_own_regisseur(user, case)


def may_write_letter(user: User, case: Case) -> bool:
    if not has_permission(user, CasePermission.LETTER):
        return False
    return user.role != Role.REGISSEUR or is_own_regisseur(user, case)
