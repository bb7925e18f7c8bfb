"""The states of a case and the one table of allowed transitions, with who may make them."""

from __future__ import annotations

from typing import Final

from django.db import models

from regie.accounts.constants import Role


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", "voorgesteld"
    CHECKED = "checked", "gecontroleerd door analist"
    DOSSIER = "dossier", "dossier opgesteld"
    IN_REGIE = "in_regie", "in regie"
    REASSESSMENT = "reassessment", "heroverweging gevraagd"
    WITHDRAWN = "withdrawn", "ingetrokken"
    OUTFLOWED = "outflowed", "uitgestroomd"

    @classmethod
    def open_states(cls) -> frozenset[CaseStatus]:
        return frozenset(s for s in cls if s not in (cls.WITHDRAWN, cls.OUTFLOWED))

    @classmethod
    def participant_states(cls) -> frozenset[CaseStatus]:
        """A person in these states is a participant: outflow is judged, not inflow."""
        return frozenset({cls.IN_REGIE, cls.REASSESSMENT})


class OutflowOrigin(models.TextChoices):
    ROUND = "round", "de criteria van een instroommoment"
    REVIEW = "review", "een proportionaliteitstoets"
    EXCLUSION = "exclusion", "een uitsluitingsgrond"


class OutflowStatus(models.TextChoices):
    OPEN = "open", "te beoordelen"
    CONFIRMED = "confirmed", "uitstroom bevestigd"
    OVERRULED = "overruled", "uitstroom afgewezen: blijft deelnemer"


#: Who may take a case from one state to another. ``REGISSEUR`` means: the case's own
#: regisseur. Withdrawal needs a reason; so do a request for re-assessment and its answer.
ALLOWED_TRANSITIONS: Final[dict[tuple[CaseStatus, CaseStatus], frozenset[Role]]] = {
    (CaseStatus.PROPOSED, CaseStatus.CHECKED): frozenset({Role.ANALYST}),
    (CaseStatus.CHECKED, CaseStatus.DOSSIER): frozenset({Role.ANALYST}),
    (CaseStatus.DOSSIER, CaseStatus.IN_REGIE): frozenset({Role.PROGRAMME_MANAGER}),
    (CaseStatus.IN_REGIE, CaseStatus.REASSESSMENT): frozenset({Role.REGISSEUR}),
    (CaseStatus.REASSESSMENT, CaseStatus.IN_REGIE): frozenset({Role.ANALYST}),
    (CaseStatus.IN_REGIE, CaseStatus.OUTFLOWED): frozenset(
        {Role.PROGRAMME_MANAGER, Role.REGISSEUR}
    ),
    (CaseStatus.PROPOSED, CaseStatus.WITHDRAWN): frozenset({Role.ANALYST}),
    (CaseStatus.CHECKED, CaseStatus.WITHDRAWN): frozenset({Role.ANALYST}),
    (CaseStatus.DOSSIER, CaseStatus.WITHDRAWN): frozenset({Role.ANALYST, Role.PROGRAMME_MANAGER}),
    (CaseStatus.IN_REGIE, CaseStatus.WITHDRAWN): frozenset(
        {Role.REGISSEUR, Role.PROGRAMME_MANAGER}
    ),
    (CaseStatus.REASSESSMENT, CaseStatus.WITHDRAWN): frozenset({Role.ANALYST}),
}

#: Transitions that need a written reason.
REASON_REQUIRED: Final = frozenset(
    {
        (CaseStatus.IN_REGIE, CaseStatus.REASSESSMENT),
        (CaseStatus.REASSESSMENT, CaseStatus.IN_REGIE),
        (CaseStatus.IN_REGIE, CaseStatus.OUTFLOWED),
        *(key for key in ALLOWED_TRANSITIONS if key[1] == CaseStatus.WITHDRAWN),
    }
)
