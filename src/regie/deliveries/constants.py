from __future__ import annotations

from django.db import models


class DeliveryStatus(models.TextChoices):
    ACCEPTED = "accepted", "geaccepteerd"
    REFUSED = "refused", "geweigerd"


class Channel(models.TextChoices):
    BROWSER = "browser", "upload in de browser"
    API = "api", "API"
    COMMAND_LINE = "command_line", "opdrachtregel"
