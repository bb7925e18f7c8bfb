"""audit_record_many: one chain link per person, in one go, under the chain's rules."""

from __future__ import annotations

from itertools import pairwise

import pytest

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.audit.chain import record_hash
from regie.audit.models import AuditEvent
from regie.audit.purposes import purpose_of
from regie.audit.selectors import audit_chain_verify
from regie.audit.services import audit_record, audit_record_many

pytestmark = pytest.mark.django_db


def test_each_person_once_in_order_as_consecutive_links() -> None:
    # given a record already in the chain
    user = User.objects.create_user(username="analist", role=Role.ANALYST)
    first = audit_record(actor=user, action="case_list_viewed", subject=user)
    # when a list names four keys, one blank and one twice
    written = audit_record_many(
        actor=user,
        action="case_listed",
        subject=user,
        person_keys=["p-1", "", "p-2", "p-1", "p-3"],
        page=1,
    )
    # then three records follow the first, one per person, in order
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.pk for e in events[1:]] == [e.pk for e in written]
    assert [(e.sequence, e.person_key) for e in events] == [
        (first.sequence, ""),
        (2, "p-1"),
        (3, "p-2"),
        (4, "p-3"),
    ]
    assert {(e.purpose, e.action) for e in events[1:]} == {
        (purpose_of(Role.ANALYST), "case_listed")
    }
    # and each hash is record_hash over the one before
    for before, event in pairwise(events):
        assert event.previous_hash == before.hash
        assert event.hash == record_hash(
            previous_hash=before.hash,
            sequence=event.sequence or 0,
            at=event.at,
            actor_id=user.pk,
            action="case_listed",
            subject_type="accounts.user",
            subject_id=str(user.pk),
            detail={"page": 1},
            person_key=event.person_key,
            purpose=event.purpose,
        )
    assert audit_chain_verify() == (4, 4, None)
    # and a single record after them continues the chain
    audit_record(actor=user, action="case_viewed", subject=user, person_key="p-2")
    assert audit_chain_verify() == (5, 5, None)


def test_no_person_no_record() -> None:
    user = User.objects.create_user(username="regisseur", role=Role.REGISSEUR)
    assert audit_record_many(actor=user, action="case_listed", subject=user, person_keys=[]) == []
    assert AuditEvent.objects.count() == 0
