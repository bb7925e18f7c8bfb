"""``regie-beheer koppelen --gebruiker NAME``: a linkage run over the current facts."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.accounts.models import User
from regie.identity.services import NotAllowed, linkage_run_start


class Command(BaseCommand):
    help = (
        "Koppel de feiten van de laatste aanlevering van elke partner tot personen "
        "(BSN, en Splink voor rijen zonder of met tegenstrijdig BSN); eerdere besluiten "
        "van analisten gaan voor. Twijfelgevallen komen in de lijst 'te beoordelen'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gebruiker", required=True, help="de analist die de ronde start")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["gebruiker"]).first()
        if user is None:
            raise CommandError(f"--gebruiker: er is geen gebruiker '{options['gebruiker']}'")
        started = time.perf_counter()

        def step(text: str) -> None:
            self.stderr.write(f"{time.perf_counter() - started:6.1f} s  {text}")

        try:
            run = linkage_run_start(started_by=user, on_step=step)
        except NotAllowed as exc:
            raise CommandError(f"niet toegestaan: {exc}") from None
        receipt = run.receipt
        self.stdout.write(
            f"Koppelronde {run.pk}: {receipt['records']} identiteitsrecords "
            f"({receipt['records_zonder_bsn']} zonder BSN), "
            f"{receipt['automatische_koppelingen']} automatisch gekoppeld, "
            f"{receipt['paren_te_beoordelen']} paren te beoordelen, in "
            f"{time.perf_counter() - started:.1f} s."
        )
