"""On PostgreSQL facts are written with COPY: the same values as bulk_create, all or nothing.

Synthetic data only: a small hand-made municipal delivery with the values that are easy
to get wrong in COPY (NULLs, tabs, backslashes, ``\\N``, a line break inside a name,
quotes, non-ASCII characters, a row without BSN, a BSN that occurs twice).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DataError
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.models import AuditEvent
from regie.deliveries import services
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.services import FACT_FIELDS, delivery_receive
from regie.formats.codes import FACT_COLUMNS
from regie.formats.delivery import read_delivery
from regie.formats.pseudonym import bsn_pseudonym

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
# The rows and expected facts are written as two concatenated parts to stay readable.
# ruff: noqa: RUF005

PARTNER = "gemeente_amsterdam"
COLUMNS = FACT_FIELDS[1:]  # every stored column but the delivery
HEADER = list(FACT_COLUMNS)
ROWS = [
    # a period with an end date, no tussenvoegsel and no detail (NULLs)
    [PARTNER, "ams-1", "300000005", "Visser", "", "Daan", "2009-06-12"]
    + ["inschrijving", "2009-06-12", "2020-01-31", "amsterdam", ""],
    # no BSN; a tab in a first name; a free detail with quotes, a backslash and \N
    [PARTNER, "ams-2", "", "O'Brien-Ağa", "van 't", "Zoë\tMarie", "1999-12-31"]
    + ["jeugdgroep", "2025-01-15", "", "geprioriteerd", 'groep "Noord" \\N a\\b'],
    # a line break inside a quoted surname: the next row starts one line later
    [PARTNER, "ams-3", "300000017", "Boer\nde Jong", "de", "Sem", "2008-01-20"]
    + ["leerplicht", "2024-05-01", "", "thuiszitter", ""],
    # the BSN of the first row again, non-ASCII names
    [PARTNER, "ams-4", "300000005", "Émile-Žužić", "", "Daan 🙂", "2009-06-12"]
    + ["jeugdgroep", "2024-02-29", "2025-03-01", "overig", "groep-7"],
]


@pytest.fixture
def municipality() -> Organisation:
    return Organisation.objects.create(name="Gemeente Amsterdam (synthetisch)", partner=PARTNER)


@pytest.fixture
def administrator(municipality: Organisation) -> User:
    return User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)


def municipal_file(tmp_path: Path) -> Path:
    path = tmp_path / f"{PARTNER}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def facts_by_bulk_create(path: Path, organisation: Organisation, user: User) -> Delivery:
    """The facts of ``path`` stored as before COPY: one Fact object per row, bulk_create."""
    table, problems, read = read_delivery(path, delivery_date=timezone.localdate())
    assert problems == []
    reference = Delivery.objects.create(
        organisation=organisation,
        partner=PARTNER,
        file_name="referentie.csv",
        sha256="0" * 64,
        status=DeliveryStatus.REFUSED,
        channel=Channel.COMMAND_LINE,
        rows=read.rows,
        delivered_by=user,
    )
    key: bytes = settings.PSEUDONYM_KEY
    Fact.objects.bulk_create(
        Fact(
            delivery=reference,
            line=table.regel[i],
            bron=table.bron[i],
            bron_id=table.bron_id[i],
            bsn_pseudonym=None if table.bsn[i] is None else bsn_pseudonym(table.bsn[i], key),
            achternaam=table.achternaam[i],
            tussenvoegsel=table.tussenvoegsel[i],
            voornamen=table.voornamen[i],
            geboortedatum=table.geboortedatum[i],
            soort=table.soort[i],
            datum=table.datum[i],
            einddatum=table.einddatum[i],
            categorie=table.categorie[i],
            detail=table.detail[i],
        )
        for i in range(len(table))
    )
    return reference


def stored(delivery: Delivery) -> list[tuple[object, ...]]:
    return list(Fact.objects.filter(delivery=delivery).order_by("line").values_list(*COLUMNS))


def test_copy_stores_exactly_what_bulk_create_stored(
    tmp_path: Path, municipality: Organisation, administrator: User
) -> None:
    # given a municipal delivery with NULLs, special characters and a row without BSN
    path = municipal_file(tmp_path)
    # when it is received (COPY on PostgreSQL) and stored the old way for reference
    delivery = delivery_receive(
        path=path, partner=PARTNER, delivered_by=administrator, channel=Channel.API
    )
    reference = facts_by_bulk_create(path, municipality, administrator)
    # then every column of every fact is the same
    assert delivery.status == DeliveryStatus.ACCEPTED
    assert stored(delivery) == stored(reference)
    # and the values are the file's, the BSN replaced by its pseudonym (once per BSN)
    key: bytes = settings.PSEUDONYM_KEY
    daan = bsn_pseudonym("300000005", key)
    assert stored(delivery) == [
        (2, PARTNER, "ams-1", daan, "Visser", None, "Daan", date(2009, 6, 12))
        + ("inschrijving", date(2009, 6, 12), date(2020, 1, 31), "amsterdam", None),
        (3, PARTNER, "ams-2", None, "O'Brien-Ağa", "van 't", "Zoë\tMarie", date(1999, 12, 31))
        + ("jeugdgroep", date(2025, 1, 15), None, "geprioriteerd", 'groep "Noord" \\N a\\b'),
        (4, PARTNER, "ams-3", bsn_pseudonym("300000017", key), "Boer\nde Jong", "de", "Sem")
        + (date(2008, 1, 20), "leerplicht", date(2024, 5, 1), None, "thuiszitter", None),
        (6, PARTNER, "ams-4", daan, "Émile-Žužić", None, "Daan 🙂", date(2009, 6, 12))
        + ("jeugdgroep", date(2024, 2, 29), date(2025, 3, 1), "overig", "groep-7"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_database_error_during_copy_leaves_no_delivery_and_no_facts(
    tmp_path: Path, administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a pseudonym that does not fit its column for the third row's BSN (forced)
    def too_long_for_one(bsn: str, key: bytes) -> str:
        return "x" * 65 if bsn == "300000017" else bsn_pseudonym(bsn, key)

    monkeypatch.setattr(services, "bsn_pseudonym", too_long_for_one)
    # when the delivery is received
    with pytest.raises(DataError, match="value too long for type character varying"):
        delivery_receive(
            path=municipal_file(tmp_path),
            partner=PARTNER,
            delivered_by=administrator,
            channel=Channel.COMMAND_LINE,
        )
    # then the server's refusal of the COPY undid everything: no delivery, facts or audit
    assert Delivery.objects.count() == 0
    assert Fact.objects.count() == 0
    assert AuditEvent.objects.count() == 0
