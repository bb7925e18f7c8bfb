from __future__ import annotations

from django.db import models


class PairStatus(models.TextChoices):
    OPEN = "open", "te beoordelen"
    LINKED = "linked", "gekoppeld door analist"
    KEPT_APART = "kept_apart", "apart gehouden door analist"
