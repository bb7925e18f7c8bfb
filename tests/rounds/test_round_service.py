"""A round over the application's own data: outcomes, explanations, proposals, replay."""

from __future__ import annotations

from pathlib import Path

import pytest
from roundkit import PEILDATUM, region_ready

from regie.rounds.constants import RoundStatus
from regie.rounds.models import RoundOutcome
from regie.rounds.services import round_replay, round_start

pytestmark = pytest.mark.django_db


def test_a_round_stores_every_outcome_with_its_explanation(tmp_path: Path) -> None:
    # given the small region, delivered, linked, with one participant
    users = region_ready(tmp_path)
    # when the analyst runs a round
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    # then
    assert round.status == RoundStatus.DONE
    rows = sorted(
        (o.voornamen, o.approach, o.outcome, tuple(o.reasons))
        for o in RoundOutcome.objects.filter(round=round)
    )
    print(rows, round.counts)
    assert round_replay(round) == round.outcomes_sha256
