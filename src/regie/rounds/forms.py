"""The forms of the round pages: starting a round, and filtering its outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django import forms

from regie.formats.codes import APPROACHES
from regie.rounds.constants import OutcomeKind

FUTURE_PEILDATUM: Final = "De peildatum ligt in de toekomst: kies vandaag of een eerdere dag."
NOT_UNDERSTOOD: Final = (
    "Vink aan dat je begrijpt dat de criteria van deze partners in dit instroommoment "
    "onbekend zijn."
)
APPROACH_LABELS: Final = {"top400": "Top400", "top600": "Top600"}


def approach_label(approach: str) -> str:
    return APPROACH_LABELS.get(approach, approach)


def approach_filter_field() -> forms.ChoiceField:
    """A filter on the approach, empty for all (of a list of outcomes or cases)."""
    return forms.ChoiceField(
        label="Aanpak",
        required=False,
        choices=[("", "alle aanpakken"), *((a, approach_label(a)) for a in APPROACHES)],
    )


def search_field() -> forms.CharField:
    """The search box of a list of persons (``selectors.person_search``)."""
    return forms.CharField(
        label="Zoek op naam of geboortejaar",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class RoundStartForm(forms.Form):
    """The peildatum of a new round; with partners missing, an explicit confirmation."""

    peildatum = forms.DateField(
        label="Peildatum",
        help_text="De dag waarop de criteria worden bekeken; vandaag of eerder.",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul een peildatum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 01-02-2026.",
        },
    )
    begrepen = forms.BooleanField(required=False)

    def __init__(self, *args: Any, missing: list[str], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.missing = missing
        self.today = today
        if missing:
            self.fields["begrepen"].label = (
                f"Ik begrijp dat de criteria die gegevens van deze {len(missing)} partners "
                "nodig hebben in dit instroommoment onbekend zijn."
            )
        else:
            del self.fields["begrepen"]

    def clean_peildatum(self) -> date:
        peildatum: date = self.cleaned_data["peildatum"]
        if peildatum > self.today:
            raise forms.ValidationError(FUTURE_PEILDATUM)
        return peildatum

    def clean_begrepen(self) -> bool:
        understood = bool(self.cleaned_data.get("begrepen"))
        if self.missing and not understood:
            raise forms.ValidationError(NOT_UNDERSTOOD)
        return understood


class OutcomeFilterForm(forms.Form):
    """The filters of a round's outcomes table (GET); an invalid filter filters nothing."""

    aanpak = approach_filter_field()
    uitkomst = forms.ChoiceField(
        label="Uitkomst", required=False, choices=[("", "alle uitkomsten"), *OutcomeKind.choices]
    )
    zoek = search_field()

    def filters(self) -> dict[str, str]:
        """The valid filters, as keyword arguments of ``outcomes_filtered``."""
        if not self.is_valid():
            return {"approach": "", "outcome": "", "search": ""}
        return {
            "approach": self.cleaned_data["aanpak"],
            "outcome": self.cleaned_data["uitkomst"],
            "search": self.cleaned_data["zoek"],
        }
