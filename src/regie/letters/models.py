"""Letters to the person (and the parents of a minor): the PDF as produced, and its handover."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.cases.models import Case
from regie.letters.constants import LetterKind


class Letter(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("soort", max_length=20, choices=LetterKind.choices)
    addressed_to = models.CharField("gericht aan", max_length=300)
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField(max_length=64)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="letters_produced"
    )
    produced_at = models.DateTimeField("gemaakt op", auto_now_add=True)
    handed_over_on = models.DateField("overhandigd op", null=True, blank=True)
    handed_over_how = models.CharField("hoe overhandigd", max_length=200, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters_handed_over",
    )
    handover_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "brief"
        verbose_name_plural = "brieven"
        ordering = ["-produced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} voor {self.case.display_name}"
