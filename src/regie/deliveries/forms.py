from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from regie.accounts.models import Organisation, User
from regie.deliveries.permissions import DeliveryPermission, has_permission
from regie.deliveries.uploads import ACCEPTED_SUFFIXES, UploadRefused, upload_name


class UploadForm(forms.Form):
    """A delivery file; an administrator also chooses the bron, a supplier delivers as its
    own organisation."""

    bron = forms.ChoiceField(label="Bron (partner)")
    bestand = forms.FileField(
        label="Bestand",
        help_text="CSV, XLSX of Parquet in het aanleverformaat.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, user: User, too_large_message: str | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.too_large_message = too_large_message
        if has_permission(user, DeliveryPermission.VIEW_ALL):
            partners = Organisation.objects.exclude(partner=None).order_by("partner")
            bron = self.fields["bron"]
            assert isinstance(bron, forms.ChoiceField)
            bron.choices = [("", "kies de bron")] + [
                (o.partner, f"{o.partner} ({o.name})") for o in partners
            ]
        else:
            del self.fields["bron"]

    def clean_bestand(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["bestand"]
        try:
            upload_name(upload)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.too_large_message is not None:
            self.errors.pop("bestand", None)
            self.add_error("bestand", self.too_large_message)
        if "bron" not in self.fields and self.partner() is None:
            raise forms.ValidationError(
                "Je organisatie heeft geen partnercode, dus je kunt niet aanleveren. "
                "Vraag een beheerder om de partnercode in te stellen."
            )
        return cleaned

    def partner(self) -> str | None:
        """The bron the file is delivered as."""
        if "bron" in self.fields:
            return str(self.cleaned_data["bron"]) if self.cleaned_data.get("bron") else None
        organisation = self.user.organisation
        return organisation.partner if organisation is not None else None
