"""Receiving a delivery: validated whole, stored whole or refused whole."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.services import audit_record
from regie.dbcopy import rows_store
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.formats.delivery import FactTable, Problem, read_delivery
from regie.formats.pseudonym import bsn_pseudonym

#: Facts written per step: one COPY chunk on PostgreSQL, one bulk_create on SQLite; the
#: progress callback is called after each.
FACT_BATCH: Final = 50_000
#: The stages ``on_progress`` reports, in order.
STAGE_VALIDATE: Final = "valideren"
STAGE_STORE: Final = "opslaan"
#: The columns of a fact as stored, in the order of :func:`_fact_rows`.
FACT_FIELDS: Final = (
    "delivery",
    "line",
    "bron",
    "bron_id",
    "bsn_pseudonym",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "soort",
    "datum",
    "einddatum",
    "categorie",
    "detail",
)

#: ``on_progress(stage, done, total)``: rows read (total None) or rows stored (of total).
ProgressCallback = Callable[[str, int, int | None], None]
FactRow = tuple[
    int,
    int,
    str,
    str,
    str | None,
    str,
    str | None,
    str,
    date,
    str,
    date,
    date | None,
    str | None,
    str | None,
]


class DeliveryNotAllowed(Exception):
    """The user may not deliver for this partner; nothing is recorded."""


@dataclass(eq=False)  # not frozen: Python sets __traceback__ on an exception it passes on
class DeliveryRefused(Exception):
    """The file is refused whole; ``delivery`` records the attempt and its problems."""

    delivery: Delivery
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        count = "1 probleem" if len(self.problems) == 1 else f"{len(self.problems)} problemen"
        return f"aanlevering geweigerd: {count} in {self.delivery.file_name}"


def _organisation_of(partner: str, user: User) -> Organisation:
    if user.role == Role.PARTNER_SUPPLIER:
        organisation = user.organisation
        if organisation is None or organisation.partner != partner:
            raise DeliveryNotAllowed(
                f"{user.username} levert voor {organisation or 'geen organisatie'}, "
                f"niet voor bron '{partner}'"
            )
        return organisation
    if user.role != Role.ADMINISTRATOR:
        raise DeliveryNotAllowed(
            f"{user.username} ({user.get_role_display()}) mag geen aanleveringen doen"
        )
    organisation = Organisation.objects.filter(partner=partner).first()
    if organisation is None:
        raise DeliveryNotAllowed(f"er is geen organisatie met partnercode '{partner}'")
    return organisation


def _foreign_rows(table: FactTable, partner: str, file_name: str) -> list[Problem]:
    return [
        Problem(
            file_name,
            line,
            "bron",
            f"'{bron}' hoort niet in een aanlevering van '{partner}': "
            "een partner levert alleen eigen feiten",
        )
        for bron, line in zip(table.bron, table.regel, strict=True)
        if bron != partner
    ]


def _problem_record(problem: Problem) -> dict[str, object]:
    return {"regel": problem.line, "kolom": problem.column, "melding": problem.message}


def delivery_receive(
    *,
    path: Path,
    partner: str,
    delivered_by: User,
    channel: Channel,
    file_name: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Delivery:
    """Validate the file at ``path`` and store all of its facts, or refuse it whole.

    The BSN of every row is replaced by its keyed pseudonym before anything is written.
    A refused file is recorded (who, when, hash, problems) without facts and raises
    :class:`DeliveryRefused`; the same file delivered again by the same partner is refused.

    ``on_progress(stage, done, total)`` follows the work: ``"valideren"`` with the rows
    read so far (total ``None``), then, for an accepted file only, ``"opslaan"`` with the
    facts stored so far and their total, from 0 up to the total.
    """
    name = file_name or path.name
    organisation = _organisation_of(partner, delivered_by)

    def rows_read(rows: int) -> None:
        if on_progress is not None:
            on_progress(STAGE_VALIDATE, rows, None)

    table, read_problems, read = read_delivery(
        path, delivery_date=timezone.localdate(), on_progress=rows_read
    )
    sha256 = read.sha256  # of the bytes read; empty only for a file that cannot be read
    problems = [Problem(name, p.line, p.column, p.message) for p in read_problems]
    problems.extend(_foreign_rows(table, partner, name))
    with transaction.atomic():
        earlier = (
            Delivery.objects.select_for_update()
            .filter(partner=partner, sha256=sha256, status=DeliveryStatus.ACCEPTED)
            .first()
        )
        if earlier is not None:
            when = timezone.localtime(earlier.delivered_at).strftime("%d-%m-%Y %H:%M")
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    f"dit bestand is al geleverd op {when} (aanlevering {earlier.pk}); "
                    "hetzelfde bestand wordt maar één keer verwerkt",
                )
            )
        problems.sort(key=lambda p: (p.line or 0, p.column or ""))
        delivery = Delivery.objects.create(
            organisation=organisation,
            partner=partner,
            file_name=name,
            sha256=sha256,
            status=DeliveryStatus.REFUSED if problems else DeliveryStatus.ACCEPTED,
            channel=channel,
            rows=read.rows,
            problems=[_problem_record(p) for p in problems],
            delivered_by=delivered_by,
        )
        if not problems:
            _facts_store(delivery, table, on_progress)
        audit_record(
            actor=delivered_by,
            action="delivery_refused" if problems else "delivery_accepted",
            subject=delivery,
            partner=partner,
            file_name=name,
            sha256=sha256,
            rows=read.rows,
            problems=len(problems),
            channel=str(channel),
        )
    if problems:
        raise DeliveryRefused(delivery, tuple(problems))
    return delivery


def _facts_store(
    delivery: Delivery, table: FactTable, on_progress: ProgressCallback | None
) -> None:
    """Write every fact of ``table`` for ``delivery``, in the caller's transaction.

    PostgreSQL gets the rows through ``COPY ... FROM STDIN``; other databases (SQLite)
    through ``bulk_create`` (``regie.dbcopy``). Both store the same values.
    """
    total = len(table)

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(STAGE_STORE, done, total)

    report(0)
    rows_store(Fact, FACT_FIELDS, _fact_rows(delivery, table), batch=FACT_BATCH, report=report)


def _fact_rows(delivery: Delivery, table: FactTable) -> Iterator[FactRow]:
    """The facts as tuples in ``FACT_FIELDS`` order, each BSN replaced by its pseudonym.

    A person has many facts: each distinct BSN is pseudonymised once.
    """
    key: bytes = settings.PSEUDONYM_KEY
    pseudonyms: dict[str | None, str | None] = {None: None}
    for bsn in set(table.bsn):
        if bsn is not None:
            pseudonyms[bsn] = bsn_pseudonym(bsn, key)
    return zip(
        repeat(delivery.pk),
        table.regel,
        table.bron,
        table.bron_id,
        map(pseudonyms.__getitem__, table.bsn),
        table.achternaam,
        table.tussenvoegsel,
        table.voornamen,
        table.geboortedatum,
        table.soort,
        table.datum,
        table.einddatum,
        table.categorie,
        table.detail,
        strict=False,  # repeat() is endless; the table's columns all have the same length
    )
