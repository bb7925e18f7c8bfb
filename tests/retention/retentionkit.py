"""The region of ``oversightkit`` after a round, decided, and how to read what is left.

After :func:`round_decided`: Daan (proposed by the round) has a dossier, Sem's outflow is
confirmed (his case ended today), Noor (a near miss) and Mila (no outcome) were not
selected. Their facts: Daan 5, Noor 4, Sem 2, Mila 3 (14 in all).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db.models import Model
from django.utils import timezone
from letterkit import daan, region_after_round, sem_outflowed

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.models import Case, CaseTransition
from regie.cases.services import candidate_check, dossier_draw_up
from regie.deliveries.models import Fact
from regie.identity.models import IdentityRecord
from regie.retention.models import RetentionDeletion, RetentionRun
from regie.retention.services import RetentionResult
from regie.rounds.models import RoundOutcome


def round_decided(folder: Path) -> dict[str, User]:
    """The round, decided today: Daan's dossier drawn up, Sem's outflow confirmed."""
    users = region_after_round(folder)
    case = candidate_check(case=daan(users), checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Synthetisch dossier.")
    sem_outflowed(users)
    return users


def years_on(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def case_ended_on(case: Case, day: date) -> None:
    """Move the end of ``case`` (its transition to withdrawn or outflowed) to ``day``."""
    at = timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))
    CaseTransition.objects.filter(case=case, to_status=case.status).update(at=at)


def names_with_facts() -> list[str]:
    return sorted(set(Fact.objects.values_list("voornamen", flat=True)))


def as_rows(results: list[RetentionResult]) -> list[tuple[str, int]]:
    return [(r.kind.value, r.count) for r in results]


def table_counts() -> dict[str, int]:
    """How many rows every table that retention touches holds."""
    models: list[type[Model]] = [
        Case,
        CaseTransition,
        RoundOutcome,
        Fact,
        IdentityRecord,
        AuditEvent,
        RetentionRun,
        RetentionDeletion,
    ]
    return {m._meta.label: m._default_manager.count() for m in models}


def audit_details(action: str) -> list[dict[str, Any]]:
    return [e.detail for e in AuditEvent.objects.filter(action=action).order_by("sequence")]
