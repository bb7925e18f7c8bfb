"""``regie-beheer demo``: accounts for every role and a synthetic region's deliveries, loaded
through the same service as every other delivery (runserver itself is not tested here)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import current_code
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.formats.codes import PARTNERS
from regie.identity.models import LinkageRun
from regie.plans.models import Bottleneck, Plan
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round
from regie.synth.region import NoiseRates, region_write

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic region with the default identity noise; 600 persons give 5
    participants to take over."""
    folder = tmp_path_factory.mktemp("regio") / "levering"
    region_write(folder, persons=600, seed=1, peildatum=date(2026, 2, 1), noise=NoiseRates())
    return folder


def data_rows(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) - 1


def test_the_demo_loads_every_partner_file_and_prints_the_accounts(
    region: Path, client: Client
) -> None:
    # when the demo is made from the region
    out = io.StringIO()
    call_command(
        "demo",
        "--map",
        str(region),
        "--wachtwoord",
        "demo-wachtwoord-1",
        "--adres",
        "http://127.0.0.1:8123/",
        stdout=out,
    )
    # then every partner file is one accepted delivery, made by the administrator at the
    # command line, with every row stored
    administrator = User.objects.get(username="beheerder")
    deliveries = Delivery.objects.order_by("pk")
    assert [d.file_name for d in deliveries] == [f"{partner}.csv" for partner in PARTNERS]
    assert {(d.status, d.channel, d.delivered_by) for d in deliveries} == {
        (DeliveryStatus.ACCEPTED, Channel.COMMAND_LINE, administrator)
    }
    expected_rows = sum(data_rows(region / f"{partner}.csv") for partner in PARTNERS)
    assert Fact.objects.count() == expected_rows
    assert sorted(Organisation.objects.exclude(partner=None).values_list("partner", flat=True)) == (
        sorted(PARTNERS)
    )
    # and the demo's analyst linked the region's identities once, as the output says
    run = LinkageRun.objects.get()
    assert run.started_by.username == "analist"
    assert run.receipt["records_zonder_bsn"] > 0
    assert (
        f"Koppelronde (door analist): {run.receipt['records']} identiteitsrecords, "
        f"{run.receipt['records_zonder_bsn']} zonder BSN, "
        f"{run.receipt['automatische_koppelingen']} automatisch gekoppeld, "
        f"{run.receipt['paren_te_beoordelen']} paren te beoordelen."
    ) in out.getvalue().splitlines()
    # and the programme manager took over the participants, and the analyst ran a round
    taken_over = data_rows(region / "deelnemers.csv")
    assert taken_over == 5
    assert Case.objects.filter(status=CaseStatus.IN_REGIE).count() == taken_over
    assert (
        f"Deelnemers (door programma): {taken_over} overgenomen uit deelnemers.csv, verdeeld "
        "over regisseur, regisseur2."
    ) in out.getvalue().splitlines()
    # and they have a made-up history of case direction, as the output says
    assert Plan.objects.count() == taken_over
    assert (
        f"Regie (verzonnen geschiedenis): {taken_over} deelnemers met een plan, overleggen en "
        f"toetsen; {Bottleneck.objects.count()} open knelpunten."
    ) in out.getvalue().splitlines()
    # each taken over participant has a regisseur: the two demo regisseurs in turn
    directed = Case.objects.filter(status=CaseStatus.IN_REGIE, round=None).order_by("pk")
    assert [c.regisseur.username if c.regisseur else None for c in directed] == [
        ("regisseur", "regisseur2")[number % 2] for number in range(taken_over)
    ]
    round = Round.objects.get()
    assert (round.status, round.started_by.username) == (RoundStatus.DONE, "analist")
    for approach in ("top400", "top600"):
        counts = round.counts[approach]
        assert (
            f"Instroommoment {round.pk} ({approach}, door analist): {counts['instroom']} "
            f"kandidaten, {counts['uitstroom']} voorstellen uitstroom, {counts['blijft']} "
            f"blijven, {counts.get('bijna', 0)} net niet."
        ) in out.getvalue().splitlines()
    assert (
        Case.objects.filter(status=CaseStatus.PROPOSED).count()
        == (round.receipt["voorstellen"]["kandidaten"])
    )
    # and the output ends with the address and every account with its password
    lines = out.getvalue().splitlines()
    assert lines[1] == f"  {'bestand':28} {'rijen':>7}  {'status':12} problemen"
    assert lines[2] == (
        f"  {'politie.csv':28} {data_rows(region / 'politie.csv'):>7}  {'geaccepteerd':12} 0"
    )
    assert lines[-13:] == [
        "",
        "Regie draait straks op http://127.0.0.1:8123/",
        f"  {'gebruikersnaam':16} {'rol':34} wachtwoord",
        f"  {'leverancier':16} {'gegevensleverancier partner':34} demo-wachtwoord-1",
        f"  {'analist':16} {'analist':34} demo-wachtwoord-1",
        f"  {'regisseur':16} {'regisseur':34} demo-wachtwoord-1",
        f"  {'regisseur2':16} {'regisseur':34} demo-wachtwoord-1",
        f"  {'panel':16} {'lid expertpanel':34} demo-wachtwoord-1",
        f"  {'uitvoerder':16} {'uitvoerder interventie (partner)':34} demo-wachtwoord-1",
        f"  {'programma':16} {'programmamanager':34} demo-wachtwoord-1",
        f"  {'privacy':16} {'functionaris gegevensbescherming':34} demo-wachtwoord-1",
        f"  {'beheerder':16} {'beheerder':34} demo-wachtwoord-1",
        "Inloggen gaat in twee stappen: na het wachtwoord een code uit een authenticator-app. "
        "De eerste keer toont Regie een QR-code om die app in te stellen.",
    ]
    # and the police's demo supplier logs in: the password, then enrolling the app with
    # the QR code on the first login, then the police's delivery
    response = client.post(
        "/inloggen/", {"username": "leverancier", "password": "demo-wachtwoord-1"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/inloggen/tweede-factor/instellen/?next=%2F", 302)
    assert "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user__username="leverancier", confirmed=False)
    response = client.post("/inloggen/tweede-factor/instellen/", {"code": current_code(device)})
    assert response.status_code == 302
    assert "politie.csv" in client.get("/aanleveringen/").content.decode()


def test_a_refused_partner_file_is_reported_and_the_others_still_load(
    region: Path, tmp_path: Path
) -> None:
    # given the region with a broken prosecution file
    folder = tmp_path / "levering"
    folder.mkdir()
    for partner in PARTNERS:
        (folder / f"{partner}.csv").write_bytes((region / f"{partner}.csv").read_bytes())
    with (folder / "om.csv").open("a", encoding="utf-8") as file:
        file.write("om,kapot,,Visser,,Daan,2009-06-12,veroordeling,2025-13-01,,heling,geen\n")
    out = io.StringIO()
    # when the demo is made from it
    call_command("demo", "--map", str(folder), stdout=out)
    # then the prosecution's file is refused with its one problem and no fact
    refused = Delivery.objects.get(partner="om")
    assert refused.status == DeliveryStatus.REFUSED
    assert refused.facts.count() == 0
    rows = data_rows(folder / "om.csv")
    assert f"  {'om.csv':28} {rows:>7}  {'geweigerd':12} 1" in out.getvalue().splitlines()
    assert Delivery.objects.filter(status=DeliveryStatus.ACCEPTED).count() == len(PARTNERS) - 1


def test_the_demo_refuses_a_missing_folder_and_changes_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is geen map; maak eerst een regio met regie synth"):
        call_command("demo", "--map", str(tmp_path / "nergens"), stdout=io.StringIO())
    assert User.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_the_demo_accounts_cover_every_role(region: Path) -> None:
    call_command("demo", "--map", str(region), stdout=io.StringIO())
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(
        [*Role.values, Role.REGISSEUR]
    )
