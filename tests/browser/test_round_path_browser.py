"""The whole oversight path in a real browser, on a synthetic region.

An analyst starts a round and follows its progress; opens a candidate and reads why;
checks and draws up the dossier. The programme manager assigns a regisseur from the list
with caseloads, makes the inflow letter and downloads it (the PDF is read back), and
records its handover. The analyst takes another selection back with a reason; the
programme manager confirms an outflow with the warm handover.

With REGIE_SCREENSHOTS=DIR the key pages are saved there as PNG.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.cases.services import participants_import
from regie.criteria.plain import date_long
from regie.identity.services import linkage_run_start
from regie.letters.models import Letter
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round
from regie.synth.region import NoiseRates, region_write
from regie.web.demo import demo_organisations_create, demo_region_load

pytestmark = pytest.mark.django_db(transaction=True)

PEILDATUM = date(2026, 2, 1)
ROUND_TIMEOUT_MS = 120_000


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("REGIE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def region(tmp_path: Path, user_make: Callable[..., User]) -> dict[str, User]:
    """A synthetic region of 2,000 persons, delivered, linked, with its participants."""
    folder = tmp_path / "levering"
    region_write(folder, persons=2_000, seed=1, peildatum=PEILDATUM, noise=NoiseRates())
    demo_organisations_create()
    users = {
        "beheerder": user_make("beheerder", Role.ADMINISTRATOR),
        "analist": user_make("analist", Role.ANALYST),
        "manager": user_make("manager", Role.PROGRAMME_MANAGER),
        "regisseur": user_make("regisseur", Role.REGISSEUR),
        "regisseur2": user_make("regisseur2", Role.REGISSEUR, partner="reclassering"),
    }
    users["regisseur"].phone, users["regisseur"].email = "020 555 01 23", "rik@zvh.example"
    users["regisseur"].save()
    demo_region_load(folder=folder, delivered_by=users["beheerder"])
    participants_import(path=folder / "deelnemers.csv", imported_by=users["manager"])
    linkage_run_start(started_by=users["analist"])
    return users


def test_from_a_round_to_a_letter_a_withdrawal_and_an_outflow(
    region: dict[str, User], logged_in_page: Callable[..., Page]
) -> None:
    # --- the analyst starts a round from the menu and follows its progress
    analyst = logged_in_page(region["analist"])
    analyst.get_by_role("link", name="Instroommomenten").click()
    analyst.get_by_role("link", name="Nieuw instroommoment").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text("Nieuw instroommoment")
    expect(analyst.locator("#aanleveringen tbody tr")).to_have_count(12)
    _shot(analyst, "1-nieuw-instroommoment")
    analyst.get_by_label("Peildatum").fill("2026-02-01")
    analyst.get_by_role("button", name="Instroommoment starten").click()
    round = Round.objects.get()
    expect(analyst.get_by_role("heading", level=1)).to_have_text(
        f"Instroommoment {round.pk}: peildatum 01-02-2026"
    )
    # the page reloads itself when the background job is done
    expect(analyst.get_by_role("heading", name="Uitkomsten per aanpak")).to_be_visible(
        timeout=ROUND_TIMEOUT_MS
    )
    round.refresh_from_db()
    assert round.status == RoundStatus.DONE
    _shot(analyst, "2-instroommoment-klaar")

    # --- the analyst filters the new Top400 and Top600 candidates and opens one
    analyst.get_by_label("Uitkomst").select_option("instroom")
    analyst.get_by_role("button", name="Filteren").click()
    candidates = Case.objects.filter(round=round, status=CaseStatus.PROPOSED).order_by(
        "approach", "achternaam", "voornamen", "pk"
    )
    expected = round.receipt["voorstellen"]["kandidaten"]
    assert expected == candidates.count() > 1
    expect(analyst.locator("#uitkomsten-tabel tbody tr")).to_have_count(expected)
    case = candidates.first()
    assert case is not None and case.outcome is not None
    analyst.get_by_role("link", name=case.display_name, exact=True).first.click()
    # the explanation: each inflow reason met, with the facts behind it in words
    expect(analyst.get_by_role("heading", level=1)).to_contain_text(case.display_name)
    criteria = {c["id"]: c for c in case.outcome.explanation["criteria"]}
    reason = next(criteria[r] for r in case.outcome.reasons if criteria[r].get("bewijs"))
    expect(analyst.get_by_text(reason["label"], exact=False).first).to_be_visible()
    first_fact = reason["bewijs"][0]
    fact_day = date_long(date.fromisoformat(first_fact["datum"]))
    expect(analyst.locator("main")).to_contain_text(fact_day)
    _shot(analyst, "3-uitleg-kandidaat")

    # --- the analyst checks the candidate and draws up the dossier
    analyst.goto(f"/dossiers/{case.pk}/")
    analyst.get_by_label("Toelichting (niet verplicht)").fill("Feiten nagelopen bij de bronnen.")
    analyst.get_by_role("button", name="Gecontroleerd").click()
    expect(analyst.locator("#status")).to_have_text("gecontroleerd door analist")
    analyst.get_by_label("Basisdossier: op grond waarvan is deze persoon geselecteerd?").fill(
        "Geselecteerd op de criteria van de regeling; feiten gecontroleerd."
    )
    analyst.get_by_role("button", name="Dossier vastleggen").click()
    expect(analyst.locator("#status")).to_have_text("dossier opgesteld")

    # --- the programme manager assigns a regisseur from the list with caseloads
    manager = logged_in_page(region["manager"])
    manager.goto(f"/dossiers/{case.pk}/")
    manager.get_by_role("link", name="Regisseur toewijzen").click()
    rows = manager.locator("#regisseurs tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Regisseur2")).to_contain_text("Reclassering (demo)")
    _shot(manager, "4-regisseur-toewijzen")
    manager.get_by_label("Regisseur Synthetisch", exact=True).check()
    manager.get_by_role("button", name="Regisseur toewijzen").click()
    expect(manager.locator("#status")).to_have_text("in regie")
    expect(manager.locator("#regisseur")).to_contain_text("Regisseur Synthetisch")

    # --- the manager makes the inflow letter, downloads it and records its handover
    manager.get_by_role("button", name="Instroombrief maken").click()
    letter = Letter.objects.get(case=case)
    with manager.expect_download() as download:
        manager.get_by_role("link", name=f"Instroombrief {letter.pk} downloaden (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf == bytes(letter.pdf)
    text = " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert f"Beste {case.voornamen.split()[0]}" in text
    assert "Op 1 februari 2026 hebben we gekeken of je aan die criteria voldoet." in text
    assert fact_day in text
    assert "Naam: Regisseur Synthetisch" in text and "020 555 01 23" in text
    for right in ("Inzage", "Correctie", "Bezwaar", "Autoriteit Persoonsgegevens"):
        assert right in text
    # (a letter cannot be handed over before it was made: the day it is made, then)
    today = timezone.localdate()
    manager.get_by_label("Overhandigd op").fill(today.isoformat())
    manager.get_by_label("Hoe").fill("persoonlijk overhandigd")
    manager.get_by_role("button", name="Overhandiging vastleggen").click()
    expect(manager.locator("#brieven")).to_contain_text(
        f"op {date_long(today)}, persoonlijk overhandigd (vastgelegd door Manager Synthetisch)"
    )
    letter.refresh_from_db()
    assert (letter.handed_over_on, letter.handed_over_by) == (today, region["manager"])
    _shot(manager, "5-dossier-in-regie-met-brief")

    # --- the analyst takes another selection back: not without a reason
    other = candidates.exclude(pk=case.pk).first()
    assert other is not None
    analyst.goto(f"/dossiers/{other.pk}/")
    analyst.get_by_role("button", name="Intrekken").click()
    # the browser does not send the form without a reason (the server refuses it too:
    # tests/pages), and nothing changes
    reason_box = analyst.get_by_label("Reden van intrekken")
    assert reason_box.evaluate("box => [box.validity.valueMissing, box.validity.valid]") == [
        True,
        False,
    ]
    expect(analyst.locator("#status")).to_have_text("voorgesteld")
    assert Case.objects.get(pk=other.pk).status == CaseStatus.PROPOSED
    analyst.get_by_label("Reden van intrekken").fill("Feiten horen bij een naamgenoot.")
    analyst.get_by_role("button", name="Intrekken").click()
    expect(analyst.locator("#status")).to_have_text("ingetrokken")
    expect(analyst.locator("#geschiedenis")).to_contain_text("Feiten horen bij een naamgenoot.")
    other.refresh_from_db()
    assert (other.status, other.closed_reason) == (
        CaseStatus.WITHDRAWN,
        "Feiten horen bij een naamgenoot.",
    )

    # --- the manager confirms an outflow proposal with the warm handover
    proposal = OutflowProposal.objects.filter(round=round).order_by("pk").first()
    assert proposal is not None
    manager.goto(f"/dossiers/{proposal.case_id}/")
    article = manager.locator(f"#uitstroomvoorstel-{proposal.pk}")
    article.get_by_label("Toelichting").fill("Geen aanhoudingen meer; doelen bereikt.")
    article.get_by_label("Organisatie die het overneemt (warme overdracht)").fill("Wijkteam Noord")
    article.get_by_label("Gezamenlijke inschatting: welke zorg of steun is nog nodig?").fill(
        "Begeleiding naar werk door het wijkteam."
    )
    _shot(manager, "6-uitstroomvoorstel")
    article.get_by_role("button", name="Uitstroom bevestigen").click()
    expect(manager.locator("#status")).to_have_text("uitgestroomd")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.handover_organisation, proposal.care_needed) == (
        OutflowStatus.CONFIRMED,
        "Wijkteam Noord",
        "Begeleiding naar werk door het wijkteam.",
    )
    assert Case.objects.get(pk=proposal.case_id).status == CaseStatus.OUTFLOWED
