"""Life domains, the states of a plan and its actions, panel decisions, review judgements,
exclusion grounds and the escalation ladder of a bottleneck."""

from __future__ import annotations

from typing import Final

from django.db import models


class LifeDomain(models.TextChoices):
    JUSTICE = "justice", "justitie en veiligheid"
    SCHOOL_WORK = "school_work", "school en werk"
    HOUSING = "housing", "wonen"
    FINANCES = "finances", "financiën"
    HEALTH = "health", "gezondheid en zorg"
    FAMILY = "family", "gezin en netwerk"
    LEISURE = "leisure", "vrije tijd"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend bij het expertpanel"
    APPROVED = "approved", "goedgekeurd door het expertpanel"
    RETURNED = "returned", "teruggegeven door het expertpanel"


#: A plan can be changed by its regisseur in these states (a submitted plan waits).
PLAN_EDITABLE: Final = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.APPROVED})


class ActionStatus(models.TextChoices):
    OPEN = "open", "nog niet begonnen"
    RUNNING = "running", "loopt"
    DONE = "done", "afgerond"
    BLOCKED = "blocked", "geblokkeerd"


class PanelDecisionKind(models.TextChoices):
    APPROVED = "approved", "goedgekeurd"
    RETURNED = "returned", "teruggegeven met opmerkingen"


class ReviewJudgement(models.TextChoices):
    CONTINUE = "continue", "de aanpak gaat door: nog proportioneel en van toegevoegde waarde"
    OUTFLOW = "outflow", "voorstel uitstroom: niet langer proportioneel of van toegevoegde waarde"


class ExclusionGround(models.TextChoices):
    LONG_PRISON = "long_prison", "lange gevangenisstraf"
    NO_LAWFUL_RESIDENCE = "no_lawful_residence", "geen rechtmatig verblijf"
    NO_PROSPECT = "no_prospect", "geen perspectief op verbetering"


class EscalationLevel(models.TextChoices):
    CASE = "case", "casusniveau (regisseur)"
    PANEL = "panel", "expertpanel"
    CORE_GROUP = "core_group", "kerngroep"
    STEERING_GROUP = "steering_group", "stuurgroep"


#: The ladder of a bottleneck: each escalation goes one step up.
ESCALATION_LADDER: Final = (
    EscalationLevel.CASE,
    EscalationLevel.PANEL,
    EscalationLevel.CORE_GROUP,
    EscalationLevel.STEERING_GROUP,
)
