"""The case-direction pages: the regisseur builds and submits a plan through the forms, the
expert panel returns and approves it, providers see only their own actions, a review for
outflow reaches the case page, bottlenecks climb the ladder, the overviews show their
figures; and which role gets which page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from regie.accounts.models import Organisation, User
from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.cases.constants import OutflowOrigin, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.plans.constants import (
    ActionStatus,
    EscalationLevel,
    LifeDomain,
    PanelDecisionKind,
    PlanStatus,
)
from regie.plans.export import HEADER
from regie.plans.models import Action, Bottleneck, CasePartner, Goal, Plan
from regie.plans.services import (
    action_add,
    case_partner_add,
    goal_add,
    panel_decide,
    plan_create,
    plan_submit,
    subgoal_add,
)

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    two_factor_login(client, user)
    return client


def text_of(response: object) -> str:
    content = getattr(response, "content")  # noqa: B009
    assert isinstance(content, bytes)
    return content.decode()


def messages_of(response: object) -> list[str]:
    context = getattr(response, "context")  # noqa: B009
    return [str(message) for message in context["messages"]]


def _probation() -> Organisation:
    return Organisation.objects.get(partner="reclassering")


def _housing() -> Organisation:
    return Organisation.objects.get(name="Woningcorporatie (synthetisch)")


def _in_fourteen_days() -> str:
    return (timezone.localdate() + timedelta(days=14)).isoformat()


def _plan_with_actions(case: Case, people: dict[str, User], *, housing: bool = False) -> Plan:
    """A plan with one goal and an action of probation (and one of housing, if asked)."""
    regisseur = people["regisseur"]
    plan = plan_create(case=case, created_by=regisseur)
    organisations = [_probation(), *([_housing()] if housing else [])]
    goal = goal_add(
        plan=plan,
        added_by=regisseur,
        life_domain=LifeDomain.HOUSING,
        description="Een eigen kamer.",
    )
    subgoal = subgoal_add(goal=goal, added_by=regisseur, description="Inschrijven")
    for organisation in organisations:
        case_partner_add(
            case=case,
            added_by=regisseur,
            organisation=organisation,
            role="uitvoerder",
            contact=f"Contact van {organisation.name}",
        )
        action_add(
            subgoal=subgoal,
            added_by=regisseur,
            description=f"Actie van {organisation.name}",
            organisation=organisation,
            responsible="T. Synthetisch",
            deadline=timezone.localdate() + timedelta(days=14),
        )
    return plan


# --- the regisseur builds the plan -------------------------------------------------------------


def test_the_regisseur_builds_a_plan_through_the_forms_and_submits_it(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["regisseur"])
    base = f"/regie/{case.pk}/"

    assert client.post(base + "plan/", {"samenvatting": "Samen aan de slag."}).status_code == 302
    plan = Plan.objects.get(case=case)
    assert plan.status == PlanStatus.DRAFT
    response = client.post(
        base + "partner/",
        {"organisatie": _probation().pk, "rol": "jeugdreclassering", "contactpersoon": "R. S."},
    )
    assert response.status_code == 302
    response = client.post(
        base + "doel/",
        {
            "leefgebied": LifeDomain.HOUSING,
            "doel": "Een eigen kamer.",
            "alternatief": "Tijdelijk bij een oom.",
            "belemmering": "wachtlijst kamers",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan)
    assert (goal.alternative, goal.blocked_by) == ("Tijdelijk bij een oom.", "wachtlijst kamers")
    assert (
        client.post(base + f"doel/{goal.pk}/subdoel/", {"subdoel": "Inschrijven"}).status_code
        == 302
    )
    subgoal = goal.subgoals.get()
    response = client.post(
        base + f"subdoel/{subgoal.pk}/actie/",
        {
            "actie": "Inschrijving regelen",
            "partner": _probation().pk,
            "verantwoordelijke": "R. Synthetisch",
            "uiterlijk": _in_fourteen_days(),
        },
    )
    assert response.status_code == 302
    assert client.post(base + "indienen/").status_code == 302

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.submitted_at is not None
    page = client.get(base)
    text = text_of(page)
    assert "Status: ingediend bij het expertpanel" in text
    assert "Alternatief scenario: Tijdelijk bij een oom." in text
    assert "Belemmering (tekort): wachtlijst kamers" in text
    assert "Inschrijving regelen" in text
    assert 'id="indienen"' not in text  # a submitted plan waits for the panel


def test_a_form_with_missing_fields_shows_its_errors_and_changes_nothing(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["regisseur"])
    response = client.post(
        f"/regie/{case.pk}/partner/",
        {"organisatie": _probation().pk, "rol": "", "contactpersoon": ""},
    )
    assert response.status_code == 400
    assert "De rol van de partner is verplicht." in text_of(response)
    assert CasePartner.objects.count() == 0


def test_submitting_a_goal_without_an_action_is_refused_with_the_services_message(
    case: Case, people: dict[str, User]
) -> None:
    regisseur = people["regisseur"]
    plan = plan_create(case=case, created_by=regisseur)
    goal_add(plan=plan, added_by=regisseur, life_domain=LifeDomain.FINANCES, description="Schulden")

    response = client_for(regisseur).post(f"/regie/{case.pk}/indienen/")

    assert response.status_code == 400
    assert messages_of(response) == [
        "Het doel 'Schulden' (financiën) heeft nog geen subdoel met een actie."
    ]
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_at) == (PlanStatus.DRAFT, None)


def test_another_regisseur_gets_404_for_the_page_and_every_form(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["regisseur2"])
    assert client.get(f"/regie/{case.pk}/").status_code == 404
    assert client.post(f"/regie/{case.pk}/plan/", {"samenvatting": ""}).status_code == 404
    assert client.post(f"/regie/{case.pk}/knelpunt/", {"beschrijving": "x"}).status_code == 404
    assert client.get("/regie/999999/").status_code == 404
    assert not Plan.objects.exists()
    assert not Bottleneck.objects.exists()


# --- the expert panel --------------------------------------------------------------------------


def test_the_panel_returns_the_plan_with_remarks_then_approves_it(
    case: Case, people: dict[str, User]
) -> None:
    plan = _plan_with_actions(case, people)
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    panel = client_for(people["panel"])
    agenda = panel.get("/regie/panel/")
    assert agenda.status_code == 200
    assert f'href="/regie/plan/{plan.pk}/"' in text_of(agenda)

    refused = panel.post(f"/regie/plan/{plan.pk}/besluit/", {"besluit": "returned"})
    assert refused.status_code == 400
    assert messages_of(refused) == ["Opmerkingen bij het teruggeven is verplicht."]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not plan.decisions.exists()

    returned = panel.post(
        f"/regie/plan/{plan.pk}/besluit/",
        {"besluit": "returned", "opmerkingen": "Betrek ook school."},
    )
    assert returned.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    regisseur = client_for(people["regisseur"])
    assert "Betrek ook school." in text_of(regisseur.get(f"/regie/{case.pk}/"))
    assert regisseur.post(f"/regie/{case.pk}/indienen/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    assert panel.post(f"/regie/plan/{plan.pk}/besluit/", {"besluit": "approved"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    page = panel.get(f"/regie/plan/{plan.pk}/")
    assert [d.decision for d in page.context["decisions"]] == [
        PanelDecisionKind.RETURNED,
        PanelDecisionKind.APPROVED,
    ]
    assert page.context["decision_form"] is None
    assert "teruggegeven met opmerkingen" in text_of(page)


# --- need to know: intervention providers ------------------------------------------------------


def test_a_provider_sees_and_updates_only_its_own_organisations_actions(
    case: Case, people: dict[str, User]
) -> None:
    _plan_with_actions(case, people, housing=True)
    own = Action.objects.get(organisation=_probation())
    other = Action.objects.get(organisation=_housing())
    client = client_for(people["reclassering"])

    page = client.get(f"/regie/{case.pk}/")

    assert page.status_code == 200
    text = text_of(page)
    assert "Actie van Reclassering (synthetisch)" in text
    assert "Actie van Woningcorporatie (synthetisch)" not in text
    assert "Contact van" not in text  # no list of partners
    assert "Proportionaliteitstoets" not in text
    assert "Naar het dossier" not in text
    response = client.post(
        f"/regie/{case.pk}/actie/{own.pk}/status/",
        {"status": ActionStatus.RUNNING, "toelichting": "eerste gesprek gevoerd"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.status_note) == (ActionStatus.RUNNING, "eerste gesprek gevoerd")
    response = client.post(
        f"/regie/{case.pk}/actie/{other.pk}/status/", {"status": ActionStatus.DONE}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN
    # the rest of the case is not the provider's
    assert client.post(f"/regie/{case.pk}/knelpunt/", {"beschrijving": "x"}).status_code == 404
    assert client.post(f"/regie/{case.pk}/indienen/").status_code == 404


def test_a_provider_of_an_organisation_not_involved_gets_404(
    case: Case, people: dict[str, User]
) -> None:
    _plan_with_actions(case, people)
    action = Action.objects.get()
    client = client_for(people["woning"])
    assert client.get(f"/regie/{case.pk}/").status_code == 404
    response = client.post(
        f"/regie/{case.pk}/actie/{action.pk}/status/", {"status": ActionStatus.DONE}
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_the_providers_list_holds_the_cases_where_its_organisation_is_involved(
    case: Case, people: dict[str, User]
) -> None:
    _plan_with_actions(case, people)
    involved = client_for(people["reclassering"]).get("/regie/interventies/")
    assert [c.pk for c in involved.context["cases"]] == [case.pk]
    assert client_for(people["woning"]).get("/regie/interventies/").context["cases"] == []


# --- reviews, exclusions and bottlenecks -------------------------------------------------------


def test_a_review_for_outflow_makes_a_proposal_decided_on_the_case_page(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["regisseur"])
    response = client.post(
        f"/regie/{case.pk}/toets/",
        {
            "datum": timezone.localdate().isoformat(),
            "oordeel": "outflow",
            "onderbouwing": "Het gaat goed; de aanpak voegt niets meer toe.",
        },
    )
    assert response.status_code == 302
    proposal = OutflowProposal.objects.get(case=case)
    assert (proposal.origin, proposal.status) == (OutflowOrigin.REVIEW, OutflowStatus.OPEN)
    page = text_of(client.get(f"/regie/{case.pk}/"))
    assert f'<a href="/dossiers/{case.pk}/">beoordeel het op de dossierpagina</a>' in page
    case_page = text_of(client.get(f"/dossiers/{case.pk}/"))
    assert "Voorstel na een proportionaliteitstoets: te beoordelen" in case_page
    assert f'href="/regie/{case.pk}/">Regie: plan van aanpak</a>' in case_page


def test_a_review_in_the_future_is_refused_and_changes_nothing(
    case: Case, people: dict[str, User]
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(people["regisseur"]).post(
        f"/regie/{case.pk}/toets/",
        {"datum": tomorrow.isoformat(), "oordeel": "continue", "onderbouwing": "gaat door"},
    )
    assert response.status_code == 400
    assert messages_of(response) == [
        f"De datum van de toets ({tomorrow:%d-%m-%Y}) ligt in de toekomst."
    ]
    assert not case.reviews.exists()


def test_an_exclusion_ground_makes_an_outflow_proposal(case: Case, people: dict[str, User]) -> None:
    response = client_for(people["manager"]).post(
        f"/regie/{case.pk}/uitsluiting/",
        {"grond": "long_prison", "toelichting": "Veroordeeld tot zes jaar."},
    )
    assert response.status_code == 302
    proposal = OutflowProposal.objects.get(case=case)
    assert (proposal.origin, proposal.reasons) == (OutflowOrigin.EXCLUSION, ["long_prison"])


def test_a_bottleneck_climbs_the_ladder_one_step_at_a_time(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["regisseur"])
    base = f"/regie/{case.pk}/knelpunt/"
    assert client.post(base, {"beschrijving": "Geen passende woonplek."}).status_code == 302
    bottleneck = Bottleneck.objects.get()

    refused = client.post(f"{base}{bottleneck.pk}/opschalen/", {"toelichting": ""})
    assert refused.status_code == 400
    assert "Waarom het knelpunt hoger moet is verplicht." in text_of(refused)
    for note in ("Wachtlijst te lang.", "Kerngroep komt er niet uit.", "Beleid nodig."):
        response = client.post(f"{base}{bottleneck.pk}/opschalen/", {"toelichting": note})
        assert response.status_code == 302
        if note == "Wachtlijst te lang.":
            agenda = client_for(people["panel"]).get("/regie/panel/")
            assert [item.bottleneck for item, _ in agenda.context["rows"]] == [bottleneck]
    bottleneck.refresh_from_db()
    assert bottleneck.level == EscalationLevel.STEERING_GROUP
    top = client.post(f"{base}{bottleneck.pk}/opschalen/", {"toelichting": "Nog hoger."})
    assert top.status_code == 400
    # the success messages of the three redirects (not followed) wait in the same list
    assert messages_of(top)[-1] == "Dit knelpunt ligt al bij de stuurgroep, de hoogste stap."
    assert (
        client.post(
            f"{base}{bottleneck.pk}/oplossen/", {"toelichting": "Kamer gevonden."}
        ).status_code
        == 302
    )

    bottleneck.refresh_from_db()
    assert bottleneck.is_resolved
    assert [(s.level, s.is_resolution) for s in bottleneck.steps.all()] == [
        (EscalationLevel.CASE, False),
        (EscalationLevel.PANEL, False),
        (EscalationLevel.CORE_GROUP, False),
        (EscalationLevel.STEERING_GROUP, False),
        (EscalationLevel.STEERING_GROUP, True),
    ]
    page = text_of(client.get(f"/regie/{case.pk}/"))
    assert "Geen passende woonplek.: opgelost" in page
    assert "Beleid nodig." in page


def test_a_case_meeting_is_recorded(case: Case, people: dict[str, User]) -> None:
    response = client_for(people["regisseur"]).post(
        f"/regie/{case.pk}/casusoverleg/",
        {"datum": timezone.localdate().isoformat(), "afspraken": "School belt maandag."},
    )
    assert response.status_code == 302
    assert list(case.meetings.values_list("notes", flat=True)) == ["School belt maandag."]


# --- overviews ---------------------------------------------------------------------------------


def test_the_case_page_marks_an_overdue_clock_and_is_audited(
    case: Case, people: dict[str, User], settings: Settings
) -> None:
    settings.PLAN_DUE_WEEKS = 1  # the case was assigned ten days ago
    response = client_for(people["regisseur"]).get(f"/regie/{case.pk}/")
    assert [(c.name, c.is_overdue) for c in response.context["clocks"]] == [
        ("plan van aanpak", True),
        ("casusoverleg", False),
        ("expertpanel", False),
        ("proportionaliteitstoets", False),
    ]
    assert "<strong>te laat</strong>" in text_of(response)
    event = AuditEvent.objects.get(action="plan_case_viewed")
    assert (event.actor, event.subject_id) == (people["regisseur"], str(case.pk))
    assert "Visser" not in str(event.detail)


def test_the_regisseurs_overview_shows_own_cases_and_what_is_overdue(
    case: Case, people: dict[str, User], settings: Settings
) -> None:
    settings.PLAN_DUE_WEEKS = 1
    own = client_for(people["regisseur"]).get("/regie/mijn/")
    assert [c.case.pk for c in own.context["overview"].cases] == [case.pk]
    text = text_of(own)
    assert "1 deelnemer; 1 te laat." in text
    assert "Daan Visser" in text
    other = client_for(people["regisseur2"]).get("/regie/mijn/")
    assert other.context["overview"].cases == []
    assert "Daan Visser" not in text_of(other)


def test_the_managers_overview_shows_the_caseload_and_the_csv_downloads(
    case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["manager"])
    page = client.get("/regie/overzicht/")
    assert page.status_code == 200
    loads = {load.name: load.caseload for load in page.context["overview"].regisseurs}
    assert loads == {"Regisseur Synthetisch": 1, "Regisseur2 Synthetisch": 0}
    assert (
        "<td>Regisseur Synthetisch</td><td>Zorg- en Veiligheidshuis (synthetisch)</td><td>1</td>"
        in text_of(page)
    )

    download = client.get("/regie/overzicht.csv")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="overzicht-regie.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert tuple(rows[0]) == HEADER
    assert [
        "caseload regisseur",
        "Regisseur Synthetisch",
        "Zorg- en Veiligheidshuis (synthetisch)",
        "1",
        "",
        "",
    ] in rows
    assert (
        AuditEvent.objects.filter(
            action="manager_overview_exported", actor=people["manager"]
        ).count()
        == 1
    )


# --- who gets which page -----------------------------------------------------------------------

PAGES = ("case", "panel", "plan_review", "mine", "overview", "overview_csv", "provider")
ALLOWED = {
    "case": {"regisseur", "manager", "panel", "reclassering"},
    "panel": {"panel"},
    "plan_review": {"panel"},
    "mine": {"regisseur", "regisseur2"},
    "overview": {"manager"},
    "overview_csv": {"manager"},
    "provider": {"reclassering", "woning"},
}
ROLES = ("regisseur", "regisseur2", "manager", "panel", "analist", "reclassering", "woning")


def _address(page: str, case: Case, plan: Plan) -> str:
    return {
        "case": f"/regie/{case.pk}/",
        "panel": "/regie/panel/",
        "plan_review": f"/regie/plan/{plan.pk}/",
        "mine": "/regie/mijn/",
        "overview": "/regie/overzicht/",
        "overview_csv": "/regie/overzicht.csv",
        "provider": "/regie/interventies/",
    }[page]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_pages_and_404_for_the_rest(
    case: Case, people: dict[str, User], page: str, role: str
) -> None:
    plan = _plan_with_actions(case, people)  # reclassering is involved, woning is not
    response = client_for(people[role]).get(_address(page, case, plan))
    assert response.status_code == (200 if role in ALLOWED[page] else 404)


@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(
    case: Case, people: dict[str, User], page: str
) -> None:
    plan = _plan_with_actions(case, people)
    response = Client().get(_address(page, case, plan))
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_navigation_links_each_role_to_its_case_direction_page(
    people: dict[str, User],
) -> None:
    def labels(user: User) -> list[str]:
        return [link.label for link in client_for(user).get("/").context["navigation"]]

    assert labels(people["regisseur"])[-1] == "Mijn regie"
    assert labels(people["manager"])[-1] == "Overzicht regie"
    assert labels(people["panel"]) == ["Start", "Expertpanel"]
    assert labels(people["reclassering"]) == ["Start", "Mijn interventies"]
    assert "Mijn regie" not in labels(people["analist"])


# --- changing an action ------------------------------------------------------------------------


def test_the_regisseur_changes_an_action_and_an_approved_plan_becomes_a_draft(
    case: Case, people: dict[str, User]
) -> None:
    # given an approved plan with one action
    plan = _plan_with_actions(case, people)
    plan_submit(plan=plan, submitted_by=people["regisseur"])
    panel_decide(plan=plan, decided_by=people["panel"], decision=PanelDecisionKind.APPROVED)
    action = Action.objects.get()
    url = f"/regie/{case.pk}/actie/{action.pk}/wijzigen/"
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    # when the regisseur changes who does it and by when
    changed = client_for(people["regisseur"]).post(
        url,
        {
            "actie": "Inschrijving regelen",
            "verantwoordelijke": "K. Synthetisch",
            "uiterlijk": later,
        },
        follow=True,
    )
    # then the action has changed, the plan needs the panel again, and it is audited
    assert messages_of(changed) == ["De actie is gewijzigd."]
    action = Action.objects.get()
    assert (action.description, action.responsible, action.deadline.isoformat()) == (
        "Inschrijving regelen",
        "K. Synthetisch",
        later,
    )
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    event = AuditEvent.objects.get(action="plan_action_changed")
    assert event.detail["changed"] == ["deadline", "description", "responsible"]
    assert event.detail["new_deadline"] == later


def test_an_action_changed_to_a_past_deadline_or_by_others_is_refused(
    case: Case, people: dict[str, User]
) -> None:
    _plan_with_actions(case, people)
    action = Action.objects.get()
    url = f"/regie/{case.pk}/actie/{action.pk}/wijzigen/"
    yesterday = timezone.localdate() - timedelta(days=1)
    refused = client_for(people["regisseur"]).post(
        url,
        {"actie": "x", "verantwoordelijke": "y", "uiterlijk": yesterday.isoformat()},
        follow=True,
    )
    assert messages_of(refused) == [f"De uiterste datum {yesterday:%d-%m-%Y} is al voorbij."]
    # another regisseur and the partner's provider do not get to change it
    for someone in ("regisseur2", "reclassering"):
        response = client_for(people[someone]).post(
            url, {"actie": "x", "verantwoordelijke": "y", "uiterlijk": _in_fourteen_days()}
        )
        assert response.status_code == 404
    action_now = Action.objects.get()
    assert (action_now.description, action_now.deadline) == (action.description, action.deadline)
