"""The kinds of data that retention removes, in the order a run removes them."""

from __future__ import annotations

from django.db import models


class RetentionKind(models.TextChoices):
    # cases first: an expired case frees the person's outcomes and facts in the same run
    DOSSIERS = "dossiers", "dossiers (met plan, brieven en alles eronder)"
    OUTCOMES = "outcomes", "uitkomsten van niet-geselecteerden"
    FACTS = "facts", "feiten van niet-geselecteerden"
    IDENTITY_RECORDS = "identity_records", "identiteitsrecords zonder feiten"
    LOGIN_RECORDS = "login_records", "inloggegevens van medewerkers (pogingen, sessies)"
    AUDIT_EVENTS = "audit_events", "regels van de audittrail"


#: The action of the audit record of one removal.
RETENTION_DELETED = "retention_deleted"
