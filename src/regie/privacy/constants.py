"""The kinds of a person's request about their data and the decisions on it (AVG art. 16, 21)."""

from __future__ import annotations

from django.db import models


class RightsRequestKind(models.TextChoices):
    CORRECTION = "correctie", "correctie (AVG artikel 16)"
    OBJECTION = "bezwaar", "bezwaar (AVG artikel 21)"


class RightsDecision(models.TextChoices):
    GRANTED = "toegewezen", "toegewezen"
    REFUSED = "afgewezen", "afgewezen"
    PARTLY = "deels", "deels toegewezen"
