"""The forms of the case pages: the list's filters, and one form per action on a case.

Each action form checks only that its input is complete; whether the action is allowed
now is for the service (``CaseActionRefused``).
"""

from __future__ import annotations

from typing import Any, Final

from django import forms

from regie.accounts.models import User
from regie.cases.constants import CaseStatus
from regie.cases.selectors import regisseurs_with_caseload
from regie.rounds.forms import approach_filter_field, search_field

KEEP: Final = "blijft"
WITHDRAW: Final = "intrekken"


def _text(label: str, required_message: str, *, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
        **kwargs,
    )


class CaseFilterForm(forms.Form):
    """The filters of the case list (GET); an invalid filter filters nothing."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "alle statussen"), *CaseStatus.choices]
    )
    aanpak = approach_filter_field()
    zoek = search_field()

    def filters(self) -> dict[str, str]:
        """The valid filters, as keyword arguments of ``cases_filtered``."""
        if not self.is_valid():
            return {"status": "", "approach": "", "search": ""}
        return {
            "status": self.cleaned_data["status"],
            "approach": self.cleaned_data["aanpak"],
            "search": self.cleaned_data["zoek"],
        }


class CheckForm(forms.Form):
    toelichting = forms.CharField(
        label="Toelichting (niet verplicht)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DossierForm(forms.Form):
    dossier = _text(
        "Basisdossier: op grond waarvan is deze persoon geselecteerd?",
        "De tekst van het dossier is verplicht.",
        rows=8,
    )


class WithdrawForm(forms.Form):
    reden = _text("Reden van intrekken", "Een reden is verplicht.")


class ReassessmentRequestForm(forms.Form):
    vraag = _text("Vraag aan de analisten", "Een vraag is verplicht.")


class ReassessmentAnswerForm(forms.Form):
    besluit = forms.ChoiceField(
        label="Besluit",
        choices=[(KEEP, "Blijft in regie"), (WITHDRAW, "Selectie intrekken")],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies: blijft in regie, of selectie intrekken."},
    )
    antwoord = _text("Antwoord aan de regisseur", "Een antwoord is verplicht.")

    def keeps(self) -> bool:
        return bool(self.cleaned_data["besluit"] == KEEP)


class AssignForm(forms.Form):
    regisseur = forms.ModelChoiceField(
        label="Regisseur",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies een regisseur.",
            "invalid_choice": "Kies een regisseur uit de lijst.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["regisseur"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regisseurs_with_caseload()


class OutflowConfirmForm(forms.Form):
    toelichting = _text("Toelichting", "Een toelichting is verplicht.")
    organisatie = forms.CharField(
        label="Organisatie die het overneemt (warme overdracht)",
        max_length=200,
        error_messages={"required": "De organisatie die het overneemt is verplicht."},
    )
    zorg = _text(
        "Gezamenlijke inschatting: welke zorg of steun is nog nodig?",
        "De inschatting van de zorg die nog nodig is, is verplicht.",
    )


class OutflowOverruleForm(forms.Form):
    reden = _text("Waarom blijft deze persoon deelnemer?", "Een reden is verplicht.")
