"""The migration that chains the audit records written before the chain existed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regie.audit.selectors import audit_chain_verify

BEFORE = [("audit", "0001_initial")]
# up to the newest: records of before the chain still check after the person and the
# purpose joined the hash (their form leaves both out when blank)
AFTER = [("audit", "0004_access_log_person_purpose_and_trim")]


@pytest.mark.django_db(transaction=True)
def test_records_written_before_the_chain_are_chained_in_the_order_written() -> None:
    # given the audit table as it was before the chain, with three records in it
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_state = executor.loader.project_state(BEFORE)
    OldEvent = old_state.apps.get_model("audit", "AuditEvent")
    for number in range(3):
        OldEvent.objects.create(
            action=f"oud_{number}",
            subject_type="accounts.organisation",
            subject_id=str(number),
            detail={"n": number, "tekst": "é"},
        )
    # when the migrations run
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # then the old records form a chain that verifies, numbered in the order written
    from regie.audit.models import AuditEvent

    assert list(AuditEvent.objects.order_by("pk").values_list("action", "sequence")) == [
        ("oud_0", 1),
        ("oud_1", 2),
        ("oud_2", 3),
    ]
    assert audit_chain_verify() == (3, 3, None)
