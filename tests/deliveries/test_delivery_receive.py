"""A delivery is validated whole and stored whole, or refused whole with every problem.

Synthetic data only: the shipped example's police file and small hand-made files.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import pytest
from django.conf import settings

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.models import AuditEvent
from regie.deliveries import services
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.reports import delivery_report_csv
from regie.deliveries.selectors import deliveries_current, facts_current
from regie.deliveries.services import DeliveryNotAllowed, DeliveryRefused, delivery_receive
from regie.formats.pseudonym import bsn_pseudonym

pytestmark = pytest.mark.django_db

EXAMPLE = Path(str(files("regie") / "data" / "voorbeeld"))
HEADER = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)


@pytest.fixture
def police() -> Organisation:
    return Organisation.objects.create(name="Politie (synthetisch)", partner="politie")


@pytest.fixture
def supplier(police: Organisation) -> User:
    return User.objects.create_user(
        username="leverancier", role=Role.PARTNER_SUPPLIER, organisation=police
    )


def police_file(tmp_path: Path) -> Path:
    target = tmp_path / "politie.csv"
    shutil.copy(EXAMPLE / "politie.csv", target)
    return target


def test_a_valid_delivery_is_stored_whole_with_pseudonyms_and_no_bsn(
    tmp_path: Path, supplier: User
) -> None:
    # given the example's police file (17 facts)
    path = police_file(tmp_path)
    # when the police's data supplier delivers it
    delivery = delivery_receive(
        path=path, partner="politie", delivered_by=supplier, channel=Channel.BROWSER
    )
    # then every fact is stored, with the keyed pseudonym in place of the BSN
    assert delivery.status == DeliveryStatus.ACCEPTED
    assert delivery.rows == 17
    assert delivery.facts.count() == 17
    assert delivery.problems == []
    first = Fact.objects.get(bron_id="pol-102")
    assert first.bsn_pseudonym == bsn_pseudonym("300000005", settings.PSEUDONYM_KEY)
    assert first.line == 2
    stored = {str(v) for row in Fact.objects.values_list() for v in row}
    assert "300000005" not in stored
    assert deliveries_current() == {"politie": delivery}
    # and the audit trail names who delivered what
    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action, event.subject_id) == (
        supplier,
        "delivery_accepted",
        str(delivery.pk),
    )
    assert event.detail == {
        "partner": "politie",
        "file_name": "politie.csv",
        "sha256": delivery.sha256,
        "rows": 17,
        "problems": 0,
        "channel": "browser",
    }


def test_a_file_with_errors_is_refused_whole_listing_every_problem(
    tmp_path: Path, supplier: User
) -> None:
    # given a file with a good row, a bad date and an unknown kind
    path = tmp_path / "politie.csv"
    path.write_text(
        HEADER
        + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
        + "politie,p-2,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-13-10,,straatroof,\n"
        + "politie,p-3,300000005,Visser,,Daan,2009-06-12,vechtpartij,2025-03-10,,,\n",
        encoding="utf-8",
    )
    # when it is delivered
    with pytest.raises(DeliveryRefused) as refused:
        delivery_receive(path=path, partner="politie", delivered_by=supplier, channel=Channel.API)
    # then nothing of it is stored, and the attempt is recorded with both problems
    assert Fact.objects.count() == 0
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.REFUSED
    assert [(p["regel"], p["kolom"]) for p in delivery.problems] == [(3, "datum"), (4, "soort")]
    assert str(refused.value) == "aanlevering geweigerd: 2 problemen in politie.csv"
    assert deliveries_current() == {}
    assert list(AuditEvent.objects.values_list("action", "detail__problems")) == [
        ("delivery_refused", 2)
    ]


def test_the_same_file_delivered_twice_is_refused_the_second_time(
    tmp_path: Path, supplier: User
) -> None:
    path = police_file(tmp_path)
    first = delivery_receive(
        path=path, partner="politie", delivered_by=supplier, channel=Channel.BROWSER
    )
    with pytest.raises(DeliveryRefused) as refused:
        delivery_receive(
            path=path, partner="politie", delivered_by=supplier, channel=Channel.BROWSER
        )
    (problem,) = refused.value.problems
    assert problem.message.startswith("dit bestand is al geleverd op ")
    assert f"(aanlevering {first.pk})" in problem.message
    assert Fact.objects.count() == 17
    assert deliveries_current() == {"politie": first}


def test_a_newer_delivery_replaces_the_partners_facts_for_the_next_round(
    tmp_path: Path, supplier: User
) -> None:
    first = delivery_receive(
        path=police_file(tmp_path), partner="politie", delivered_by=supplier, channel=Channel.API
    )
    newer_path = tmp_path / "politie_2026-03.csv"
    newer_path.write_text(
        HEADER
        + "politie,p-9,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n",
        encoding="utf-8",
    )
    newer = delivery_receive(
        path=newer_path, partner="politie", delivered_by=supplier, channel=Channel.API
    )
    assert deliveries_current() == {"politie": newer}
    assert list(facts_current().values_list("bron_id", flat=True)) == ["p-9"]
    assert first.facts.count() == 17  # kept for the rounds that used it


def test_a_supplier_cannot_deliver_another_partners_facts(tmp_path: Path, supplier: User) -> None:
    # given a file of prosecution facts, delivered by the police's supplier as police data
    path = tmp_path / "politie.csv"
    path.write_text(
        HEADER
        + "om,om-1,300000005,Visser,,Daan,2009-06-12,veroordeling,2025-03-10,,heling,geldboete\n",
        encoding="utf-8",
    )
    with pytest.raises(DeliveryRefused) as refused:
        delivery_receive(
            path=path, partner="politie", delivered_by=supplier, channel=Channel.BROWSER
        )
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "bron")]
    assert "hoort niet in een aanlevering van 'politie'" in refused.value.problems[0].message
    assert Fact.objects.count() == 0
    # and a supplier cannot deliver in the name of another partner at all
    with pytest.raises(DeliveryNotAllowed, match="niet voor bron 'om'"):
        delivery_receive(path=path, partner="om", delivered_by=supplier, channel=Channel.API)
    assert Delivery.objects.count() == 1


def test_an_analyst_may_not_deliver(tmp_path: Path, police: Organisation) -> None:
    analyst = User.objects.create_user(username="analist", role=Role.ANALYST)
    with pytest.raises(
        DeliveryNotAllowed, match=r"analist \(analist\) mag geen aanleveringen doen"
    ):
        delivery_receive(
            path=police_file(tmp_path),
            partner="politie",
            delivered_by=analyst,
            channel=Channel.BROWSER,
        )
    assert Delivery.objects.count() == 0


def test_progress_follows_validating_then_storing_up_to_the_total(
    tmp_path: Path, supplier: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the example's police file (17 facts), stored 5 facts at a time
    monkeypatch.setattr(services, "FACT_BATCH", 5)
    calls: list[tuple[str, int, int | None]] = []
    # when it is delivered with a progress callback
    delivery_receive(
        path=police_file(tmp_path),
        partner="politie",
        delivered_by=supplier,
        channel=Channel.BROWSER,
        on_progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    # then the callback saw the rows read, then the facts stored, ending at the total
    assert calls == [
        ("valideren", 17, None),
        ("opslaan", 0, 17),
        ("opslaan", 5, 17),
        ("opslaan", 10, 17),
        ("opslaan", 15, 17),
        ("opslaan", 17, 17),
    ]
    assert Fact.objects.count() == 17


def test_a_refused_file_reports_only_validating(tmp_path: Path, supplier: User) -> None:
    # given a file with one bad row of three
    path = tmp_path / "politie.csv"
    path.write_text(
        HEADER
        + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
        + "politie,p-2,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-13-10,,straatroof,\n"
        + "politie,p-3,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-11,,straatroof,\n",
        encoding="utf-8",
    )
    calls: list[tuple[str, int, int | None]] = []
    # when it is delivered
    with pytest.raises(DeliveryRefused):
        delivery_receive(
            path=path,
            partner="politie",
            delivered_by=supplier,
            channel=Channel.API,
            on_progress=lambda stage, done, total: calls.append((stage, done, total)),
        )
    # then every row was read and nothing was stored
    assert calls == [("valideren", 3, None)]
    assert Fact.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_storing_leaves_no_delivery_and_no_facts(
    tmp_path: Path, supplier: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a delivery whose storing is interrupted after the first 5 facts
    monkeypatch.setattr(services, "FACT_BATCH", 5)

    def interrupt(stage: str, done: int, total: int | None) -> None:
        if stage == "opslaan" and done == 5:
            raise RuntimeError("onderbroken")

    # when it is delivered
    with pytest.raises(RuntimeError, match="onderbroken"):
        delivery_receive(
            path=police_file(tmp_path),
            partner="politie",
            delivered_by=supplier,
            channel=Channel.COMMAND_LINE,
            on_progress=interrupt,
        )
    # then the whole transaction is undone: no delivery, no facts, no audit record
    assert Delivery.objects.count() == 0
    assert Fact.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_refusal_passes_through_a_context_manager_as_itself(
    tmp_path: Path, supplier: User
) -> None:
    # given a refused file, received inside a generator-based context manager (contextlib
    # sets __traceback__ on the exception it passes on, which a frozen dataclass refused)
    path = tmp_path / "politie.csv"
    path.write_text(
        HEADER + "politie,p-1,300000005,Visser,,Daan,2009-06-12,vechtpartij,2025-03-10,,,\n",
        encoding="utf-8",
    )

    @contextmanager
    def around() -> Iterator[None]:
        yield

    # when it is delivered, then the caller still gets the refusal with its problem
    with pytest.raises(DeliveryRefused) as refused, around():
        delivery_receive(path=path, partner="politie", delivered_by=supplier, channel=Channel.API)
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "soort")]


def test_the_report_of_a_refused_delivery_shows_formula_like_values_as_text(
    tmp_path: Path, supplier: User
) -> None:
    # given a refused delivery whose file name a spreadsheet would run as a formula
    path = tmp_path / "politie.csv"
    path.write_text(
        "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,soort,datum,"
        "einddatum,categorie,detail\n"
        "politie,p-1,,Visser,,Daan,2009-06-12,aanhouding,2025-13-10,,straatroof,\n",
        encoding="utf-8",
    )
    with pytest.raises(DeliveryRefused) as refused:
        delivery_receive(
            path=path,
            partner="politie",
            delivered_by=supplier,
            channel=Channel.BROWSER,
            file_name="=HYPERLINK(1).csv",
        )
    # when its report is downloaded
    report = delivery_report_csv(delivery=refused.value.delivery, downloaded_by=supplier)
    # then the file name is text
    rows = list(csv.reader(io.StringIO(report.removeprefix("\ufeff"))))
    assert rows[1][0] == "'=HYPERLINK(1).csv"
