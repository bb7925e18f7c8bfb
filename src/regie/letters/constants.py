from __future__ import annotations

from django.db import models


class LetterKind(models.TextChoices):
    INFLOW = "inflow", "instroombrief"
    OUTFLOW = "outflow", "uitstroombrief"
