"""``regie-beheer api_token``: issue (or revoke, or list) the API tokens of a partner."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.deliveries.models import ApiToken
from regie.deliveries.tokens import ApiTokenNotAllowed, api_token_issue, api_token_revoke


def _when(moment: Any) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


class Command(BaseCommand):
    help = (
        "Geeft een API-token uit aan een partnerorganisatie en toont die één keer "
        "(--organisatie CODE --naam LABEL); of trekt er een in (--intrekken ID), "
        "of toont alle tokens (--lijst)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisatie", help="partnercode van de organisatie (bron)")
        parser.add_argument("--naam", help="waar de token voor is, bv. 'koppeling politie'")
        parser.add_argument(
            "--gebruiker",
            help="gebruikersnaam van de beheerder die de token uitgeeft of intrekt "
            "(zonder: de systeembeheerder op de opdrachtregel)",
        )
        parser.add_argument("--intrekken", type=int, metavar="ID", help="trek token ID in")
        parser.add_argument("--lijst", action="store_true", help="toon alle tokens")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._administrator(options["gebruiker"])
        try:
            if options["lijst"]:
                self._list()
            elif options["intrekken"] is not None:
                self._revoke(options["intrekken"], actor)
            elif options["organisatie"] and options["naam"]:
                self._issue(options["organisatie"], options["naam"], actor)
            else:
                raise CommandError("geef --organisatie en --naam, of --intrekken ID, of --lijst")
        except ApiTokenNotAllowed as exc:
            raise CommandError(str(exc)) from None

    def _administrator(self, username: str | None) -> User | None:
        if username is None:
            return None
        user = User.objects.filter(username=username, role=Role.ADMINISTRATOR).first()
        if user is None:
            raise CommandError(f"--gebruiker: er is geen beheerder '{username}'")
        return user

    def _issue(self, partner: str, name: str, actor: User | None) -> None:
        organisation = Organisation.objects.filter(partner=partner).first()
        if organisation is None:
            raise CommandError(f"--organisatie: er is geen organisatie met partnercode '{partner}'")
        issued = api_token_issue(organisation=organisation, name=name, issued_by=actor)
        self.stdout.write(
            f"API-token {issued.token.pk} voor {organisation} ({partner}), '{issued.token.name}'. "
            "Bewaar de token nu: hij wordt niet opgeslagen en niet opnieuw getoond."
        )
        self.stdout.write(issued.clear)

    def _revoke(self, token_id: int, actor: User | None) -> None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"--intrekken: er is geen token {token_id}")
        api_token_revoke(token=token, revoked_by=actor)
        self.stdout.write(f"API-token {token.pk} ({token}) is ingetrokken.")

    def _list(self) -> None:
        self.stdout.write(f"{'id':>4} {'bron':22} {'naam':30} {'uitgegeven':16} {'ingetrokken':16}")
        for token in ApiToken.objects.select_related("organisation"):
            self.stdout.write(
                f"{token.pk:>4} {token.organisation.partner or '':22} {token.name:30} "
                f"{_when(token.created_at):16} {_when(token.revoked_at):16}"
            )
