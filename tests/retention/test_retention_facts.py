"""Facts, outcomes and identity records of persons who were not selected.

The region (tests/retention/retentionkit.py): a round proposed Daan and Sem's outflow and
named Noor a near miss; Mila had no outcome. Once the round has been decided, the facts of
Noor and Mila go after REGIE_BEWAAR_FEITEN_DAGEN; those of Daan and Sem stay.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from letterkit import region_after_round
from pytest_django.fixtures import Settings
from retentionkit import as_rows, names_with_facts, round_decided, table_counts

from regie.identity.models import IdentityRecord
from regie.retention.services import retention_run
from regie.rounds.models import RoundOutcome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _terms(settings: Settings) -> None:
    settings.RETENTION_FACTS_DAYS = 3
    settings.RETENTION_DOSSIER_YEARS = 5
    settings.RETENTION_AUDIT_YEARS = 100


def test_facts_of_persons_not_selected_stay_until_the_last_day_of_the_term(
    tmp_path: Path,
) -> None:
    # given a round decided today, and a term of 3 days
    round_decided(tmp_path)
    decided = timezone.localdate()
    before = table_counts()
    # when retention runs on the second day after the decision
    results = retention_run(today=decided + timedelta(days=2), dry_run=False, actor=None)
    # then nothing was removed
    assert as_rows(results) == [
        ("dossiers", 0),
        ("outcomes", 0),
        ("facts", 0),
        ("identity_records", 0),
        ("login_records", 0),
        ("audit_events", 0),
    ]
    assert names_with_facts() == ["Daan", "Mila", "Noor", "Sem"]
    assert table_counts()["deliveries.Fact"] == before["deliveries.Fact"] == 14


def test_facts_of_persons_not_selected_go_on_the_day_the_term_ends(tmp_path: Path) -> None:
    # given a round decided today, and a term of 3 days
    round_decided(tmp_path)
    decided = timezone.localdate()
    # when retention runs on the third day after the decision
    results = retention_run(today=decided + timedelta(days=3), dry_run=False, actor=None)
    # then Noor's near miss, the facts of Noor (4) and Mila (3) and their identity
    # records are gone; Daan (in the approach) and Sem (outflowed today) keep theirs
    assert as_rows(results) == [
        ("dossiers", 0),
        ("outcomes", 1),
        ("facts", 7),
        ("identity_records", 2),
        ("login_records", 0),
        ("audit_events", 0),
    ]
    assert names_with_facts() == ["Daan", "Sem"]
    assert sorted(RoundOutcome.objects.values_list("voornamen", flat=True)) == ["Daan", "Sem"]
    assert sorted(IdentityRecord.objects.values_list("voornamen", flat=True)) == ["Daan", "Sem"]


def test_a_round_not_yet_decided_keeps_every_fact(tmp_path: Path) -> None:
    # given a round whose candidate Daan is still proposed and Sem's outflow still open
    region_after_round(tmp_path)
    before = table_counts()
    # when retention runs years later
    results = retention_run(
        today=timezone.localdate() + timedelta(days=4000), dry_run=False, actor=None
    )
    # then nothing of the round went: it has not been decided
    assert as_rows(results)[:4] == [
        ("dossiers", 0),
        ("outcomes", 0),
        ("facts", 0),
        ("identity_records", 0),
    ]
    after = table_counts()
    assert {k: v for k, v in after.items() if not k.startswith(("retention", "audit"))} == {
        k: v for k, v in before.items() if not k.startswith(("retention", "audit"))
    }
