"""A person's request for correction or objection, recorded on their case.

The privacy officer (functionaris gegevensbescherming) records what the person asks and,
at once or later, the decision with its reasons. The request belongs to a case; the
person's key is kept with it, so that an access request still finds it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.cases.models import Case
from regie.privacy.constants import RightsDecision, RightsRequestKind


class RightsRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights_requests")
    person_key = models.CharField("persoon", max_length=64, db_index=True)
    kind = models.CharField("soort", max_length=20, choices=RightsRequestKind.choices)
    received_on = models.DateField("ontvangen op")
    request = models.TextField("wat de persoon vraagt")
    decision = models.CharField(
        "besluit", max_length=20, choices=RightsDecision.choices, blank=True
    )
    reasons = models.TextField("onderbouwing", blank=True)
    decided_on = models.DateField("besloten op", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rights_requests_handled",
        verbose_name="behandeld door",
    )
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "verzoek om correctie of bezwaar"
        verbose_name_plural = "verzoeken om correctie of bezwaar"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="")
                | (~models.Q(reasons="") & models.Q(decided_on__isnull=False)),
                name="rights_decision_has_reasons_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} van {self.received_on:%d-%m-%Y}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)
