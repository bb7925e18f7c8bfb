from __future__ import annotations

from django import forms

from regie.letters.constants import HANDOVER_WAYS


class HandoverForm(forms.Form):
    overhandigd_op = forms.DateField(
        label="Overhandigd op",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul de datum van overhandiging in.",
            "invalid": "Vul een geldige datum in.",
        },
    )
    hoe = forms.CharField(
        label="Hoe",
        max_length=200,
        help_text=f"bijvoorbeeld: {', '.join(HANDOVER_WAYS)}",
        widget=forms.TextInput(attrs={"list": "brief-overhandigd-hoe"}),
        error_messages={"required": "Vul in hoe de brief is overhandigd."},
    )
