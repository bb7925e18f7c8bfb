"""What a retention run records, what a dry run leaves alone, the audit trail after a run,
a kind that fails as a whole, and replaying a round that retention trimmed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings
from retentionkit import (
    as_rows,
    audit_details,
    names_with_facts,
    round_decided,
    table_counts,
    years_on,
)
from typer.testing import CliRunner

from regie.audit.models import AuditEvent, AuditTrim
from regie.audit.selectors import audit_chain_verify
from regie.cli import app
from regie.deliveries.models import Fact
from regie.retention.models import RetentionDeletion, RetentionRun, RoundTrim
from regie.retention.selectors import round_trimmed_note
from regie.retention.services import retention_run
from regie.rounds.models import Round, RoundOutcome

pytestmark = pytest.mark.django_db

EXPECTED = [
    ("dossiers", 0),
    ("outcomes", 1),
    ("facts", 7),
    ("identity_records", 2),
    ("login_records", 0),
    ("audit_events", 0),
]


@pytest.fixture(autouse=True)
def _terms(settings: Settings) -> None:
    settings.RETENTION_FACTS_DAYS = 0
    settings.RETENTION_DOSSIER_YEARS = 5
    settings.RETENTION_AUDIT_YEARS = 100


def test_a_dry_run_counts_the_same_and_changes_nothing(tmp_path: Path) -> None:
    # given a round decided today
    round_decided(tmp_path)
    before = table_counts()
    # when retention runs dry
    results = retention_run(today=timezone.localdate(), dry_run=True, actor=None)
    # then it counts what a real run removes, and nothing changed, nothing was recorded
    assert as_rows(results) == EXPECTED
    assert table_counts() == before
    assert names_with_facts() == ["Daan", "Mila", "Noor", "Sem"]
    assert RoundTrim.objects.count() == 0
    # and the real run removes exactly that
    assert as_rows(retention_run(today=timezone.localdate(), dry_run=False, actor=None)) == (
        EXPECTED
    )


def test_a_run_records_each_kind_with_its_count_and_term_but_not_the_content(
    tmp_path: Path,
) -> None:
    # given a round decided today
    users = round_decided(tmp_path)
    # when the privacy officer's colleague (here: the manager) runs retention
    retention_run(today=timezone.localdate(), dry_run=False, actor=users["manager"])
    # then the run is recorded with one row per kind: kind, count, term
    run = RetentionRun.objects.get()
    assert (run.started_by, run.reference_date) == (users["manager"], timezone.localdate())
    assert [
        (d.kind, d.count, d.term) for d in RetentionDeletion.objects.filter(run=run).order_by("pk")
    ] == [
        ("dossiers", 0, "5 jaar na uitstroom of intrekking"),
        ("outcomes", 1, "0 dagen nadat het instroommoment is afgerond"),
        ("facts", 7, "0 dagen nadat het instroommoment is afgerond"),
        ("identity_records", 2, "0 dagen nadat het instroommoment is afgerond"),
        ("login_records", 0, "180 dagen"),
        ("audit_events", 0, "100 jaar"),
    ]
    # and each removal is an audit record of the manager, with kind and count, no names
    day = timezone.localdate().isoformat()
    term = "0 dagen nadat het instroommoment is afgerond"
    assert audit_details("retention_deleted") == [
        {"kind": "outcomes", "count": 1, "term": term, "reference_date": day},
        {"kind": "facts", "count": 7, "term": term, "reference_date": day},
        {"kind": "identity_records", "count": 2, "term": term, "reference_date": day},
    ]
    events = AuditEvent.objects.filter(action="retention_deleted")
    assert {(e.actor_id, e.person_key, e.subject_type) for e in events} == {
        (users["manager"].pk, "", "retention.retentiondeletion")
    }
    # and the round is marked as trimmed: 1 outcome and 7 facts
    round = Round.objects.get()
    assert sorted(RoundTrim.objects.values_list("deletion__kind", "count")) == [
        ("facts", 7),
        ("outcomes", 1),
    ]
    assert RoundTrim.objects.filter(round=round).count() == 2


def test_the_audit_trail_verifies_after_a_run_that_trims_it(
    tmp_path: Path, settings: Settings
) -> None:
    # given a decided round, and an audit term of 1 year
    round_decided(tmp_path)
    settings.RETENTION_AUDIT_YEARS = 1
    written = AuditEvent.objects.count()
    # when retention runs a year and a day later
    day = years_on(timezone.localdate(), 1) + timedelta(days=1)
    results = retention_run(today=day, dry_run=False, actor=None)
    # then every audit record from before the run is gone, and the chain still verifies
    assert as_rows(results) == [*EXPECTED[:5], ("audit_events", written)]
    trim = AuditTrim.objects.get()
    assert trim.removed == written
    total, checked, broken = audit_chain_verify()
    assert broken is None
    assert checked == total == AuditEvent.objects.count()
    # and the records of this run remain: 3 removals and the trim itself
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "audit_trail_trimmed",
        "retention_deleted",
        "retention_deleted",
        "retention_deleted",
        "retention_deleted",
    ]
    verify = CliRunner().invoke(app, ["audit", "verify"])
    assert verify.exit_code == 0, verify.output
    assert verify.stdout.startswith("De audittrail is intact: 5 regels, de hashketen klopt.")


def test_a_kind_that_fails_is_removed_not_at_all_and_the_run_stops(tmp_path: Path) -> None:
    # given a decided round, and a database that refuses to delete one of Mila's facts
    round_decided(tmp_path)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION retention_test_refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'geweigerd'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER retention_test_refuse BEFORE DELETE ON deliveries_fact "
                "FOR EACH ROW WHEN (OLD.voornamen = 'Mila') "
                "EXECUTE FUNCTION retention_test_refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER retention_test_refuse BEFORE DELETE ON deliveries_fact "
                "WHEN OLD.voornamen = 'Mila' BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
            )
    # when retention runs
    with pytest.raises(Exception, match="geweigerd"):
        retention_run(today=timezone.localdate(), dry_run=False, actor=None)
    # then the outcomes (before the facts) went, no fact went, and the facts and what
    # comes after them were not recorded
    assert RoundOutcome.objects.filter(voornamen="Noor").count() == 0
    assert Fact.objects.count() == 14
    assert list(RetentionDeletion.objects.order_by("pk").values_list("kind", "count")) == [
        ("dossiers", 0),
        ("outcomes", 1),
    ]
    assert [d["kind"] for d in audit_details("retention_deleted")] == ["outcomes"]


def test_a_trimmed_round_cannot_be_replayed_and_says_why(tmp_path: Path) -> None:
    # given a decided round, replayable
    round_decided(tmp_path)
    round = Round.objects.get()
    kept = (round.receipt, round.counts, round.outcomes_sha256)
    assert round_trimmed_note(round) is None
    # when retention removes the facts and outcome of the persons not selected
    retention_run(today=timezone.localdate(), dry_run=False, actor=None)
    # then the round keeps its receipt, counts and fingerprint
    round = Round.objects.get()
    assert (round.receipt, round.counts, round.outcomes_sha256) == kept
    # and replaying it explains that retention removed facts
    replay = CliRunner().invoke(app, ["round", "replay", str(round.pk)])
    assert replay.exit_code == 1
    on = timezone.localdate().strftime("%d-%m-%Y")
    assert " ".join(replay.stderr.split()) == (
        f"{round} is na de bewaartermijn ingekort (uitkomsten van niet-geselecteerden: 1 op "
        f"{on}, feiten van niet-geselecteerden: 7 op {on}); naspelen kan daarom niet meer. "
        f"De verantwoording, de aantallen en de vingerafdruk ({round.outcomes_sha256}) "
        "zijn bewaard."
    )
