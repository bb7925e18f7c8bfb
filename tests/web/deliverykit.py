"""Synthetic delivery files and accounts for the tests of the delivery pages and the API."""

from __future__ import annotations

from typing import Final

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User

PASSWORD: Final = "synthetisch-wachtwoord-42"
HEADER: Final = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)
GOOD_CSV: Final = (
    HEADER
    + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    + "politie,p-2,,Bakker,de,Noor,2008-01-30,verdachte,2025-04-02,,mishandeling,\n"
)
#: Five problems on four lines: a bad date, a BSN failing the 11-test, an unknown kind,
#: a missing family name and a bron_id used twice.
BAD_CSV: Final = (
    HEADER
    + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    + "politie,p-2,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-13-10,,straatroof,\n"
    + "politie,p-3,123456789,Visser,,Daan,2009-06-12,vechtpartij,2025-03-10,,,\n"
    + "politie,p-3,300000005,,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
)
#: The problems of BAD_CSV delivered as politie.csv: (regel, kolom, melding), in report order.
BAD_PROBLEMS: Final = [
    (3, "datum", "'2025-13-10' is geen geldige datum (JJJJ-MM-DD)"),
    (4, "bsn", "geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef"),
    (
        4,
        "soort",
        "onbekende soort 'vechtpartij'; toegestaan: inschrijving, aanhouding, verdachte, "
        "voorgeleiding, veroordeling, maatregel, detentie, leerplicht, huiselijk_geweld, "
        "jeugdgroep",
    ),
    (5, "achternaam", "verplichte waarde ontbreekt"),
    (5, "bron_id", "bron_id 'p-3' komt al voor bij bron 'politie' (eerste keer: politie.csv:4)"),
]


def organisation_make(partner: str | None, name: str | None = None) -> Organisation:
    return Organisation.objects.create(
        name=name or f"{partner or 'Zorg- en Veiligheidshuis'} (synthetisch)", partner=partner
    )


def user_make(username: str, role: Role, organisation: Organisation | None) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Synthetisch",
        role=role,
        organisation=organisation,
    )
