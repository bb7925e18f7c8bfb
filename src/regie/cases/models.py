"""A case: one person's path through one approach, from proposal to outflow.

A case starts as a candidate the criteria proposed in a round (or as a participant taken
over from before Regie), is checked by an analyst, gets a dossier, is taken into regie
when the programme manager assigns a regisseur, and ends withdrawn or outflowed. Every
change of state is a :class:`CaseTransition`: who, when, from, to and why.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from regie.cases.constants import CaseStatus, OutflowOrigin, OutflowStatus
from regie.rounds.models import Round, RoundOutcome

_OPEN = sorted(s.value for s in CaseStatus.open_states())


class Case(models.Model):
    person_key = models.CharField("persoon", max_length=64, db_index=True)
    approach = models.CharField("aanpak", max_length=20)
    achternaam = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=50, null=True, blank=True)
    voornamen = models.CharField(max_length=200)
    geboortedatum = models.DateField()
    status = models.CharField(max_length=20, choices=CaseStatus.choices)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    outcome = models.ForeignKey(
        RoundOutcome, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    dossier = models.TextField("dossier", blank=True)
    dossier_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers_drawn_up",
    )
    dossier_at = models.DateTimeField(null=True, blank=True)
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_directed",
    )
    regisseur_assigned_at = models.DateTimeField(null=True, blank=True)
    instroomdatum = models.DateField("in de aanpak sinds", null=True, blank=True)
    closed_reason = models.TextField("reden van afsluiten", blank=True)
    handover_organisation = models.CharField("overgedragen aan", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kandidaat of deelnemer"
        verbose_name_plural = "kandidaten en deelnemers"
        ordering = ["achternaam", "voornamen", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "approach"],
                condition=models.Q(status__in=_OPEN),
                name="one_open_case_per_person_and_approach",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.approach} · {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        prefix = f"{self.tussenvoegsel} " if self.tussenvoegsel else ""
        return f"{self.voornamen} {prefix}{self.achternaam}"

    def age_on(self, day: date) -> int:
        born = self.geboortedatum
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CaseTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("van", max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("naar", max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_transitions"
    )
    at = models.DateTimeField("op", auto_now_add=True)
    reason = models.TextField("reden", blank=True)

    class Meta:
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"
        ordering = ["case", "at", "pk"]


class OutflowProposal(models.Model):
    """A round proposed that a participant leaves; a person confirms or overrules it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outflow_proposals")
    origin = models.CharField(
        "voorgesteld door",
        max_length=20,
        choices=OutflowOrigin.choices,
        default=OutflowOrigin.ROUND,
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="outflow_proposals"
    )
    outcome = models.ForeignKey(
        RoundOutcome, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField("redenen", default=list)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outflow_proposals_made",
        help_text="wie een toets of uitsluitingsgrond vastlegde; leeg bij een instroommoment",
    )
    proposal_note = models.TextField("toelichting bij het voorstel", blank=True)
    status = models.CharField(
        max_length=20, choices=OutflowStatus.choices, default=OutflowStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outflow_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField("toelichting", blank=True)
    handover_organisation = models.CharField("overgedragen aan", max_length=200, blank=True)
    care_needed = models.TextField(
        "gezamenlijke inschatting van de zorg die nog nodig is", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "uitstroomvoorstel"
        verbose_name_plural = "uitstroomvoorstellen"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="outflow_once_per_round"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="open"),
                name="one_open_outflow_proposal_per_case",
            ),
        ]
