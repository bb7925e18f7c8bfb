"""The round pages: the list, the preflight and start, a round's progress and outcomes, and
one person's explanation."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from oversightkit import PEILDATUM, region_ready
from pagekit import client_for, field_errors, list_items, messages_shown, page_text

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.rounds.constants import OutcomeKind, RoundStatus
from regie.rounds.forms import FUTURE_PEILDATUM, NOT_UNDERSTOOD
from regie.rounds.models import Round, RoundOutcome

pytestmark = pytest.mark.django_db

NEVER_DELIVERED = [
    "Jeugdbescherming Regio Amsterdam (jbra)",
    "De William Schrikker Stichting (wss)",
    "De gemeente Amstelveen (gemeente_amstelveen)",
    "De gemeente Aalsmeer (gemeente_aalsmeer)",
    "De gemeente Diemen (gemeente_diemen)",
    "De gemeente Ouder-Amstel (gemeente_ouder_amstel)",
    "De gemeente Uithoorn (gemeente_uithoorn)",
]


def outcome_of(round: Round, voornamen: str) -> RoundOutcome:
    return RoundOutcome.objects.get(round=round, voornamen=voornamen)


def running_round(started_by: User, *, minutes_silent: int = 0) -> Round:
    """A round that is running (made directly: no thread runs it)."""
    round = Round.objects.create(
        peildatum=PEILDATUM,
        started_by=started_by,
        status=RoundStatus.RUNNING,
        engine="sqlite",
        step="feiten lezen",
        steps_done=3,
        steps_total=10,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes_silent),
    )
    if minutes_silent:
        Round.objects.filter(pk=round.pk).update(
            started_at=timezone.now() - timedelta(minutes=minutes_silent)
        )
    return Round.objects.get(pk=round.pk)


# --- who may see and start -----------------------------------------------------------------


def test_the_analyst_sees_the_rounds_with_their_figures_and_may_start_one(
    finished_round: Round, region: dict[str, User]
) -> None:
    # when the analyst opens the list
    response = client_for(region["analist"]).get("/rondes/")
    # then the round is there, with its totals, and the link to start a new one
    assert response.status_code == 200
    text = page_text(response)
    assert '<a href="/rondes/nieuw/">Nieuw instroommoment</a>' in text
    assert f'<a href="/rondes/{finished_round.pk}/">01-02-2026</a>' in text
    (line,) = response.context["lines"]
    assert line.status == "klaar"
    assert response.context["columns"] == [
        "nieuwe kandidaten",
        "voorstellen uitstroom",
        "blijft deelnemer",
        "onbekend",
        "net niet",
    ]
    assert line.totals == [1, 1, 0, 0, 1]


def test_the_programme_manager_sees_rounds_but_may_not_start_one(
    finished_round: Round, region: dict[str, User]
) -> None:
    client = client_for(region["manager"])
    # when the manager opens the list, the round and the start page
    listed = client.get("/rondes/")
    shown = client.get(f"/rondes/{finished_round.pk}/")
    start_page = client.get("/rondes/nieuw/")
    started = client.post("/rondes/nieuw/", {"peildatum": "2026-02-01", "begrepen": "on"})
    # then they see the rounds, without the start link, and starting is forbidden
    assert listed.status_code == 200
    assert "Nieuw instroommoment" not in page_text(listed)
    assert shown.status_code == 200
    assert start_page.status_code == 403
    assert started.status_code == 403
    assert Round.objects.count() == 1


def test_a_regisseur_finds_no_round_pages(finished_round: Round, region: dict[str, User]) -> None:
    client = client_for(region["regisseur"])
    daan = outcome_of(finished_round, "Daan")
    for url in (
        "/rondes/",
        "/rondes/nieuw/",
        f"/rondes/{finished_round.pk}/",
        f"/rondes/{finished_round.pk}/voortgang/",
        f"/rondes/{finished_round.pk}/personen/{daan.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_round_or_person_that_does_not_exist_is_not_found(
    finished_round: Round, region: dict[str, User]
) -> None:
    client = client_for(region["analist"])
    daan = outcome_of(finished_round, "Daan")
    assert client.get(f"/rondes/{finished_round.pk + 1}/").status_code == 404
    assert client.get(f"/rondes/{finished_round.pk + 1}/personen/{daan.pk}/").status_code == 404
    assert client.get(f"/rondes/{finished_round.pk}/personen/{daan.pk + 99}/").status_code == 404


# --- the preflight and the start -------------------------------------------------------------


def test_the_start_page_names_the_deliveries_and_every_partner_that_never_delivered(
    region: dict[str, User],
) -> None:
    # when the analyst opens the start page of the first round
    response = client_for(region["analist"]).get("/rondes/nieuw/")
    # then the five deliveries are listed, and the seven partners that never delivered
    assert response.status_code == 200
    assert [d.partner for d in response.context["deliveries"]] == [
        "dji",
        "gemeente_amsterdam",
        "om",
        "politie",
        "reclassering",
    ]
    assert list_items(response, "nooit") == NEVER_DELIVERED
    text = page_text(response)
    assert "Hun criteria zijn in deze ronde onbekend." in text
    assert 'id="niet-opnieuw"' not in text
    assert '<p id="open-paren">Er zijn geen paren meer te beoordelen.</p>' in text
    assert (
        "Ik begrijp dat de criteria die gegevens van deze 7 partners nodig hebben in dit "
        "instroommoment onbekend zijn." in text
    )
    assert '<button type="submit">Instroommoment starten</button>' in text
    assert response.context["form"]["peildatum"].value() == timezone.localdate().replace(day=1)


def test_without_the_confirmation_the_round_does_not_start(region: dict[str, User]) -> None:
    # when the analyst starts without ticking that the missing partners' criteria are unknown
    response = client_for(region["analist"]).post("/rondes/nieuw/", {"peildatum": "2026-02-01"})
    # then the form says so and no round was made
    assert response.status_code == 400
    assert field_errors(response) == [NOT_UNDERSTOOD]
    assert Round.objects.count() == 0


def test_a_peildatum_in_the_future_is_refused(region: dict[str, User]) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(region["analist"]).post(
        "/rondes/nieuw/", {"peildatum": tomorrow.isoformat(), "begrepen": "on"}
    )
    assert response.status_code == 400
    assert field_errors(response) == [FUTURE_PEILDATUM]
    assert FUTURE_PEILDATUM == "De peildatum ligt in de toekomst: kies vandaag of een eerdere dag."
    assert Round.objects.count() == 0


@pytest.mark.parametrize("peildatum", ["31-02-2026", "gisteren", ""])
def test_a_peildatum_that_is_no_date_is_refused(region: dict[str, User], peildatum: str) -> None:
    response = client_for(region["analist"]).post(
        "/rondes/nieuw/", {"peildatum": peildatum, "begrepen": "on"}
    )
    assert response.status_code == 400
    assert field_errors(response) == [
        "Vul een peildatum in."
        if not peildatum
        else "Vul een geldige datum in, bijvoorbeeld 01-02-2026."
    ]
    assert Round.objects.count() == 0


def test_after_a_round_without_new_deliveries_there_is_no_start_button(
    finished_round: Round, region: dict[str, User]
) -> None:
    client = client_for(region["analist"])
    # when the analyst opens the start page again, nothing having been delivered since
    response = client.get("/rondes/nieuw/")
    # then every partner is stale or never delivered, and the round cannot start
    assert response.status_code == 200
    assert list_items(response, "niet-opnieuw") == [
        "De Dienst Justitiële Inrichtingen (dji)",
        "De gemeente Amsterdam (gemeente_amsterdam)",
        "Het Openbaar Ministerie (om)",
        "De politie (politie)",
        "De reclassering (reclassering)",
    ]
    assert list_items(response, "nooit") == NEVER_DELIVERED
    text = page_text(response)
    assert "Er is geen enkele nieuwe aanlevering sinds het vorige instroommoment." in text
    assert "Instroommoment starten</button>" not in text
    # and a start posted anyway is refused with the same reason, making nothing
    posted = client.post("/rondes/nieuw/", {"peildatum": "2026-02-01", "begrepen": "on"})
    assert posted.status_code == 400
    assert messages_shown(posted) == [
        "Er is geen enkele nieuwe aanlevering sinds het vorige instroommoment."
    ]
    assert Round.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_starting_a_round_runs_it_in_the_background_and_shows_its_page(tmp_path: Path) -> None:
    # given a region ready for its first round (committed: the round's thread must see it)
    users = region_ready(tmp_path)
    client = client_for(users["analist"])
    # when the analyst starts a round
    response = client.post("/rondes/nieuw/", {"peildatum": "2026-02-01", "begrepen": "on"})
    # then the round is recorded and the browser goes to its page
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rondes/{round.pk}/"
    assert AuditEvent.objects.filter(action="round_started", subject_id=str(round.pk)).count() == 1
    # and the background thread finishes it
    deadline = time.monotonic() + 60
    while round.status not in (RoundStatus.DONE, RoundStatus.FAILED):
        assert time.monotonic() < deadline, f"round still {round.status} after 60 s"
        time.sleep(0.2)
        round = Round.objects.get(pk=round.pk)
    assert round.status == RoundStatus.DONE, round.error
    assert round.steps_done == round.steps_total
    assert round.counts["top400"] == {
        "instroom": 1,
        "blijft": 0,
        "uitstroom": 1,
        "onbekend": 0,
        "bijna": 1,
    }
    shown = client.get(f"/rondes/{round.pk}/")
    assert shown.status_code == 200
    assert messages_shown(shown) == [
        f"Instroommoment {round.pk} met peildatum 01-02-2026 is gestart."
    ]
    assert "<progress" not in page_text(shown)


# --- a round's page and its progress ---------------------------------------------------------


def test_a_finished_round_shows_its_figures_missing_partners_and_receipt(
    finished_round: Round, region: dict[str, User]
) -> None:
    response = client_for(region["analist"]).get(f"/rondes/{finished_round.pk}/")
    assert response.status_code == 200
    assert response.context["status"] == "klaar"
    assert [
        (row["label"], [c["n"] for c in row["cells"]]) for row in response.context["counts"]
    ] == [
        ("Top400", [1, 1, 0, 0, 1]),
        ("Top600", [0, 0, 0, 0, 0]),
    ]
    assert list_items(response, "ontbrekende-partners") == sorted(
        NEVER_DELIVERED, key=lambda name: name.rsplit("(", 1)[1]
    )
    text = page_text(response)
    assert f'<code id="uitkomsten-sha256">{finished_round.outcomes_sha256}</code>' in text
    for regeling in finished_round.receipt["regelingen"]:
        assert f"<code>{regeling['sha256']}</code>" in text
    assert '<details id="verantwoording">' in text
    assert "<progress" not in text
    assert [o.voornamen for o in response.context["page"].object_list] == ["Daan", "Sem", "Noor"]
    event = AuditEvent.objects.get(action="round_viewed")
    assert event.actor == region["analist"]
    assert event.detail == {
        "approach": "",
        "outcome": "",
        "searched": False,
        "page": 1,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"uitkomst": "bijna"}, ["Noor"]),
        ({"uitkomst": "instroom", "aanpak": "top400"}, ["Daan"]),
        ({"aanpak": "top600"}, []),
        ({"zoek": "visser"}, ["Daan"]),
        ({"zoek": "2008"}, ["Noor"]),
        ({"zoek": "de jong"}, ["Sem"]),
        ({"uitkomst": "bestaat-niet"}, ["Daan", "Sem", "Noor"]),  # an invalid filter: none
    ],
)
def test_the_outcomes_are_filtered_and_searched(
    finished_round: Round, region: dict[str, User], query: dict[str, str], expected: list[str]
) -> None:
    response = client_for(region["manager"]).get(f"/rondes/{finished_round.pk}/", query)
    assert response.status_code == 200
    assert [o.voornamen for o in response.context["page"].object_list] == expected


def test_a_search_is_audited_without_the_words(
    finished_round: Round, region: dict[str, User]
) -> None:
    client_for(region["manager"]).get(
        f"/rondes/{finished_round.pk}/", {"zoek": "Visser", "uitkomst": "instroom"}
    )
    event = AuditEvent.objects.get(action="round_viewed")
    assert event.detail == {"approach": "", "outcome": "instroom", "searched": True, "page": 1}
    assert "Visser" not in str(event.detail)


def test_the_progress_of_a_finished_round(finished_round: Round, region: dict[str, User]) -> None:
    response = client_for(region["manager"]).get(f"/rondes/{finished_round.pk}/voortgang/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "done",
        "status_label": "klaar",
        "step": "klaar",
        "steps_done": finished_round.steps_total,
        "steps_total": finished_round.steps_total,
        "error": "",
        "interrupted": False,
    }


def test_a_running_round_shows_a_progress_bar_that_polls(region: dict[str, User]) -> None:
    round = running_round(region["analist"])
    client = client_for(region["analist"])
    response = client.get(f"/rondes/{round.pk}/")
    progress = client.get(f"/rondes/{round.pk}/voortgang/")
    assert response.status_code == 200
    text = page_text(response)
    assert (
        f'<progress id="voortgangsbalk" value="3" max="10"\n'
        f'    data-voortgang-url="/rondes/{round.pk}/voortgang/">'
    ) in text
    assert '<span id="voortgang-stap">feiten lezen</span>' in text
    assert '<script src="/static/regie/progress.js" defer></script>' in text
    assert "<script>" not in text  # no inline script: a strict CSP will forbid it
    assert progress.json() == {
        "status": "running",
        "status_label": "bezig",
        "step": "feiten lezen",
        "steps_done": 3,
        "steps_total": 10,
        "error": "",
        "interrupted": False,
    }


def test_the_progress_script_is_a_static_file() -> None:
    from django.contrib.staticfiles import finders

    found = finders.find("regie/progress.js")
    assert found is not None
    script = Path(str(found)).read_text(encoding="utf-8")
    assert "data-voortgang-url" in script
    assert "window.location.reload()" in script


def test_a_round_that_stopped_reporting_is_shown_as_interrupted(region: dict[str, User]) -> None:
    round = running_round(region["analist"], minutes_silent=11)
    client = client_for(region["analist"])
    response = client.get(f"/rondes/{round.pk}/")
    text = page_text(response)
    assert response.context["status"] == "onderbroken"
    assert '<section id="onderbroken" role="alert">' in text
    assert "<progress" not in text
    assert client.get(f"/rondes/{round.pk}/voortgang/").json()["interrupted"] is True
    assert client.get("/rondes/").context["lines"][0].status == "onderbroken"


def test_a_failed_round_shows_its_error(region: dict[str, User]) -> None:
    round = running_round(region["analist"])
    Round.objects.filter(pk=round.pk).update(
        status=RoundStatus.FAILED, error="De regelingen voor 01-02-2026 laden niet."
    )
    response = client_for(region["analist"]).get(f"/rondes/{round.pk}/")
    assert response.status_code == 200
    assert "<pre>De regelingen voor 01-02-2026 laden niet.</pre>" in page_text(response)
    assert response.context["status"] == "mislukt"


# --- a person's explanation ------------------------------------------------------------------


def test_the_person_page_explains_each_criterion_with_the_facts(
    finished_round: Round, region: dict[str, User]
) -> None:
    daan = outcome_of(finished_round, "Daan")
    case = Case.objects.get(outcome=daan)
    # when the analyst opens Daan's explanation
    response = client_for(region["analist"]).get(f"/rondes/{finished_round.pk}/personen/{daan.pk}/")
    # then it says who, the outcome, and per criterion the result with the facts
    assert response.status_code == 200
    text = page_text(response)
    assert "<dt>Leeftijd op de peildatum</dt><dd>16 jaar</dd>" in text
    assert "<dt>Geboortedatum</dt><dd>12-06-2009</dd>" in text
    assert (
        "<strong>Voldoet aan de instroomcriteria van de Top400: voorgesteld als nieuwe "
        "kandidaat.</strong>" in text
    )
    assert f'<a href="/dossiers/{case.pk}/">Voorgesteld</a>' in text
    explanation = response.context["explanation"]
    assert [s.title for s in explanation.sections] == ["Instroomcriteria", "Uitstroomcriteria"]
    inflow = {row.id: row for row in explanation.sections[0].rows}
    arrest = inflow["politie_hic_aanhouding"]
    assert (arrest.result, arrest.mark, arrest.count, arrest.threshold, arrest.window) == (
        "voldaan",
        "✔",
        "1 keer",
        "minstens 1 keer",
        "van 2 februari 2021 tot en met 1 februari 2026",
    )
    assert [(f.sentence, f.bron, f.bron_id) for f in arrest.facts] == [
        (
            "Op 10 maart 2025 heeft de politie een aanhouding geregistreerd voor straatroof.",
            "politie",
            "p-1",
        )
    ]
    assert (
        "<li>Op 10 maart 2025 heeft de politie een aanhouding geregistreerd voor straatroof. "
        '<span class="bron">(politie, kenmerk p-1)</span></li>' in text
    )
    age = inflow["leeftijd"]
    assert (age.count, age.threshold, age.window) == (
        "16 jaar",
        "minstens 12 en hoogstens 23 jaar",
        "op 1 februari 2026",
    )
    care = inflow["zorgcriterium"]
    assert (care.result, care.depth, care.count, care.threshold) == (
        "voldaan",
        1,
        "3 van de 7 onderdelen voldaan",
        "minstens 3",
    )
    assert explanation.sections[0].rows[0].id == "instroom"
    assert explanation.near_miss == ""
    event = AuditEvent.objects.get(action="round_outcome_viewed")
    assert (event.actor, event.subject_type, event.subject_id) == (
        region["analist"],
        "rounds.roundoutcome",
        str(daan.pk),
    )
    assert event.detail == {"round": finished_round.pk, "approach": "top400", "outcome": "instroom"}


def test_a_near_miss_names_the_one_criterion_that_failed(
    finished_round: Round, region: dict[str, User]
) -> None:
    noor = outcome_of(finished_round, "Noor")
    response = client_for(region["manager"]).get(f"/rondes/{finished_round.pk}/personen/{noor.pk}/")
    assert response.status_code == 200
    line = (
        "Niet geselecteerd: één criterium niet voldaan: heeft minstens 3 van de 7 zorgsignalen "
        "(2 van 3)"
    )
    assert response.context["explanation"].near_miss == line
    assert f'<p class="bijna">{line}</p>' in page_text(response)
    assert response.context["case"] is None
    rows = {row.id: row for row in response.context["explanation"].sections[0].rows}
    assert (rows["zorgcriterium"].result, rows["zorgcriterium"].mark) == ("niet voldaan", "✘")


def test_a_participant_reads_the_outflow_reason_and_the_outflow_criteria_first(
    finished_round: Round, region: dict[str, User]
) -> None:
    sem = outcome_of(finished_round, "Sem")
    response = client_for(region["analist"]).get(f"/rondes/{finished_round.pk}/personen/{sem.pk}/")
    explanation = response.context["explanation"]
    assert sem.outcome == OutcomeKind.OUTFLOW
    assert explanation.outflow_reason == (
        "Voorstel uitstroom. Reden: dit geldt: de persoon is in de laatste 1 jaar niet vaker "
        "dan één keer aangehouden (reden: aanhoudingen)."
    )
    assert [s.title for s in explanation.sections] == ["Uitstroomcriteria", "Instroomcriteria"]
    assert [row.id for row in explanation.sections[0].rows] == [
        "deelname_duur",
        "detentie_dagen",
        "aanhoudingen_laatste_jaar",
    ]
    assert [(r.result, r.count) for r in explanation.sections[0].rows] == [
        ("voldaan", "3 jaar"),
        ("niet voldaan", "0 dagen"),
        ("voldaan", "0 keer"),
    ]
