"""Chain the audit records written before the hash chain existed, in the order written."""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations

from regie.audit.chain import GENESIS, record_hash


def chain_existing(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous, sequence = GENESIS, 0
    for event in AuditEvent.objects.order_by("pk").iterator():
        sequence += 1
        detail = json.loads(json.dumps(event.detail))
        own = record_hash(
            previous_hash=previous,
            sequence=sequence,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            detail=detail,
        )
        AuditEvent.objects.filter(pk=event.pk).update(
            sequence=sequence, previous_hash=previous, hash=own
        )
        previous = own


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_auditevent_hash_auditevent_previous_hash_and_more")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
