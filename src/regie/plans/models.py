"""The plan of approach of a person in regie, the panel's decisions on it, case meetings,
proportionality reviews, exclusion grounds, the partners involved and bottlenecks.

Everything hangs from the person's case (``cases.Case``) in regie. Deadlines are not
stored: they follow from the date the regisseur was assigned and the settings
(``PLAN_DUE_WEEKS``, ``CASE_MEETING_WEEKS``, ``PANEL_REVIEW_WEEKS``,
``REVIEW_INTERVAL_WEEKS``), so that a changed setting applies to every case
(``selectors.case_clocks``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.accounts.models import Organisation
from regie.cases.models import Case
from regie.plans.constants import (
    ActionStatus,
    EscalationLevel,
    ExclusionGround,
    LifeDomain,
    PanelDecisionKind,
    PlanStatus,
    ReviewJudgement,
)

_USER = settings.AUTH_USER_MODEL


class Plan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField("samenvatting", blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("eerst ingediend op", null=True, blank=True)
    approved_at = models.DateTimeField("goedgekeurd op", null=True, blank=True)

    class Meta:
        verbose_name = "plan van aanpak"
        verbose_name_plural = "plannen van aanpak"


class Goal(models.Model):
    """A goal in one life domain, with the alternative when the ideal route is blocked."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField("leefgebied", max_length=20, choices=LifeDomain.choices)
    description = models.TextField("doel")
    alternative = models.TextField("alternatief scenario", blank=True)
    blocked_by = models.CharField("belemmering (tekort)", max_length=200, blank=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["plan", "life_domain", "pk"]


class SubGoal(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="subgoals")
    description = models.TextField("subdoel")

    class Meta:
        verbose_name = "subdoel"
        verbose_name_plural = "subdoelen"
        ordering = ["goal", "pk"]


class CasePartner(models.Model):
    """A partner organisation involved in the case: its role and contact person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("rol in de aanpak", max_length=200)
    contact = models.CharField("contactpersoon", max_length=200)
    added_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "betrokken partner"
        verbose_name_plural = "betrokken partners"
        ordering = ["case", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="partner_once_per_case")
        ]


class Action(models.Model):
    """An action under a subgoal: who does it (partner and person), by when, how far."""

    subgoal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("actie")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="partner"
    )
    responsible = models.CharField("verantwoordelijke", max_length=200)
    deadline = models.DateField("uiterlijk")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField("toelichting bij de status", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["deadline", "pk"]


class PanelDecision(models.Model):
    """The expert panel approves a submitted plan, or returns it with remarks."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField("besluit", max_length=20, choices=PanelDecisionKind.choices)
    remarks = models.TextField("opmerkingen", blank=True)
    decided_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "besluit van het expertpanel"
        verbose_name_plural = "besluiten van het expertpanel"
        ordering = ["plan", "decided_at", "pk"]


class CaseMeeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("gehouden op")
    notes = models.TextField("afspraken")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"
        ordering = ["case", "-held_on", "-pk"]


class Review(models.Model):
    """A proportionality review: does the approach still add value, is it proportionate?"""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("getoetst op")
    judgement = models.CharField("oordeel", max_length=20, choices=ReviewJudgement.choices)
    reasons = models.TextField("onderbouwing")
    decided_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proportionaliteitstoets"
        verbose_name_plural = "proportionaliteitstoetsen"
        ordering = ["case", "-held_on", "-pk"]


class Exclusion(models.Model):
    """An exclusion ground recorded on a case; it leads to an outflow proposal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exclusions")
    ground = models.CharField("uitsluitingsgrond", max_length=30, choices=ExclusionGround.choices)
    note = models.TextField("toelichting")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "uitsluitingsgrond"
        verbose_name_plural = "uitsluitingsgronden"


class Bottleneck(models.Model):
    """A bottleneck (knelpunt) in a case, escalated step by step up the ladder."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="bottlenecks")
    description = models.TextField("knelpunt")
    level = models.CharField(
        "niveau", max_length=20, choices=EscalationLevel.choices, default=EscalationLevel.CASE
    )
    is_resolved = models.BooleanField("opgelost", default=False)
    raised_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "knelpunt"
        verbose_name_plural = "knelpunten"
        ordering = ["case", "raised_at", "pk"]


class BottleneckStep(models.Model):
    """One step of a bottleneck: raised, escalated to a level, or resolved; who, when, why."""

    bottleneck = models.ForeignKey(Bottleneck, on_delete=models.CASCADE, related_name="steps")
    level = models.CharField("niveau", max_length=20, choices=EscalationLevel.choices)
    is_resolution = models.BooleanField("oplossing", default=False)
    note = models.TextField("toelichting")
    by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stap van een knelpunt"
        verbose_name_plural = "stappen van knelpunten"
        ordering = ["bottleneck", "at", "pk"]
