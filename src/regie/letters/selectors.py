"""Reading letters: a case's letters, and which letters a case can have now."""

from __future__ import annotations

from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.letters.constants import LetterKind
from regie.letters.models import Letter


def letters_for_case(case: Case) -> list[Letter]:
    """The case's letters, newest first, without their PDF (that is read on download)."""
    return list(
        Letter.objects.filter(case=case)
        .defer("pdf")
        .select_related("produced_by", "handed_over_by")
        .order_by("-produced_at", "-pk")
    )


def letter_kind_problem(case: Case, kind: LetterKind) -> str | None:
    """Why a letter of ``kind`` cannot be made for ``case`` in its present state, or None.

    An instroombrief is for a participant in regie (or whose inflow is being re-assessed)
    who has a regisseur and came in through a round (whose explanation gives the reasons);
    an uitstroombrief is for a case that outflowed on a confirmed outflow proposal.
    """
    if kind == LetterKind.INFLOW:
        if case.status not in CaseStatus.participant_states():
            return (
                "Een instroombrief is er alleen voor een deelnemer in regie; dit dossier is "
                f"{case.get_status_display()}."
            )
        if case.regisseur_id is None:
            return "Een instroombrief noemt de regisseur: wijs eerst een regisseur toe."
        if case.outcome_id is None:
            return (
                "Deze deelnemer is overgenomen van voor Regie: de redenen van instroom zijn "
                "niet in Regie vastgelegd, dus Regie maakt geen instroombrief."
            )
        return None
    if case.status != CaseStatus.OUTFLOWED:
        return (
            "Een uitstroombrief is er alleen voor een uitgestroomde deelnemer; dit dossier is "
            f"{case.get_status_display()}."
        )
    if outflow_confirmed(case) is None:
        return (
            "Er is geen bevestigd uitstroomvoorstel: Regie weet niet waarom de deelnemer "
            "uitstroomde."
        )
    return None


def letter_kinds_possible(case: Case) -> list[LetterKind]:
    """The kinds of letter that can be made for ``case`` now (for the case page's buttons)."""
    return [kind for kind in LetterKind if letter_kind_problem(case, kind) is None]


def outflow_confirmed(case: Case) -> OutflowProposal | None:
    """The confirmed outflow proposal on which ``case`` outflowed, if any."""
    return (
        OutflowProposal.objects.filter(case=case, status=OutflowStatus.CONFIRMED)
        .select_related("round", "outcome", "decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
