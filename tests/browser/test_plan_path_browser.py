"""The case-direction path in a real browser: the regisseur builds a plan of approach and
submits it; the expert panel returns it with remarks; the regisseur submits it again and
the panel approves; the regisseur records a review for outflow; the programme manager
sees the caseload and confirms the outflow with the warm handover on the case page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.plans.constants import PlanStatus
from regie.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)


def _menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label).click()


def test_a_plan_goes_from_the_regisseur_through_the_panel_to_outflow(
    user_make: Callable[..., User], logged_in_page: Callable[..., Page]
) -> None:
    regisseur = user_make("regisseur", Role.REGISSEUR)
    panel_member = user_make("panellid", Role.PANEL_MEMBER)
    manager = user_make("manager", Role.PROGRAMME_MANAGER)
    user_make("reclassering", Role.INTERVENTION_PROVIDER, partner="reclassering")
    assigned = timezone.localdate() - timedelta(days=10)
    case = Case.objects.create(
        person_key="synthetisch-browser-1",
        approach="top400",
        achternaam="Visser",
        voornamen="Daan",
        geboortedatum=date(2009, 6, 12),
        status=CaseStatus.IN_REGIE,
        regisseur=regisseur,
        regisseur_assigned_at=timezone.make_aware(datetime.combine(assigned, datetime.min.time())),
        instroomdatum=assigned,
    )

    # the regisseur builds the plan and submits it
    page = logged_in_page(regisseur)
    _menu(page, "Mijn regie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn regie")
    page.get_by_role("link", name="Daan Visser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regie: Daan Visser")
    page.get_by_role("button", name="Plan van aanpak maken").click()
    expect(page.locator("#plan-status")).to_contain_text("Status: concept")

    partner = page.locator("#partner-toevoegen")
    partner.get_by_label("Organisatie").select_option(label="reclassering (synthetisch)")
    partner.get_by_label("Rol in de aanpak").fill("jeugdreclassering")
    partner.get_by_label("Contactpersoon").fill("R. Synthetisch")
    partner.get_by_role("button", name="Partner toevoegen").click()
    expect(page.locator("#partners table")).to_contain_text("jeugdreclassering")

    goal = page.locator("#doel-toevoegen")
    goal.get_by_label("Leefgebied").select_option(label="wonen")
    goal.get_by_label(re.compile(r"^Doel:?$")).fill("Een eigen kamer.")
    goal.get_by_label("Alternatief scenario", exact=False).fill("Tijdelijk bij een oom.")
    goal.get_by_label("Belemmering", exact=False).fill("wachtlijst kamers")
    goal.get_by_role("button", name="Doel toevoegen").click()
    expect(page.locator("#plan")).to_contain_text("Alternatief scenario: Tijdelijk bij een oom.")

    subgoal = page.locator("form.subdoel-toevoegen")
    subgoal.get_by_label("Subdoel").fill("Inschrijven bij de woningcorporatie")
    subgoal.get_by_role("button", name="Subdoel toevoegen").click()

    action = page.locator("form.actie-toevoegen")
    action.get_by_label(re.compile(r"^Actie:?$")).fill("Inschrijving regelen")
    action.get_by_label("Partner").select_option(label="reclassering (synthetisch)")
    action.get_by_label("Verantwoordelijke").fill("R. Synthetisch")
    deadline = timezone.localdate() + timedelta(days=14)
    action.get_by_label("Uiterlijk").fill(deadline.isoformat())
    action.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator("#plan table")).to_contain_text("Inschrijving regelen")

    page.get_by_role("button", name="Plan indienen bij het expertpanel").click()
    expect(page.locator("#plan-status")).to_contain_text("ingediend bij het expertpanel")

    # the panel returns it with remarks
    panel = logged_in_page(panel_member)
    _menu(panel, "Expertpanel")
    panel.get_by_role("link", name="Plan van Daan Visser bekijken").click()
    panel.get_by_label("teruggegeven met opmerkingen").check()
    panel.get_by_role("textbox", name="Opmerkingen").fill("Betrek ook de school.")
    panel.get_by_role("button", name="Besluit vastleggen").click()
    expect(panel.locator("#plan-status")).to_have_text("teruggegeven door het expertpanel")

    # the regisseur reads the remarks and submits again; the panel approves
    page.reload()
    expect(page.locator("#besluiten")).to_contain_text("Betrek ook de school.")
    page.get_by_role("button", name="Plan indienen bij het expertpanel").click()
    expect(page.locator("#plan-status")).to_contain_text("ingediend bij het expertpanel")
    panel.reload()
    panel.get_by_label("goedgekeurd", exact=True).check()
    panel.get_by_role("button", name="Besluit vastleggen").click()
    expect(panel.locator("#plan-status")).to_have_text("goedgekeurd door het expertpanel")
    expect(panel.locator("#besluiten tbody tr")).to_have_count(2)
    assert Plan.objects.get(case=case).status == PlanStatus.APPROVED

    # the regisseur records a review for outflow
    page.reload()
    review = page.locator("#toets-vastleggen")
    review.get_by_label("Getoetst op").fill(timezone.localdate().isoformat())
    review.get_by_label("voorstel uitstroom", exact=False).check()
    review.get_by_label("Onderbouwing").fill("Doelen bereikt; de aanpak voegt niets meer toe.")
    review.get_by_role("button", name="Toets vastleggen").click()
    expect(page.locator("#open-uitstroom")).to_be_visible()

    # the programme manager sees the caseload, then confirms the outflow on the case page
    boss = logged_in_page(manager)
    _menu(boss, "Overzicht regie")
    expect(boss.locator("#caseload table").first).to_contain_text("Regisseur Synthetisch")
    expect(boss.locator("#caseload table").first.locator("tbody tr")).to_have_text(
        ["Regisseur Synthetisch Zorg- en Veiligheidshuis (synthetisch) 1"], use_inner_text=True
    )
    boss.goto(f"/dossiers/{case.pk}/")
    article = boss.locator("#uitstroomvoorstellen article").first
    article.get_by_label("Toelichting").fill("Doelen bereikt.")
    article.get_by_label("Organisatie die het overneemt (warme overdracht)").fill("Wijkteam Noord")
    article.get_by_label("Gezamenlijke inschatting: welke zorg of steun is nog nodig?").fill(
        "Lichte begeleiding bij school."
    )
    article.get_by_role("button", name="Uitstroom bevestigen").click()
    expect(boss.locator("#status")).to_have_text("uitgestroomd")
    case.refresh_from_db()
    assert case.status == CaseStatus.OUTFLOWED
