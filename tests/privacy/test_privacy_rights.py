"""Correction and objection (AVG art. 16 and 21), recorded on the case by the privacy
officer: the form, its refusals, the decision, the case page and the access request."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from privacyworld import ANNA, World

_PAGES = str(Path(__file__).resolve().parent.parent / "pages")
if _PAGES not in sys.path:
    sys.path.insert(0, _PAGES)

from pagekit import client_for, field_errors, messages_shown  # noqa: E402

from regie.audit.models import AuditEvent  # noqa: E402
from regie.privacy.models import RightsRequest  # noqa: E402
from regie.privacy.selectors import access_request_build  # noqa: E402

RECEIVED = date(2026, 1, 5)


def _form(world: World, **changes: str) -> dict[str, Any]:
    data = {
        "dossier": str(world.cases[ANNA].pk),
        "soort": "correctie",
        "ontvangen_op": RECEIVED.isoformat(),
        "verzoek": "Mijn tweede voornaam ontbreekt.",
        "besluit": "toegewezen",
        "onderbouwing": "De gemeente bevestigt de tweede voornaam.",
        "besloten_op": (RECEIVED + timedelta(days=3)).isoformat(),
    }
    return data | changes


def test_the_officer_records_a_correction_with_its_decision(world: World) -> None:
    # when the privacy officer records Anna's request and decision
    response = client_for(world.users["fg"]).post(
        reverse("privacy:rights_request", args=[ANNA]), _form(world), follow=True
    )
    # then it is stored on her case, shown, and audited with her key
    assert messages_shown(response) == ["Het verzoek is vastgelegd op het dossier."]
    rights = RightsRequest.objects.get()
    assert (rights.case, rights.person_key, rights.kind, rights.decision) == (
        world.cases[ANNA],
        ANNA,
        "correctie",
        "toegewezen",
    )
    assert (rights.decided_on, rights.handled_by) == (date(2026, 1, 8), world.users["fg"])
    assert list(
        AuditEvent.objects.filter(subject_id=str(rights.pk), subject_type="privacy.rightsrequest")
        .order_by("sequence")
        .values_list("action", "person_key")
    ) == [("rights_request_recorded", ANNA), ("rights_request_decided", ANNA)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"verzoek": "   "}, "Schrijf op wat de persoon vraagt."),
        ({"onderbouwing": ""}, "Schrijf bij een besluit de onderbouwing."),
        ({"besloten_op": ""}, "Vul bij een besluit de datum van het besluit in."),
        ({"ontvangen_op": "2999-01-01"}, "De datum van ontvangst ligt in de toekomst."),
        ({"besloten_op": "2999-01-01"}, "De datum van het besluit ligt in de toekomst."),
        (
            {"besloten_op": "2026-01-01"},
            "Het besluit kan niet eerder zijn dan de ontvangst van het verzoek.",
        ),
        ({"besluit": ""}, "Kies een besluit, of laat onderbouwing en datum leeg."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(
    world: World, changes: dict[str, str], message: str
) -> None:
    before = AuditEvent.objects.count()
    response = client_for(world.users["fg"]).post(
        reverse("privacy:rights_request", args=[ANNA]), _form(world, **changes)
    )
    assert response.status_code == 400
    assert message in field_errors(response)
    assert RightsRequest.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_an_objection_is_decided_later_and_once(world: World) -> None:
    client = client_for(world.users["fg"])
    # given an objection recorded without a decision
    client.post(
        reverse("privacy:rights_request", args=[ANNA]),
        _form(world, soort="bezwaar", besluit="", onderbouwing="", besloten_op=""),
    )
    rights = RightsRequest.objects.get()
    assert rights.decision == ""
    url = reverse("privacy:rights_decide", args=[rights.pk])
    # when the decision comes without reasons, it is refused
    refused = client.post(url, {"besluit": "afgewezen", "besloten_op": RECEIVED.isoformat()})
    assert refused.status_code == 400
    assert "Schrijf bij een besluit de onderbouwing." in field_errors(refused)
    # and with reasons it is recorded
    today = timezone.localdate().isoformat()
    client.post(
        url, {"besluit": "deels", "onderbouwing": "Alleen de school.", "besloten_op": today}
    )
    rights.refresh_from_db()
    assert (rights.decision, rights.reasons) == ("deels", "Alleen de school.")
    # and a second decision is refused, nothing changes
    again = client.post(url, {"besluit": "afgewezen", "onderbouwing": "x", "besloten_op": today})
    assert again.status_code == 400
    rights.refresh_from_db()
    assert rights.decision == "deels"


def test_the_case_page_and_the_access_request_show_the_request(world: World) -> None:
    client_for(world.users["fg"]).post(reverse("privacy:rights_request", args=[ANNA]), _form(world))
    # then whoever may see the case sees the section
    page = client_for(world.users["regisseur"]).get(
        reverse("cases:detail", args=[world.cases[ANNA].pk])
    )
    text = page.content.decode()
    assert 'id="correctie-bezwaar"' in text
    assert "Mijn tweede voornaam ontbreekt." in text
    # and the access request includes it
    data = access_request_build(person_key=ANNA, requested_on=RECEIVED, produced_at=timezone.now())
    (entry,) = data["dossiers"][0]["correcties_en_bezwaren"]
    assert (entry["soort"], entry["besluit"], entry["verzoek"]) == (
        "correctie (AVG artikel 16)",
        "toegewezen",
        "Mijn tweede voornaam ontbreekt.",
    )


def test_others_cannot_record_a_request(world: World) -> None:
    response = client_for(world.users["regisseur"]).post(
        reverse("privacy:rights_request", args=[ANNA]), _form(world)
    )
    assert response.status_code == 404
    assert RightsRequest.objects.count() == 0
