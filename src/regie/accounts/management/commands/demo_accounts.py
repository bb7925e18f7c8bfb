"""``regie-beheer demo_accounts``: one synthetic account per role, for the demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regie.accounts.services import demo_accounts_create

DEMO_PASSWORD = "regie-demo-2026"


class Command(BaseCommand):
    help = "Maakt (of herstelt) een demo-account per rol, met hetzelfde wachtwoord."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wachtwoord", default=DEMO_PASSWORD, help="wachtwoord van elk account"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_accounts_create(password=options["wachtwoord"])
        self.stdout.write(f"{'gebruikersnaam':16} {'rol':34} organisatie")
        for user in users:
            organisation = user.organisation.name if user.organisation else ""
            self.stdout.write(f"{user.username:16} {user.get_role_display():34} {organisation}")
        self.stdout.write(f"wachtwoord van elk account: {options['wachtwoord']}")
