"""A small synthetic region for the tests of rounds, cases and letters.

Five partners deliver (politie, om, reclassering, dji, gemeente_amsterdam): every fact
kind the criteria use is then known. On the peildatum 2026-02-01:

- Daan Visser (16) enters the Top400: a street robbery arrest and three care signals;
- Noor Bakker (18) is a near miss of the Top400: two care signals, one short;
- Sem de Jong (20) is a Top400 participant since 2023 without arrests in the last year:
  the criteria propose his outflow;
- Mila Smit (35) has a period in detention and no outcome.

All persons are made up; the BSNs pass the 11-test but belong to no one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.models import Case
from regie.cases.services import participants_import
from regie.deliveries.constants import Channel
from regie.deliveries.services import delivery_receive
from regie.identity.services import linkage_run_start

PEILDATUM: Final = date(2026, 2, 1)
PASSWORD: Final = "synthetisch-wachtwoord-42"
HEADER: Final = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)
DAAN: Final = "300000005,Visser,,Daan,2009-06-12"
NOOR: Final = "300000017,Bakker,,Noor,2008-01-30"
SEM: Final = "300000029,Jong,de,Sem,2005-03-03"
MILA: Final = "300000030,Smit,,Mila,1990-10-10"
FILES: Final = {
    "politie": [
        f"politie,p-1,{DAAN},aanhouding,2025-03-10,,straatroof,",
        f"politie,p-2,{DAAN},huiselijk_geweld,2024-05-01,,,getuige",
        f"politie,p-3,{NOOR},aanhouding,2025-06-01,,straatroof,",
        f"politie,p-4,{NOOR},huiselijk_geweld,2023-11-11,,,slachtoffer",
        f"politie,p-5,{SEM},aanhouding,2023-05-05,,diefstal,",
    ],
    "om": [f"om,om-1,{MILA},veroordeling,2024-02-02,,diefstal,taakstraf"],
    "reclassering": [f"reclassering,r-1,{DAAN},maatregel,2025-04-01,,justitieel,jeugdreclassering"],
    "dji": [f"dji,d-1,{MILA},detentie,2025-01-01,2025-03-01,,"],
    "gemeente_amsterdam": [
        f"gemeente_amsterdam,g-1,{DAAN},inschrijving,2009-06-12,,amsterdam,",
        f"gemeente_amsterdam,g-2,{DAAN},leerplicht,2024-09-01,,pv_leerplicht,",
        f"gemeente_amsterdam,g-3,{NOOR},inschrijving,2008-01-30,,amsterdam,",
        f"gemeente_amsterdam,g-4,{NOOR},leerplicht,2025-01-10,,vsv,",
        f"gemeente_amsterdam,g-5,{SEM},inschrijving,2005-03-03,,amsterdam,",
        f"gemeente_amsterdam,g-6,{MILA},inschrijving,1990-10-10,,amsterdam,",
    ],
}
PARTICIPANTS: Final = (
    "bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,aanpak,instroomdatum\n"
    "300000029,Jong,de,Sem,2005-03-03,top400,2023-01-01\n"
)


def user_make(username: str, role: Role, organisation: Organisation | None = None) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Synthetisch",
        role=role,
        organisation=organisation,
        email=f"{username}@regie.example",
        phone="020-555 01 23",
    )


def region_deliver(folder: Path, *, delivered_by: User) -> None:
    """Deliver the five files through the delivery service (each its own organisation)."""
    for partner, rows in FILES.items():
        Organisation.objects.get_or_create(
            partner=partner, defaults={"name": f"{partner} (synthetisch)"}
        )
        path = folder / f"{partner}.csv"
        path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
        delivery_receive(
            path=path, partner=partner, delivered_by=delivered_by, channel=Channel.COMMAND_LINE
        )


def participants_take_over(folder: Path, *, imported_by: User) -> list[Case]:
    path = folder / "deelnemers.csv"
    path.write_text(PARTICIPANTS, encoding="utf-8")
    return participants_import(path=path, imported_by=imported_by)


def region_ready(folder: Path) -> dict[str, User]:
    """Accounts, deliveries, participants and a linkage run: ready for a round.

    Returns the users by role name: beheerder, analist, regisseur, regisseur2, manager.
    """
    zvh, _ = Organisation.objects.get_or_create(name="Zorg- en Veiligheidshuis (synthetisch)")
    wijk, _ = Organisation.objects.get_or_create(name="Wijkteam Noord (synthetisch)")
    users = {
        "beheerder": user_make("beheerder", Role.ADMINISTRATOR, zvh),
        "analist": user_make("analist", Role.ANALYST, zvh),
        "regisseur": user_make("regisseur", Role.REGISSEUR, zvh),
        "regisseur2": user_make("regisseur2", Role.REGISSEUR, wijk),
        "manager": user_make("manager", Role.PROGRAMME_MANAGER, zvh),
    }
    region_deliver(folder, delivered_by=users["beheerder"])
    participants_take_over(folder, imported_by=users["manager"])
    linkage_run_start(started_by=users["analist"])
    return users
