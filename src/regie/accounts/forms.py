"""The second step of logging in: the code of the authenticator app."""

from __future__ import annotations

from django import forms

CODE_DIGITS = 6


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit de app",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        error_messages={"required": "Typ de code van 6 cijfers uit de app."},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
            raise forms.ValidationError("Typ de code van 6 cijfers uit de app.")
        return code
