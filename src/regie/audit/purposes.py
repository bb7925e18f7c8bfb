"""Why a user looks at or changes personal data: the task of their role.

The access log records a purpose with every record (AVG art. 5 purpose limitation; the
access request shows it to the person). A user's purpose is their role's task; what Regie
does by itself (a round, retention) has the system's task.
"""

from __future__ import annotations

from typing import Final

from regie.accounts.constants import Role

ROLE_TASKS: Final[dict[str, str]] = {
    Role.PARTNER_SUPPLIER: "gegevens van de eigen organisatie aanleveren",
    Role.INTERVENTION_PROVIDER: "de eigen acties in het plan van aanpak uitvoeren",
    Role.ANALYST: "kandidaten controleren en dossiers opstellen",
    Role.REGISSEUR: "de regie voeren over de eigen deelnemers",
    Role.PANEL_MEMBER: "plannen van aanpak beoordelen in het expertpanel",
    Role.PROGRAMME_MANAGER: "de aanpak leiden: regisseurs toewijzen en uitstroom besluiten",
    Role.PRIVACY_OFFICER: "toezicht op de verwerking en verzoeken van betrokkenen afhandelen",
    Role.ADMINISTRATOR: "het systeem beheren",
}
SYSTEM_TASK: Final = "verwerking door Regie zelf (instroommoment, bewaartermijnen)"
NO_ROLE_TASK: Final = "geen taak: gebruiker zonder rol"


def purpose_of(role: str | None) -> str:
    """The purpose recorded for an actor with ``role`` (None: the system itself)."""
    if role is None:
        return SYSTEM_TASK
    return ROLE_TASKS.get(role, NO_ROLE_TASK)
