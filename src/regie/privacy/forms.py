"""The forms of the privacy pages. Labels and messages in plain Dutch."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from regie.cases.models import Case
from regie.privacy.constants import RightsDecision, RightsRequestKind

_DATE = forms.DateInput(attrs={"type": "date"})
FORMATS = (("pdf", "PDF (om te geven of op te sturen)"), ("json", "JSON (als bestand)"))


def _not_in_future(day: date | None, message: str) -> date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(message)
    return day


class PersonSearchForm(forms.Form):
    achternaam = forms.CharField(label="Achternaam (of een deel ervan)", max_length=200)
    geboortedatum = forms.DateField(label="Geboortedatum", widget=_DATE)


class CaseNumberForm(forms.Form):
    dossier = forms.IntegerField(label="Dossiernummer", min_value=1)


class AccessRequestForm(forms.Form):
    datum_verzoek = forms.DateField(label="Datum van het verzoek", widget=_DATE)
    formaat = forms.ChoiceField(label="Als", choices=FORMATS, initial="pdf")

    def clean_datum_verzoek(self) -> date | None:
        return _not_in_future(
            self.cleaned_data.get("datum_verzoek"),
            "De datum van het verzoek ligt in de toekomst.",
        )


class _DecisionFields(forms.Form):
    besluit = forms.ChoiceField(
        label="Besluit", choices=[("", "nog geen besluit"), *RightsDecision.choices]
    )
    onderbouwing = forms.CharField(label="Onderbouwing van het besluit", widget=forms.Textarea)
    besloten_op = forms.DateField(label="Besloten op", widget=_DATE)

    def clean_besloten_op(self) -> date | None:
        return _not_in_future(
            self.cleaned_data.get("besloten_op"), "De datum van het besluit ligt in de toekomst."
        )

    def _decision_clean(self, cleaned: dict[str, Any], received_on: date | None) -> None:
        decision = cleaned.get("besluit")
        reasons = (cleaned.get("onderbouwing") or "").strip()
        decided_on = cleaned.get("besloten_op")
        if not decision:
            if reasons or decided_on:
                self.add_error("besluit", "Kies een besluit, of laat onderbouwing en datum leeg.")
            return
        if not reasons:
            self.add_error("onderbouwing", "Schrijf bij een besluit de onderbouwing.")
        if decided_on is None and "besloten_op" not in self.errors:
            self.add_error("besloten_op", "Vul bij een besluit de datum van het besluit in.")
        if decided_on is not None and received_on is not None and decided_on < received_on:
            self.add_error(
                "besloten_op",
                "Het besluit kan niet eerder zijn dan de ontvangst van het verzoek.",
            )


class CaseChoiceField(forms.ModelChoiceField[Case]):
    def label_from_instance(self, obj: Case) -> str:
        return f"dossier {obj.pk}: {obj.approach}, {obj.get_status_display()}"


class RightsRequestForm(_DecisionFields):
    """A correction or objection, with its decision now or later."""

    dossier = CaseChoiceField(label="Dossier", queryset=Case.objects.none())
    soort = forms.ChoiceField(label="Soort verzoek", choices=RightsRequestKind.choices)
    ontvangen_op = forms.DateField(label="Ontvangen op", widget=_DATE)
    verzoek = forms.CharField(label="Wat vraagt de persoon?", widget=forms.Textarea)

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dossier = self.fields["dossier"]
        assert isinstance(dossier, CaseChoiceField)
        dossier.queryset = cases
        self.order_fields(["dossier", "soort", "ontvangen_op", "verzoek", "besluit"])
        for name in ("besluit", "onderbouwing", "besloten_op"):
            self.fields[name].required = False
        self.fields["verzoek"].error_messages["required"] = "Schrijf op wat de persoon vraagt."

    def clean_ontvangen_op(self) -> date | None:
        return _not_in_future(
            self.cleaned_data.get("ontvangen_op"), "De datum van ontvangst ligt in de toekomst."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._decision_clean(cleaned, cleaned.get("ontvangen_op"))
        return cleaned


class RightsDecisionForm(_DecisionFields):
    """The decision on a request that was recorded without one."""

    def __init__(self, *args: Any, received_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received_on = received_on
        self.fields["besluit"].choices = list(RightsDecision.choices)  # type: ignore[attr-defined]
        self.fields["besluit"].error_messages["required"] = "Kies een besluit."
        self.fields["onderbouwing"].error_messages["required"] = (
            "Schrijf bij een besluit de onderbouwing."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._decision_clean(cleaned, self.received_on)
        return cleaned


class AuditLogFilterForm(forms.Form):
    """The filters of the access log; every one may stay empty."""

    gebruiker = forms.CharField(label="Gebruikersnaam", max_length=150, required=False)
    handeling = forms.CharField(label="Handeling (code)", max_length=60, required=False)
    persoon = forms.CharField(label="Persoon (sleutel)", max_length=64, required=False)
    van = forms.DateField(label="Van", widget=_DATE, required=False)
    tot = forms.DateField(label="Tot en met", widget=_DATE, required=False)

    def clean_van(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("van"), "Deze datum ligt in de toekomst.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on_from, on_until = cleaned.get("van"), cleaned.get("tot")
        if on_from is not None and on_until is not None and on_until < on_from:
            self.add_error("tot", "Deze datum ligt voor de datum bij 'Van'.")
        for name in ("gebruiker", "handeling", "persoon"):
            cleaned[name] = (cleaned.get(name) or "").strip()
        return cleaned
