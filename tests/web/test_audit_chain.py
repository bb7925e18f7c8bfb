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
        person_key=third.person_key,
        purpose=third.purpose,
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


def test_a_record_names_the_person_and_the_purpose_and_the_hash_covers_both() -> None:
    # given a regisseur who looks at a synthetic person's case
    from regie.cases.models import Case

    regisseur = User.objects.create_user(username="regisseur", role=Role.REGISSEUR)
    case = Case.objects.create(
        person_key="p-synthetisch-1",
        approach="top400",
        achternaam="Verzonnen",
        voornamen="Sam",
        geboortedatum="2009-03-04",
        status="in_regie",
    )
    # when it is recorded
    event = audit_record(actor=regisseur, action="case_viewed", subject=case)
    system = audit_record(actor=None, action="round_finished", subject=regisseur)
    # then the record says which person and why: the task of the role
    assert (event.person_key, event.purpose) == (
        "p-synthetisch-1",
        "de regie voeren over de eigen deelnemers",
    )
    assert (system.person_key, system.purpose) == (
        "",
        "verwerking door Regie zelf (instroommoment, bewaartermijnen)",
    )
    assert audit_chain_verify() == (2, 2, None)
    # and changing the purpose afterwards is caught
    AuditEvent.objects.filter(pk=event.pk).update(purpose="nieuwsgierigheid")
    _, checked, broken = audit_chain_verify()
    assert broken is not None
    assert (checked, broken.problem) == (0, "regel 1 is veranderd: de inhoud past niet bij de hash")


def _trail_dated(days_ago: list[int]) -> list[AuditEvent]:
    from datetime import timedelta

    from django.utils import timezone

    analyst = User.objects.create_user(username="analist-oud", role=Role.ANALYST)
    subject = Organisation.objects.create(name="Synthetisch oud")
    events = []
    for n, days in enumerate(days_ago):
        event = audit_record(actor=analyst, action=f"handeling_{n}", subject=subject, n=n)
        # the records were written days ago: move their time and recompute the chain as
        # it would have been (the test's own forgery, to date them)
        events.append(event)
        AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=days))
    from regie.audit.chain import GENESIS, record_hash

    previous = GENESIS
    for event in AuditEvent.objects.order_by("sequence"):
        own = record_hash(
            previous_hash=previous,
            sequence=event.sequence or 0,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            detail=event.detail,
            person_key=event.person_key,
            purpose=event.purpose,
        )
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, hash=own)
        previous = own
    return list(AuditEvent.objects.order_by("sequence"))


def test_retention_removes_the_oldest_records_and_the_chain_still_checks() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from regie.audit.models import AuditTrim
    from regie.audit.services import audit_trim

    # given five records of 400, 380, 10, 5 and 1 days ago
    events = _trail_dated([400, 380, 10, 5, 1])
    assert audit_chain_verify() == (5, 5, None)
    # when retention removes what is older than 365 days
    trim = audit_trim(before=timezone.now() - timedelta(days=365))
    # then the first two are gone, the removal is noted, and the chain checks from there
    assert trim is not None
    assert (trim.through_sequence, trim.last_hash, trim.removed) == (2, events[1].hash, 2)
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == [
        3,
        4,
        5,
        6,
    ]
    last = AuditEvent.objects.get(sequence=6)
    assert (last.action, last.detail["through_sequence"], last.detail["removed"]) == (
        "audit_trail_trimmed",
        2,
        2,
    )
    assert audit_chain_verify() == (4, 4, None)
    # and nothing is old enough a second time
    assert audit_trim(before=timezone.now() - timedelta(days=365)) is None
    assert AuditTrim.objects.count() == 1


def test_after_retention_a_further_removal_or_a_forged_trim_is_caught() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from regie.audit.models import AuditTrim
    from regie.audit.services import audit_trim

    _trail_dated([400, 380, 10, 5, 1])
    trim = audit_trim(before=timezone.now() - timedelta(days=365))
    assert trim is not None
    # when someone also removes the oldest kept record
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = 3")
    _, checked, broken = audit_chain_verify()
    assert broken is not None
    assert (checked, broken.problem) == (
        0,
        "volgnummer 3 ontbreekt (verwijderd?); de volgende is 4",
    )
    # when someone writes a trim of their own to hide it, without the chain's own record
    AuditTrim.objects.create(
        through_sequence=3,
        last_hash="f" * 64,
        removed=1,
        before=timezone.now(),
    )
    _, checked, broken = audit_chain_verify()
    assert broken is not None
    assert broken.problem == ("de inkorting tot en met regel 3 staat niet in de audittrail zelf")
