"""The audit trail is a hash chain: ``regie audit verify`` finds an altered or removed record."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.models import AuditAppendOnly, AuditEvent
from regie.audit.selectors import audit_chain_verify
from regie.audit.services import audit_record
from regie.cli import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail() -> list[AuditEvent]:
    """Five records by a synthetic analyst about a synthetic organisation."""
    analyst = User.objects.create_user(username="analist", role=Role.ANALYST)
    subject = Organisation.objects.create(name="Synthetisch")
    return [
        audit_record(actor=analyst, action=f"handeling_{n}", subject=subject, n=n, lijst=[n, "ë"])
        for n in range(5)
    ]


def test_records_are_numbered_and_chained(trail: list[AuditEvent]) -> None:
    assert [e.sequence for e in trail] == [1, 2, 3, 4, 5]
    assert trail[0].previous_hash == "0" * 64
    assert [e.previous_hash for e in trail[1:]] == [e.hash for e in trail[:-1]]
    assert audit_chain_verify() == (5, 5, None)
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "De audittrail is intact: 5 regels, de hashketen klopt.",
        f"Laatste regel 5, hash {trail[-1].hash}",
    ]


def test_an_altered_record_is_caught(trail: list[AuditEvent]) -> None:
    # when someone changes the detail of the third record behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
            ["iets_anders", trail[2].pk],
        )
    # then the check names it
    total, checked, broken = audit_chain_verify()
    assert (total, checked) == (5, 2)
    assert broken is not None
    assert (broken.sequence, broken.problem) == (
        3,
        "regel 3 is veranderd: de inhoud past niet bij de hash",
    )
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "De audittrail is niet intact: regel 3 is veranderd" in result.stderr


def test_an_altered_detail_with_its_hash_recomputed_still_breaks_the_next_link(
    trail: list[AuditEvent],
) -> None:
    # someone who also recomputes the record's own hash breaks the link of the next one
    from regie.audit.chain import record_hash

    third = trail[2]
    forged = record_hash(
        previous_hash=third.previous_hash,
        sequence=3,
        at=third.at,
        actor_id=third.actor_id,
        action=third.action,
        subject_type=third.subject_type,
        subject_id=third.subject_id,
        detail={"n": 99, "lijst": [2, "ë"]},
    )
    AuditEvent.objects.filter(pk=third.pk).update(detail={"n": 99, "lijst": [2, "ë"]}, hash=forged)
    _, checked, broken = audit_chain_verify()
    assert broken is not None
    assert (checked, broken.sequence, broken.problem) == (
        3,
        4,
        "regel 4 wijst niet naar de hash van regel 3",
    )


def test_a_removed_record_is_caught(trail: list[AuditEvent]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [trail[1].pk])
    total, checked, broken = audit_chain_verify()
    assert (total, checked) == (4, 1)
    assert broken is not None
    assert broken.problem == "volgnummer 2 ontbreekt (verwijderd?); de volgende is 3"


def test_the_application_never_changes_or_removes_a_record(trail: list[AuditEvent]) -> None:
    record = AuditEvent.objects.get(pk=trail[0].pk)
    record.action = "anders"
    with pytest.raises(AuditAppendOnly):
        record.save()
    with pytest.raises(AuditAppendOnly):
        record.delete()
    assert audit_chain_verify() == (5, 5, None)
