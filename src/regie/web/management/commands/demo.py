"""``regie-beheer demo --map DIR``: the demo's accounts and a synthetic region's deliveries.

``make demo`` runs it on a fresh database after ``regie synth`` and before ``runserver``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.management.commands.demo_accounts import DEMO_PASSWORD
from regie.accounts.models import Organisation
from regie.accounts.services import demo_accounts_create
from regie.cases.services import ParticipantsRefused, participants_import, regisseur_assign
from regie.identity.services import linkage_run_start
from regie.plans.synthetic import direction_history_make
from regie.rounds.services import RoundNotReady, round_start
from regie.web.demo import demo_organisations_create, demo_region_load


class Command(BaseCommand):
    help = (
        "Maakt de demo: een organisatie per partner, een account per rol, en levert elk "
        "partnerbestand uit --map aan (als de beheerder, via de opdrachtregel)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--map", required=True, type=Path, help="map van regie synth met de leveringen"
        )
        parser.add_argument(
            "--wachtwoord", default=DEMO_PASSWORD, help="wachtwoord van elk demo-account"
        )
        parser.add_argument(
            "--adres", default="http://127.0.0.1:8000/", help="adres om aan het eind te tonen"
        )
        parser.add_argument(
            "--peildatum",
            type=date.fromisoformat,
            default=date(2026, 2, 1),
            help="peildatum van het eerste instroommoment (JJJJ-MM-DD; die van regie synth)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["map"]
        if not folder.is_dir():
            raise CommandError(f"--map: {folder} is geen map; maak eerst een regio met regie synth")
        password: str = options["wachtwoord"]

        demo_organisations_create()
        users = demo_accounts_create(password=password)
        administrator = next(user for user in users if user.role == Role.ADMINISTRATOR)

        self.stdout.write(f"Aanleveringen uit {folder} (door {administrator.username}):")
        self.stdout.write(f"  {'bestand':28} {'rijen':>7}  {'status':12} problemen")
        loads = demo_region_load(folder=folder, delivered_by=administrator)
        for load in loads:
            self.stdout.write(
                f"  {load.file_name:28} {load.rows:>7}  {load.status:12} {load.problems}"
            )
        if not loads:
            raise CommandError(f"--map: {folder} bevat geen partnerbestanden (politie.csv, ...)")

        # Identity linking, as the demo's analyst: rows without a BSN join their person,
        # the uncertain pairs wait in the analyst's review queue.
        analyst = next(user for user in users if user.role == Role.ANALYST)
        run = linkage_run_start(started_by=analyst)
        receipt = run.receipt
        self.stdout.write(
            f"Koppelronde (door {analyst.username}): {receipt['records']} identiteitsrecords, "
            f"{receipt['records_zonder_bsn']} zonder BSN, "
            f"{receipt['automatische_koppelingen']} automatisch gekoppeld, "
            f"{receipt['paren_te_beoordelen']} paren te beoordelen."
        )

        # The participants of before Regie, taken over by the programme manager; then the
        # first round, started by the analyst: its candidates wait for the analysts' check.
        manager = next(user for user in users if user.role == Role.PROGRAMME_MANAGER)
        participants = folder / "deelnemers.csv"
        if participants.is_file():
            try:
                taken_over = participants_import(path=participants, imported_by=manager)
            except ParticipantsRefused as refused:
                raise CommandError(
                    f"{participants}: {len(refused.problems)} problemen; niets overgenomen"
                ) from None
            regisseurs = [user for user in users if user.role == Role.REGISSEUR]
            for number, case in enumerate(taken_over):
                regisseur_assign(
                    case=case,
                    assigned_by=manager,
                    regisseur=regisseurs[number % len(regisseurs)],
                )
            self.stdout.write(
                f"Deelnemers (door {manager.username}): {len(taken_over)} overgenomen uit "
                f"{participants.name}, verdeeld over "
                + ", ".join(r.username for r in regisseurs)
                + "."
            )
        try:
            round = round_start(
                peildatum=options["peildatum"], started_by=analyst, background=False
            )
        except RoundNotReady as not_ready:
            raise CommandError(" ".join(not_ready.reasons)) from None
        for approach, counts in round.counts.items():
            self.stdout.write(
                f"Instroommoment {round.pk} ({approach}, door {analyst.username}): "
                f"{counts.get('instroom', 0)} kandidaten, {counts.get('uitstroom', 0)} "
                f"voorstellen uitstroom, {counts.get('blijft', 0)} blijven, "
                f"{counts.get('bijna', 0)} net niet."
            )

        # A made-up past of case direction for the participants: plans, panel decisions,
        # case meetings, reviews and bottlenecks, so that the overviews have figures.
        panel = next(user for user in users if user.role == Role.PANEL_MEMBER)
        truth = direction_history_make(
            seed=1,
            today=timezone.localdate(),
            panel_member=panel,
            partner=Organisation.objects.get(partner="reclassering"),
        )
        self.stdout.write(
            f"Regie (verzonnen geschiedenis): {sum(truth.caseload.values())} deelnemers met een "
            f"plan, overleggen en toetsen; {sum(truth.open_bottlenecks.values())} open knelpunten."
        )

        self.stdout.write("")
        self.stdout.write(f"Regie draait straks op {options['adres']}")
        self.stdout.write(f"  {'gebruikersnaam':16} {'rol':34} wachtwoord")
        for user in users:
            self.stdout.write(f"  {user.username:16} {user.get_role_display():34} {password}")
        self.stdout.write(
            "Inloggen gaat in twee stappen: na het wachtwoord een code uit een "
            "authenticator-app. De eerste keer toont Regie een QR-code om die app in te stellen."
        )
