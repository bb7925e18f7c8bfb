"""``regie-beheer tweede_factor_herstel GEBRUIKER``: a lost phone. The user's TOTP device
goes; at the next login they enrol a new one with the QR code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.accounts.models import User
from regie.accounts.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Herstelt de tweede factor van een gebruiker (telefoon kwijt): de oude app werkt "
        "niet meer en bij de volgende keer inloggen stelt de gebruiker een nieuwe in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gebruiker", help="gebruikersnaam")
        parser.add_argument(
            "--door",
            default=None,
            help="gebruikersnaam van de beheerder die herstelt (voor het auditlog)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["gebruiker"]).first()
        if user is None:
            raise CommandError(f"Gebruiker {options['gebruiker']!r} bestaat niet.")
        reset_by = None
        if options["door"] is not None:
            reset_by = User.objects.filter(username=options["door"], is_active=True).first()
            if reset_by is None:
                raise CommandError(f"--door: gebruiker {options['door']!r} bestaat niet.")
        removed = second_factor_reset(user=user, reset_by=reset_by)
        self.stdout.write(
            f"Tweede factor van {user.username} hersteld ({removed} app(s) verwijderd). "
            "Bij de volgende keer inloggen stelt deze gebruiker een nieuwe app in met de QR-code."
        )
