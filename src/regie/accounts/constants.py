"""The roles a user can have. One role per user; what each role may do lives in permissions."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PARTNER_SUPPLIER = "partner_supplier", "gegevensleverancier partner"
    INTERVENTION_PROVIDER = "intervention_provider", "uitvoerder interventie (partner)"
    ANALYST = "analyst", "analist"
    REGISSEUR = "regisseur", "regisseur"
    PANEL_MEMBER = "panel_member", "lid expertpanel"
    PROGRAMME_MANAGER = "programme_manager", "programmamanager"
    PRIVACY_OFFICER = "privacy_officer", "functionaris gegevensbescherming"
    ADMINISTRATOR = "administrator", "beheerder"


#: Audit actions of logging in (docs/login.md).
SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
SECOND_FACTOR_RESET = "second_factor_reset"
