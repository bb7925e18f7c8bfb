"""Reading what retention may remove: which cases expired, which rounds are decided, who is
still kept. The rules are written out in docs/retention.md; nothing here changes data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Final

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.retention.constants import RetentionKind
from regie.retention.models import RetentionDeletion, RetentionRun, RoundTrim
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round

#: A case in these states has ended: its retention term runs from the day it ended.
CLOSED_STATES = frozenset({CaseStatus.WITHDRAWN, CaseStatus.OUTFLOWED})
#: A round with a case still in these states waits for an analyst: it is not yet decided.
UNDECIDED_STATES = frozenset({CaseStatus.PROPOSED, CaseStatus.CHECKED})


def years_after(day: date, years: int) -> date:
    """``day`` moved ``years`` years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the application's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def cases_closed_on() -> dict[int, date]:
    """Every ended case (withdrawn or outflowed) and the day it ended: the day of its last
    transition to that state (for a case without one, the day it was last changed)."""
    closed = dict(Case.objects.filter(status__in=CLOSED_STATES).values_list("pk", "updated_at"))
    last: dict[int, datetime] = {}
    for case_id, at in CaseTransition.objects.filter(
        case_id__in=closed, to_status__in=CLOSED_STATES
    ).values_list("case_id", "at"):
        if case_id not in last or at > last[case_id]:
            last[case_id] = at
    return {
        case_id: timezone.localdate(last.get(case_id, changed))
        for case_id, changed in closed.items()
    }


def cases_expired(*, today: date, years: int) -> list[int]:
    """The ended cases whose term is over: ended ``years`` years ago or longer."""
    return sorted(
        case_id
        for case_id, closed_on in cases_closed_on().items()
        if years_after(closed_on, years) <= today
    )


def persons_kept(*, expired_case_ids: Iterable[int]) -> frozenset[str]:
    """The persons who are or were selected and whose case is kept: a case that is open, or
    ended but within its own term, in any approach. Everyone else counts as not selected."""
    return frozenset(
        Case.objects.exclude(pk__in=list(expired_case_ids)).values_list("person_key", flat=True)
    )


def rounds_decided_on() -> dict[int, date]:
    """The finished rounds that have been decided, and the day they were.

    A finished round is decided when no case it proposed is still proposed or checked and
    no outflow proposal it made is still open. It was decided on the latest of: the day it
    finished, the day each of its cases left 'proposed' or 'checked', and the day each of
    its outflow proposals was decided.
    """
    done = dict(Round.objects.filter(status=RoundStatus.DONE).values_list("pk", "finished_at"))
    waiting = set(
        Case.objects.filter(round_id__in=done, status__in=UNDECIDED_STATES).values_list(
            "round_id", flat=True
        )
    ) | set(
        OutflowProposal.objects.filter(round_id__in=done, status=OutflowStatus.OPEN).values_list(
            "round_id", flat=True
        )
    )
    moments: dict[int, datetime] = {
        pk: finished for pk, finished in done.items() if pk not in waiting and finished
    }
    decisions = list(
        CaseTransition.objects.filter(case__round_id__in=moments, from_status__in=UNDECIDED_STATES)
        .exclude(to_status__in=UNDECIDED_STATES)
        .values_list("case__round_id", "at")
    ) + list(
        OutflowProposal.objects.filter(round_id__in=moments)
        .exclude(decided_at=None)
        .values_list("round_id", "decided_at")
    )
    for round_id, at in decisions:
        if round_id is not None and at is not None and at > moments[round_id]:
            moments[round_id] = at
    return {pk: timezone.localdate(at) for pk, at in moments.items()}


def rounds_expired(*, today: date, days: int) -> list[int]:
    """The decided rounds whose facts term is over: decided ``days`` days ago or longer."""
    return sorted(
        pk
        for pk, decided_on in rounds_decided_on().items()
        if decided_on + timedelta(days=days) <= today
    )


#: What a round lost, per kind, where the kind's own name would mislead: an expired case
#: takes its person out of the round's list of participants at the start.
_TRIM_LABELS: Final = {RetentionKind.DOSSIERS.value: "deelnemers uit de lijst bij de start"}


def round_trimmed_note(round: Round) -> str | None:
    """Why ``round`` cannot be replayed any more, or None when retention left it whole."""
    trims = list(
        RoundTrim.objects.filter(round=round)
        .select_related("deletion")
        .order_by("deletion__at", "pk")
    )
    if not trims:
        return None
    removed = ", ".join(
        f"{_TRIM_LABELS.get(t.deletion.kind, t.deletion.get_kind_display())}: {t.count:,} op "
        f"{timezone.localtime(t.deletion.at):%d-%m-%Y}"
        for t in trims
    )
    return (
        f"{round} is na de bewaartermijn ingekort ({removed}); naspelen kan daarom niet "
        f"meer. De verantwoording, de aantallen en de vingerafdruk "
        f"({round.outcomes_sha256}) zijn bewaard."
    )


def retention_runs() -> QuerySet[RetentionRun]:
    """The retention runs, newest first, with what each removed."""
    return (
        RetentionRun.objects.select_related("started_by")
        .prefetch_related(Prefetch("deletions", queryset=RetentionDeletion.objects.order_by("pk")))
        .order_by("-started_at", "-pk")
    )
