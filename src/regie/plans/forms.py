"""The forms of the case-direction pages: one form per action on a case, its plan or the
panel's decision.

Each form checks only that its input is complete and well-formed; whether the action is
allowed now is for the service (``PlanActionRefused``).
"""

from __future__ import annotations

from typing import Any

from django import forms

from regie.accounts.models import Organisation
from regie.cases.models import Case
from regie.plans.constants import (
    ActionStatus,
    ExclusionGround,
    LifeDomain,
    PanelDecisionKind,
    ReviewJudgement,
)
from regie.plans.models import CasePartner


def _text(
    label: str, required_message: str = "", *, rows: int = 3, required: bool = True
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=4000,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else None,
    )


def _line(label: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=200, error_messages={"required": required_message}
    )


def _date(label: str, required_message: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"required": required_message, "invalid": "Vul een geldige datum in."},
    )


class PlanCreateForm(forms.Form):
    samenvatting = _text("Samenvatting (niet verplicht)", required=False)


class PartnerForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisation.objects.order_by("name"),
        error_messages={
            "required": "Kies een organisatie.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    rol = _line("Rol in de aanpak", "De rol van de partner is verplicht.")
    contactpersoon = _line("Contactpersoon", "De contactpersoon is verplicht.")


class GoalForm(forms.Form):
    leefgebied = forms.ChoiceField(
        label="Leefgebied",
        choices=LifeDomain.choices,
        error_messages={"required": "Kies een leefgebied."},
    )
    doel = _text("Doel", "Het doel is verplicht.", rows=2)
    alternatief = _text("Alternatief scenario (als de ideale route vastloopt)", required=False)
    belemmering = forms.CharField(
        label="Belemmering (tekort, bijvoorbeeld wachtlijst of woonruimte)",
        max_length=200,
        required=False,
    )


class SubGoalForm(forms.Form):
    subdoel = _text("Subdoel", "Het subdoel is verplicht.", rows=2)


class ActionForm(forms.Form):
    actie = _text("Actie", "De actie is verplicht.", rows=2)
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Kies een betrokken partner.",
            "invalid_choice": "Kies een betrokken partner uit de lijst.",
        },
    )
    verantwoordelijke = _line("Verantwoordelijke", "De verantwoordelijke is verplicht.")
    uiterlijk = _date("Uiterlijk", "De uiterste datum is verplicht.")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        involved = CasePartner.objects.filter(case=case).values("organisation_id")
        field.queryset = Organisation.objects.filter(pk__in=involved).order_by("name")


class ActionChangeForm(forms.Form):
    actie = _text("Actie", "De actie is verplicht.", rows=2)
    verantwoordelijke = _line("Verantwoordelijke", "De verantwoordelijke is verplicht.")
    uiterlijk = _date("Uiterlijk", "De uiterste datum is verplicht.")


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Nieuwe status",
        choices=ActionStatus.choices,
        error_messages={"required": "Kies een status."},
    )
    toelichting = _text("Toelichting bij de status", required=False, rows=2)


class PanelDecisionForm(forms.Form):
    besluit = forms.ChoiceField(
        label="Besluit",
        choices=PanelDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies: goedkeuren, of teruggeven met opmerkingen."},
    )
    opmerkingen = _text("Opmerkingen (verplicht bij teruggeven)", required=False)


class MeetingForm(forms.Form):
    datum = _date("Gehouden op", "De datum van het casusoverleg is verplicht.")
    afspraken = _text("Afspraken", "De afspraken zijn verplicht.")


class ReviewForm(forms.Form):
    datum = _date("Getoetst op", "De datum van de toets is verplicht.")
    oordeel = forms.ChoiceField(
        label="Oordeel",
        choices=ReviewJudgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een oordeel."},
    )
    onderbouwing = _text("Onderbouwing", "De onderbouwing is verplicht.")


class ExclusionForm(forms.Form):
    grond = forms.ChoiceField(
        label="Uitsluitingsgrond",
        choices=ExclusionGround.choices,
        error_messages={"required": "Kies een uitsluitingsgrond."},
    )
    toelichting = _text("Toelichting bij de uitsluitingsgrond", "De toelichting is verplicht.")


class BottleneckForm(forms.Form):
    beschrijving = _text("Knelpunt", "De beschrijving van het knelpunt is verplicht.", rows=2)


class EscalateForm(forms.Form):
    toelichting = _text(
        "Waarom moet het knelpunt hoger?", "Waarom het knelpunt hoger moet is verplicht.", rows=2
    )


class ResolveForm(forms.Form):
    toelichting = _text(
        "Hoe is het knelpunt opgelost?", "Hoe het knelpunt is opgelost is verplicht.", rows=2
    )
