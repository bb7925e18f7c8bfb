"""The access request (inzageverzoek, AVG art. 15): everything Regie holds about one person
and who accessed it, as JSON and as PDF, produced by the privacy officer only."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from privacyworld import ANNA, BRAM, World

_PAGES = str(Path(__file__).resolve().parent.parent / "pages")
if _PAGES not in sys.path:
    sys.path.insert(0, _PAGES)

from pagekit import client_for  # noqa: E402

from regie.audit.models import AuditEvent  # noqa: E402
from regie.cases.models import Case  # noqa: E402
from regie.deliveries.models import Fact  # noqa: E402
from regie.privacy.selectors import access_request_build  # noqa: E402
from regie.privacy.services import PrivacyRefused, access_request_produce  # noqa: E402

REQUESTED_ON = date(2026, 1, 5)


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_document_holds_everything_about_the_person_and_nothing_about_another(
    world: World,
) -> None:
    # given the regisseur looked at Anna's case
    client_for(world.users["regisseur"]).get(reverse("cases:detail", args=[world.cases[ANNA].pk]))
    # when the document is built for Anna
    data = access_request_build(
        person_key=ANNA, requested_on=REQUESTED_ON, produced_at=timezone.now()
    )
    # then it holds her identity, her fact, her outcome, her case and its parts
    assert data["persoon"] == {
        "naam": "Anna Aalders",
        "geboortedatum": "2008-04-09",
        "geboortedatum_tekst": "9 april 2008",
    }
    assert [r["naam"] for r in data["identiteit"]] == ["Anna Aalders"]
    assert data["identiteit"][0]["geleverd_door"] == [{"partner": "de politie", "rijen": 1}]
    assert data["identiteit"][0]["gemeente"] == "Amsterdam"
    assert [f["zin"] for f in data["feiten"]] == [
        "Op 3 maart 2025 ben je door de politie aangehouden voor straatroof."
    ]
    assert [(o["peildatum"], o["uitkomst"]) for o in data["uitkomsten"]] == [
        ("2026-02-01", "blijft deelnemer")
    ]
    (case,) = data["dossiers"]
    assert (case["status"], case["regisseur"], case["dossiertekst"]) == (
        "in regie",
        "Rosa Regisseur",
        "Synthetisch dossier van Anna.",
    )
    assert [t["naar"] for t in case["statusgeschiedenis"]] == ["voorgesteld"]
    assert [b["soort"] for b in case["brieven"]] == ["instroombrief"]
    assert case["plan"]["samenvatting"] == "Anna wil haar school afmaken."
    assert [k["knelpunt"] for k in case["knelpunten"]] == ["Er is nog geen plek op een school."]
    assert case["partners"] == [{"organisatie": "Reclassering (synthetisch)", "rol": "toezicht"}]
    # and the access log lists the regisseur's look with name, role, organisation and purpose
    (viewed,) = [t for t in data["toegang"] if t["handeling"] == "case_viewed"]
    assert (viewed["wie"], viewed["rol"], viewed["organisatie"], viewed["wat"]) == (
        "Rosa Regisseur",
        "regisseur",
        "Zorg- en Veiligheidshuis (synthetisch)",
        "Je dossier is bekeken.",
    )
    assert viewed["doel"] == "de regie voeren over de eigen deelnemers"
    # and nothing of Bram is in it
    assert "Bakker" not in json.dumps(data) and "Bram" not in json.dumps(data)


def test_the_pdf_speaks_to_the_person_and_lists_who_accessed_their_data(world: World) -> None:
    # given the panel looked at Anna's plan and the analyst at the list of cases
    client_for(world.users["panel"]).get(reverse("plans:plan_review", args=[world.plan.pk]))
    client_for(world.users["analist"]).get(reverse("cases:list"))
    # when the privacy officer produces Anna's access request as PDF
    response = client_for(world.users["fg"]).post(
        reverse("privacy:access_request", args=[ANNA]),
        {"datum_verzoek": REQUESTED_ON.isoformat(), "formaat": "pdf"},
    )
    # then a PDF comes back, addressed to Anna, with both dates
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="inzageverzoek.pdf"'
    text = _pdf_text(response.content)
    assert "Inzage in je gegevens" in text
    assert "Beste Anna Aalders," in text
    assert "Datum van je verzoek: 5 januari 2026" in text
    today = timezone.localdate()
    assert f"Datum van dit overzicht: {today.day} " in text
    assert "Op 3 maart 2025 ben je door de politie aangehouden voor straatroof." in text
    assert "Anna wil haar school afmaken." in text
    # and the access log section names the accesses made here, and the request itself
    log = text.split("Wie je gegevens heeft gebruikt", 1)[1]
    assert "Het expertpanel heeft je plan van aanpak bekeken." in log
    assert "Pim Panel" in log
    assert "Je naam stond in de lijst van kandidaten en deelnemers." in log
    assert "Je inzageverzoek is afgehandeld" in log
    # and nothing of another person is in it
    assert "Bakker" not in text and "Bram" not in text and "woninginbraak" not in text
    # and producing it is in the access log, with Anna's key
    (produced,) = AuditEvent.objects.filter(action="access_request_produced")
    assert (produced.person_key, produced.actor, produced.detail) == (
        ANNA,
        world.users["fg"],
        {"requested_on": "2026-01-05", "format": "pdf"},
    )


def test_the_json_download_is_the_same_document(world: World) -> None:
    response = client_for(world.users["fg"]).post(
        reverse("privacy:access_request", args=[BRAM]),
        {"datum_verzoek": REQUESTED_ON.isoformat(), "formaat": "json"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert (data["soort"], data["versie"], data["persoon"]["naam"]) == (
        "inzageverzoek",
        1,
        "Bram Bakker",
    )
    assert set(data) == {
        "soort",
        "versie",
        "persoon",
        "datum_verzoek",
        "datum_verzoek_tekst",
        "gemaakt_op",
        "gemaakt_op_tekst",
        "identiteit",
        "feiten",
        "uitkomsten",
        "dossiers",
        "toegang",
    }
    assert [t["handeling"] for t in data["toegang"]] == ["access_request_produced"]
    assert "Aalders" not in response.content.decode()


def test_a_request_dated_in_the_future_is_refused_and_nothing_is_recorded(world: World) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(world.users["fg"]).post(
        reverse("privacy:access_request", args=[ANNA]),
        {"datum_verzoek": tomorrow.isoformat(), "formaat": "pdf"},
    )
    assert response.status_code == 400
    assert "De datum van het verzoek ligt in de toekomst." in response.content.decode()
    assert not AuditEvent.objects.filter(action="access_request_produced").exists()


def test_what_retention_removed_is_simply_absent(world: World) -> None:
    # given retention removed Anna's facts and her proposed-only sibling data is gone
    Fact.objects.filter(bsn_pseudonym=ANNA).delete()
    # when the document is built
    data = access_request_build(
        person_key=ANNA, requested_on=REQUESTED_ON, produced_at=timezone.now()
    )
    # then that part is empty, the rest is there
    assert data["feiten"] == []
    assert len(data["dossiers"]) == 1


@pytest.mark.parametrize(
    "role", ["analist", "regisseur", "manager", "panel", "reclassering", "leverancier"]
)
def test_only_the_privacy_officer_may_use_the_privacy_pages(world: World, role: str) -> None:
    client = client_for(world.users[role])
    assert client.get(reverse("privacy:index")).status_code == 404
    assert client.get(reverse("privacy:person", args=[ANNA])).status_code == 404
    response = client.post(
        reverse("privacy:access_request", args=[ANNA]),
        {"datum_verzoek": REQUESTED_ON.isoformat(), "formaat": "json"},
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="access_request_produced").exists()
    with pytest.raises(PrivacyRefused):
        access_request_produce(
            person_key=ANNA, requested_on=REQUESTED_ON, produced_by=world.users[role], as_pdf=False
        )


def test_the_officer_finds_the_person_from_a_case_number(world: World) -> None:
    client = client_for(world.users["fg"])
    response = client.get(reverse("privacy:index"), {"dossier": world.cases[BRAM].pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:person", args=[BRAM])
    missing = client.get(reverse("privacy:index"), {"dossier": Case.objects.count() + 100})
    assert missing.status_code == 400
    assert "Er is geen dossier met dit nummer." in missing.content.decode()
    assert client.get(reverse("privacy:person", args=["p-niemand"])).status_code == 404
