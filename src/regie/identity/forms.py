from __future__ import annotations

from typing import Final

from django import forms

LINK: Final = "koppelen"
APART: Final = "apart"


class DecisionForm(forms.Form):
    besluit = forms.ChoiceField(
        label="Besluit",
        choices=[
            (LINK, "Zelfde persoon: koppelen"),
            (APART, "Verschillende personen: apart houden"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies koppelen of apart houden."},
    )
    toelichting = forms.CharField(
        label="Toelichting (niet verplicht)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def is_link(self) -> bool:
        return bool(self.cleaned_data["besluit"] == LINK)
