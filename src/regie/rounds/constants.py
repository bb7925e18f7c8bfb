from __future__ import annotations

from typing import Final

from django.db import models


class RoundStatus(models.TextChoices):
    QUEUED = "queued", "wacht op start"
    RUNNING = "running", "bezig"
    DONE = "done", "klaar"
    FAILED = "failed", "mislukt"


class OutcomeKind(models.TextChoices):
    INFLOW = "instroom", "nieuwe kandidaat (instroom)"
    STAYS = "blijft", "blijft deelnemer"
    OUTFLOW = "uitstroom", "voorstel uitstroom"
    UNKNOWN = "onbekend", "onbekend (een partner leverde niet)"
    NEAR_MISS = "bijna", "net niet geselecteerd"


#: A running round that has not reported progress for this long was interrupted (the
#: process that ran it stopped); a new round may then start.
HEARTBEAT_TIMEOUT_SECONDS: Final = 600
