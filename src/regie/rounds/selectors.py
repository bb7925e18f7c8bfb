"""Reading rounds: what a new round would use, and the outcomes with filters and search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Final, TypeVar

from django.db.models import Case, Model, Q, QuerySet, Value, When
from django.utils import timezone

from regie.deliveries.models import Delivery
from regie.deliveries.selectors import deliveries_current
from regie.formats.codes import PARTNERS
from regie.identity.constants import PairStatus
from regie.identity.models import LinkageRun, ReviewPair
from regie.rounds.constants import HEARTBEAT_TIMEOUT_SECONDS, OutcomeKind, RoundStatus
from regie.rounds.models import Round, RoundOutcome

#: The order of the outcomes in a round's list: what people must act on first.
OUTCOME_ORDER: Final = (
    OutcomeKind.INFLOW,
    OutcomeKind.OUTFLOW,
    OutcomeKind.UNKNOWN,
    OutcomeKind.STAYS,
    OutcomeKind.NEAR_MISS,
)


@dataclass(frozen=True)
class Preflight:
    """What a round started now would use, and what stands in its way."""

    previous: Round | None  # the latest finished round
    deliveries: list[Delivery]  # the deliveries it would use: one per partner, fresh only
    stale: list[str]  # partners whose latest delivery is from before the previous round
    never: list[str]  # partners that never delivered
    linkage_run: LinkageRun | None
    blocking: list[str]  # reasons the round cannot start (Dutch, for the page)
    open_pairs: int  # identity pairs still waiting for an analyst
    running: Round | None  # a round that is running now

    @property
    def missing(self) -> list[str]:
        """Partners whose criteria will be unknown in this round."""
        return sorted([*self.stale, *self.never])


def round_running() -> Round | None:
    """A round that is queued or running and still alive (it reported progress lately)."""
    alive_since = timezone.now() - timedelta(seconds=HEARTBEAT_TIMEOUT_SECONDS)
    return (
        Round.objects.filter(status__in=(RoundStatus.QUEUED, RoundStatus.RUNNING))
        .filter(
            Q(heartbeat_at__gte=alive_since) | Q(heartbeat_at=None, started_at__gte=alive_since)
        )
        .first()
    )


def is_interrupted(round: Round) -> bool:
    """A queued or running round that stopped reporting progress: its process has gone."""
    if round.status not in (RoundStatus.QUEUED, RoundStatus.RUNNING):
        return False
    last = round.heartbeat_at or round.started_at
    return last < timezone.now() - timedelta(seconds=HEARTBEAT_TIMEOUT_SECONDS)


def round_preflight() -> Preflight:
    """The deliveries a new round would use and the partners it would miss.

    A partner that has not delivered since the previous round started counts as not
    delivered: its criteria are unknown in this round (docs/rounds.md).
    """
    previous = Round.objects.filter(status=RoundStatus.DONE).order_by("-started_at").first()
    current = deliveries_current()
    fresh = [
        d
        for partner, d in sorted(current.items())
        if previous is None or d.delivered_at > previous.started_at
    ]
    stale = sorted(p for p, d in current.items() if d not in fresh)
    never = [p for p in PARTNERS if p not in current]
    run = LinkageRun.objects.exclude(finished_at=None).order_by("-started_at", "-pk").first()
    blocking = []
    if not fresh:
        blocking.append("Er is geen enkele nieuwe aanlevering sinds het vorige instroommoment.")
    if run is None:
        blocking.append("Er is nog geen koppelronde gedraaid: start eerst een koppelronde.")
    else:
        unlinked = sorted({d.partner for d in fresh if d.pk not in set(run.delivery_ids)})
        if unlinked:
            blocking.append(
                "De nieuwste aanlevering van "
                + ", ".join(unlinked)
                + " is nog niet gekoppeld: start eerst een koppelronde."
            )
    running = round_running()
    if running is not None:
        blocking.append(f"{running} loopt nog; wacht tot het klaar is.")
    return Preflight(
        previous=previous,
        deliveries=fresh,
        stale=stale,
        never=never,
        linkage_run=run,
        blocking=blocking,
        open_pairs=ReviewPair.objects.filter(status=PairStatus.OPEN).count(),
        running=running,
    )


_Searched = TypeVar("_Searched", bound=Model)


def person_search(rows: QuerySet[_Searched], search: str) -> QuerySet[_Searched]:
    """``rows`` (with the identity columns of a person) whose name has every word of
    ``search``; a word of four digits is a year of birth."""
    for word in search.split():
        if word.isdigit() and len(word) == 4:
            rows = rows.filter(geboortedatum__year=int(word))
        else:
            rows = rows.filter(
                Q(achternaam__icontains=word)
                | Q(voornamen__icontains=word)
                | Q(tussenvoegsel__icontains=word)
            )
    return rows


def outcomes_filtered(
    round: Round, *, approach: str = "", outcome: str = "", search: str = ""
) -> QuerySet[RoundOutcome]:
    """The outcomes of ``round``, by approach and outcome, searched by name or birth year;
    per approach in :data:`OUTCOME_ORDER`, then by name."""
    outcomes = RoundOutcome.objects.filter(round=round)
    if approach:
        outcomes = outcomes.filter(approach=approach)
    if outcome:
        outcomes = outcomes.filter(outcome=outcome)
    outcomes = person_search(outcomes, search)
    rank = Case(
        *(When(outcome=kind, then=Value(i)) for i, kind in enumerate(OUTCOME_ORDER)),
        default=Value(len(OUTCOME_ORDER)),
    )
    return outcomes.order_by("approach", rank, "achternaam", "voornamen", "pk")
