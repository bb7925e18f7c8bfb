"""The case pages: the lists, a case with its explanation and history, and the workflow from
proposal to withdrawal or outflow, each step through the page that makes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pagekit import client_for, field_errors, messages_shown, page_text

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.cases.selectors import regisseurs_with_caseload
from regie.cases.services import (
    candidate_check,
    dossier_draw_up,
    reassessment_request,
    regisseur_assign,
)
from regie.rounds.models import Round

pytestmark = pytest.mark.django_db


def case_of(voornamen: str) -> Case:
    return Case.objects.get(voornamen=voornamen)


def post(client: Client, url: str, data: dict[str, str]) -> Any:
    """Post as the browser does, following the redirect to the page that shows the result."""
    return client.post(url, data, follow=True)


# --- the lists -----------------------------------------------------------------------------


def test_the_analyst_sees_every_case_by_status(
    finished_round: Round, region: dict[str, User]
) -> None:
    response = client_for(region["analist"]).get("/dossiers/")
    assert response.status_code == 200
    assert "<h1>Kandidaten en deelnemers</h1>" in page_text(response)
    assert [(c.voornamen, c.status) for c in response.context["page"].object_list] == [
        ("Daan", CaseStatus.PROPOSED),
        ("Sem", CaseStatus.IN_REGIE),
    ]
    assert [c.has_open_outflow for c in response.context["page"].object_list] == [False, True]
    assert {s["value"]: s["n"] for s in response.context["statuses"]} == {
        "proposed": 1,
        "checked": 0,
        "dossier": 0,
        "in_regie": 1,
        "reassessment": 0,
        "withdrawn": 0,
        "outflowed": 0,
    }
    event = AuditEvent.objects.get(action="case_list_viewed")
    assert event.detail == {"status": "", "approach": "", "searched": False, "page": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "proposed"}, ["Daan"]),
        ({"status": "in_regie", "aanpak": "top400"}, ["Sem"]),
        ({"aanpak": "top600"}, []),
        ({"zoek": "jong"}, ["Sem"]),
        ({"zoek": "2009"}, ["Daan"]),
        ({"status": "onzin"}, ["Daan", "Sem"]),  # an invalid filter filters nothing
    ],
)
def test_the_case_list_is_filtered_and_searched(
    finished_round: Round, region: dict[str, User], query: dict[str, str], expected: list[str]
) -> None:
    response = client_for(region["manager"]).get("/dossiers/", query)
    assert [c.voornamen for c in response.context["page"].object_list] == expected


def test_a_regisseur_sees_only_their_own_participants(
    finished_round: Round, region: dict[str, User]
) -> None:
    # given Daan's case directed by regisseur, Sem's without a regisseur
    Case.objects.filter(voornamen="Daan").update(
        status=CaseStatus.IN_REGIE, regisseur=region["regisseur"]
    )
    # when each regisseur opens their list
    own = client_for(region["regisseur"]).get("/dossiers/")
    other = client_for(region["regisseur2"]).get("/dossiers/")
    # then
    assert "<h1>Mijn deelnemers</h1>" in page_text(own)
    assert [c.voornamen for c in own.context["page"].object_list] == ["Daan"]
    assert [c.voornamen for c in other.context["page"].object_list] == []
    daan = case_of("Daan")
    assert client_for(region["regisseur2"]).get(f"/dossiers/{daan.pk}/").status_code == 404


def test_roles_without_cases_find_no_case_pages(
    finished_round: Round, region: dict[str, User]
) -> None:
    client = client_for(region["beheerder"])
    assert client.get("/dossiers/").status_code == 404
    assert client.get(f"/dossiers/{case_of('Daan').pk}/").status_code == 404
    assert client_for(region["analist"]).get("/dossiers/999999/").status_code == 404


def test_the_navigation_links_each_role_to_its_pages(
    finished_round: Round, region: dict[str, User]
) -> None:
    def labels(user: User) -> list[str]:
        return [link.label for link in client_for(user).get("/").context["navigation"]]

    assert labels(region["analist"]) == [
        "Start",
        "Te beoordelen paren",
        "Instroommomenten",
        "Kandidaten en deelnemers",
    ]
    assert labels(region["manager"]) == [
        "Start",
        "Instroommomenten",
        "Kandidaten en deelnemers",
        "Overzicht regie",
    ]
    assert labels(region["regisseur"]) == ["Start", "Mijn deelnemers", "Mijn regie"]


# --- a case ----------------------------------------------------------------------------------


def test_the_case_page_shows_the_explanation_and_history_and_is_audited(
    finished_round: Round, region: dict[str, User]
) -> None:
    daan = case_of("Daan")
    response = client_for(region["analist"]).get(f"/dossiers/{daan.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>Daan Visser: Top400, voorgesteld</h1>" in text
    assert "Op 10 maart 2025 heeft de politie een aanhouding geregistreerd voor straatroof." in text
    assert f'<a href="/rondes/{finished_round.pk}/personen/{daan.outcome_id}/">' in text
    assert [(t.from_status, t.to_status) for t in response.context["history"]] == [
        ("", CaseStatus.PROPOSED)
    ]
    actions = {name for name, form in response.context["actions"].items() if form is not None}
    assert actions == {"check", "withdraw"}
    assert response.context["may_assign"] is False
    event = AuditEvent.objects.get(action="case_viewed")
    assert (event.actor, event.subject_id, event.detail) == (
        region["analist"],
        str(daan.pk),
        {"status": "proposed", "approach": "top400"},
    )


def test_the_whole_workflow_through_the_pages(
    finished_round: Round, region: dict[str, User]
) -> None:
    analyst = client_for(region["analist"])
    manager = client_for(region["manager"])
    regisseur = client_for(region["regisseur"])
    daan = case_of("Daan")
    url = f"/dossiers/{daan.pk}/"

    # the analyst checks the candidate, with a note
    checked = post(analyst, f"{url}controleren/", {"toelichting": "feiten nagelopen"})
    assert messages_shown(checked) == [
        "Gecontroleerd: de gegevens kloppen en horen bij deze persoon."
    ]
    assert case_of("Daan").status == CaseStatus.CHECKED

    # an empty dossier is refused and changes nothing
    empty = analyst.post(f"{url}dossier/", {"dossier": "  "})
    assert empty.status_code == 400
    assert field_errors(empty) == ["De tekst van het dossier is verplicht."]
    assert case_of("Daan").status == CaseStatus.CHECKED

    # the analyst draws up the dossier
    drawn_up = post(analyst, f"{url}dossier/", {"dossier": "Straatroof en drie zorgsignalen."})
    assert messages_shown(drawn_up) == ["Het dossier is opgesteld."]
    assert case_of("Daan").status == CaseStatus.DOSSIER
    assert "<p>Straatroof en drie zorgsignalen.</p>" in page_text(drawn_up)

    # the analyst may not assign a regisseur
    assert analyst.get(f"{url}regisseur/").status_code == 403

    # the manager sees every regisseur with their caseload and assigns one
    page = manager.get(f"{url}regisseur/")
    assert page.status_code == 200
    assert [(r.username, str(r.organisation), r.caseload) for r in page.context["regisseurs"]] == [
        ("regisseur", "Zorg- en Veiligheidshuis (synthetisch)", 0),
        ("regisseur2", "Wijkteam Noord (synthetisch)", 0),
    ]
    assigned = post(manager, f"{url}regisseur/", {"regisseur": str(region["regisseur"].pk)})
    assert messages_shown(assigned) == ["Regisseur Synthetisch is nu de regisseur."]
    daan = case_of("Daan")
    assert (daan.status, daan.regisseur) == (CaseStatus.IN_REGIE, region["regisseur"])
    assert [(r.username, r.caseload) for r in regisseurs_with_caseload()] == [
        ("regisseur", 1),
        ("regisseur2", 0),
    ]

    # the regisseur sees only their own case; the other regisseur finds nothing
    assert [c.voornamen for c in regisseur.get("/dossiers/").context["page"].object_list] == [
        "Daan"
    ]
    assert client_for(region["regisseur2"]).get(url).status_code == 404
    other_regisseur = client_for(region["regisseur2"])
    assert other_regisseur.post(f"{url}intrekken/", {"reden": "x"}).status_code == 404

    # the regisseur asks for a re-assessment
    asked = post(regisseur, f"{url}heroverweging/", {"vraag": "Klopt de straatroof wel?"})
    assert messages_shown(asked) == ["Heroverweging gevraagd: de analisten beantwoorden de vraag."]
    assert case_of("Daan").status == CaseStatus.REASSESSMENT

    # the analyst sees the question and answers: keep
    answer_page = analyst.get(url)
    assert "Vraag van Regisseur Synthetisch: “Klopt de straatroof wel?”" in page_text(answer_page)
    answered = post(
        analyst,
        f"{url}heroverweging/antwoord/",
        {"besluit": "blijft", "antwoord": "Ja, het proces-verbaal klopt."},
    )
    assert messages_shown(answered) == ["Het antwoord is vastgelegd."]
    assert case_of("Daan").status == CaseStatus.IN_REGIE

    # the regisseur withdraws: without a reason it is refused and nothing changes
    transitions = CaseTransition.objects.filter(case=daan).count()
    refused = regisseur.post(f"{url}intrekken/", {"reden": ""})
    assert refused.status_code == 400
    assert field_errors(refused) == ["Een reden is verplicht."]
    assert case_of("Daan").status == CaseStatus.IN_REGIE
    assert CaseTransition.objects.filter(case=daan).count() == transitions

    # with a reason the selection is withdrawn
    withdrawn = post(regisseur, f"{url}intrekken/", {"reden": "Verhuisd naar Utrecht."})
    assert messages_shown(withdrawn) == ["De selectie is ingetrokken."]
    daan = case_of("Daan")
    assert (daan.status, daan.closed_reason) == (CaseStatus.WITHDRAWN, "Verhuisd naar Utrecht.")
    history = [
        (t.from_status, t.to_status, t.by.username, t.reason) for t in withdrawn.context["history"]
    ]
    assert history == [
        ("", "proposed", "analist", f"voorgesteld door de criteria in {finished_round}"),
        ("proposed", "checked", "analist", "feiten nagelopen"),
        ("checked", "dossier", "analist", ""),
        ("dossier", "in_regie", "manager", "regisseur: Regisseur Synthetisch"),
        ("in_regie", "reassessment", "regisseur", "Klopt de straatroof wel?"),
        ("reassessment", "in_regie", "analist", "Ja, het proces-verbaal klopt."),
        ("in_regie", "withdrawn", "regisseur", "Verhuisd naar Utrecht."),
    ]
    assert withdrawn.context["has_actions"] is False


def test_a_refused_action_shows_the_services_message_and_changes_nothing(
    finished_round: Round, region: dict[str, User]
) -> None:
    # when the analyst posts a check on Sem, who is in regie
    sem = case_of("Sem")
    response = client_for(region["analist"]).post(f"/dossiers/{sem.pk}/controleren/", {})
    # then the service's refusal is shown and nothing changed
    assert response.status_code == 400
    assert messages_shown(response) == [
        "Analist analist mag 'Sem de Jong' niet van 'in regie' naar 'gecontroleerd door "
        "analist' zetten."
    ]
    assert case_of("Sem").status == CaseStatus.IN_REGIE
    assert CaseTransition.objects.filter(case=sem).count() == 1


def test_a_regisseur_is_assigned_only_after_the_dossier(
    finished_round: Round, region: dict[str, User]
) -> None:
    daan = case_of("Daan")
    manager = client_for(region["manager"])
    # the assignment page of a proposed case sends the manager back with the reason
    page = manager.get(f"/dossiers/{daan.pk}/regisseur/", follow=True)
    assert messages_shown(page) == [
        "Een regisseur wordt toegewezen na het dossier; dit dossier is voorgesteld."
    ]
    # and a posted assignment is refused by the service
    posted = manager.post(f"/dossiers/{daan.pk}/regisseur/", {"regisseur": region["regisseur"].pk})
    assert posted.status_code == 400
    assert messages_shown(posted) == [
        "Een regisseur wordt toegewezen na het dossier; 'Daan Visser' is voorgesteld."
    ]
    assert case_of("Daan").regisseur is None
    # and a user who is not a regisseur cannot be chosen
    wrong = manager.post(f"/dossiers/{daan.pk}/regisseur/", {"regisseur": region["analist"].pk})
    assert wrong.status_code == 400
    assert field_errors(wrong) == ["Kies een regisseur uit de lijst."]


def test_a_participant_without_a_regisseur_gets_one(
    finished_round: Round, region: dict[str, User]
) -> None:
    sem = case_of("Sem")
    response = post(
        client_for(region["manager"]),
        f"/dossiers/{sem.pk}/regisseur/",
        {"regisseur": str(region["regisseur2"].pk)},
    )
    assert messages_shown(response) == ["Regisseur2 Synthetisch is nu de regisseur."]
    sem = case_of("Sem")
    assert (sem.status, sem.regisseur) == (CaseStatus.IN_REGIE, region["regisseur2"])
    assert [t.reason for t in CaseTransition.objects.filter(case=sem)] == [
        "overgenomen uit deelnemers.csv (deelnemer sinds 01-01-2023)",
        "regisseur: geen → regisseur2",
    ]


# --- outflow ---------------------------------------------------------------------------------


def test_an_outflow_is_confirmed_with_a_reason_and_the_receiving_organisation(
    finished_round: Round, region: dict[str, User]
) -> None:
    sem = case_of("Sem")
    proposal = OutflowProposal.objects.get(case=sem)
    manager = client_for(region["manager"])
    url = f"/dossiers/{sem.pk}/uitstroom/{proposal.pk}/bevestigen/"
    # the page shows the proposal with its reason and both forms
    page = manager.get(f"/dossiers/{sem.pk}/")
    (item,) = page.context["proposals"]
    assert item.may_decide is True
    assert item.explanation.outflow_reason.startswith("Voorstel uitstroom. Reden: dit geldt:")
    # without a reason and organisation it is refused, and nothing changes
    empty = manager.post(url, {"toelichting": "", "organisatie": " ", "zorg": ""})
    assert empty.status_code == 400
    assert field_errors(empty) == [
        "Een toelichting is verplicht.",
        "De organisatie die het overneemt is verplicht.",
        "De inschatting van de zorg die nog nodig is, is verplicht.",
    ]
    assert OutflowProposal.objects.get(pk=proposal.pk).status == OutflowStatus.OPEN
    assert case_of("Sem").status == CaseStatus.IN_REGIE
    # with both, Sem outflows to the organisation that takes over
    confirmed = post(
        manager,
        url,
        {
            "toelichting": "Een jaar zonder aanhoudingen.",
            "organisatie": "Wijkteam Noord",
            "zorg": "Begeleiding bij werk door het wijkteam.",
        },
    )
    assert messages_shown(confirmed) == ["Uitstroom bevestigd; overgedragen aan Wijkteam Noord."]
    proposal = OutflowProposal.objects.get(pk=proposal.pk)
    sem = case_of("Sem")
    assert (proposal.status, proposal.decided_by, proposal.handover_organisation) == (
        OutflowStatus.CONFIRMED,
        region["manager"],
        "Wijkteam Noord",
    )
    assert (sem.status, sem.handover_organisation, sem.closed_reason) == (
        CaseStatus.OUTFLOWED,
        "Wijkteam Noord",
        "Een jaar zonder aanhoudingen.",
    )
    # a second decision is refused by the service
    again = manager.post(
        url, {"toelichting": "nogmaals", "organisatie": "Wijkteam Zuid", "zorg": "geen"}
    )
    assert again.status_code == 400
    assert messages_shown(again) == [
        "Over dit uitstroomvoorstel is al besloten: uitstroom bevestigd."
    ]
    assert case_of("Sem").handover_organisation == "Wijkteam Noord"


def test_an_outflow_is_overruled_with_a_reason(
    finished_round: Round, region: dict[str, User]
) -> None:
    sem = case_of("Sem")
    proposal = OutflowProposal.objects.get(case=sem)
    manager = client_for(region["manager"])
    url = f"/dossiers/{sem.pk}/uitstroom/{proposal.pk}/afwijzen/"
    # without a reason it is refused
    empty = manager.post(url, {"reden": ""})
    assert empty.status_code == 400
    assert field_errors(empty) == ["Een reden is verplicht."]
    assert OutflowProposal.objects.get(pk=proposal.pk).status == OutflowStatus.OPEN
    # with a reason Sem stays a participant
    overruled = post(manager, url, {"reden": "Net weer aangehouden; nog niet geregistreerd."})
    assert messages_shown(overruled) == ["Uitstroom afgewezen: deze persoon blijft deelnemer."]
    proposal = OutflowProposal.objects.get(pk=proposal.pk)
    assert (proposal.status, proposal.decision_reason) == (
        OutflowStatus.OVERRULED,
        "Net weer aangehouden; nog niet geregistreerd.",
    )
    assert case_of("Sem").status == CaseStatus.IN_REGIE
    (item,) = overruled.context["proposals"]
    assert (item.may_decide, item.confirm_form, item.overrule_form) == (False, None, None)


def test_only_those_who_decide_outflow_see_the_forms_and_may_post(
    finished_round: Round, region: dict[str, User]
) -> None:
    sem = case_of("Sem")
    proposal = OutflowProposal.objects.get(case=sem)
    analyst = client_for(region["analist"])
    (item,) = analyst.get(f"/dossiers/{sem.pk}/").context["proposals"]
    assert item.may_decide is False
    response = analyst.post(
        f"/dossiers/{sem.pk}/uitstroom/{proposal.pk}/afwijzen/", {"reden": "blijft"}
    )
    assert response.status_code == 400
    assert messages_shown(response) == ["Analist mag over deze uitstroom niet beslissen."]
    assert OutflowProposal.objects.get(pk=proposal.pk).status == OutflowStatus.OPEN
    # a proposal of another case is not found through this case
    daan = case_of("Daan")
    other = client_for(region["manager"]).post(
        f"/dossiers/{daan.pk}/uitstroom/{proposal.pk}/afwijzen/", {"reden": "x"}
    )
    assert other.status_code == 404


def test_an_answered_re_assessment_may_withdraw_the_selection(
    finished_round: Round, region: dict[str, User]
) -> None:
    # given Daan in re-assessment, asked by his regisseur
    daan = case_of("Daan")
    daan = candidate_check(case=daan, checked_by=region["analist"])
    daan = dossier_draw_up(case=daan, drawn_up_by=region["analist"], dossier="Straatroof.")
    daan = regisseur_assign(case=daan, assigned_by=region["manager"], regisseur=region["regisseur"])
    daan = reassessment_request(case=daan, requested_by=region["regisseur"], question="Klopt dit?")
    analyst = client_for(region["analist"])
    url = f"/dossiers/{daan.pk}/heroverweging/antwoord/"
    # without a decision and an answer nothing changes
    refused = analyst.post(url, {"besluit": "", "antwoord": ""})
    assert refused.status_code == 400
    assert field_errors(refused) == [
        "Kies: blijft in regie, of selectie intrekken.",
        "Een antwoord is verplicht.",
    ]
    assert case_of("Daan").status == CaseStatus.REASSESSMENT
    # the analyst withdraws the selection, with the answer as the reason
    answered = post(analyst, url, {"besluit": "intrekken", "antwoord": "Verkeerde persoon."})
    assert messages_shown(answered) == ["Het antwoord is vastgelegd."]
    daan = case_of("Daan")
    assert (daan.status, daan.closed_reason) == (CaseStatus.WITHDRAWN, "Verkeerde persoon.")
