"""The regisseur's and the programme manager's overviews, the panel's agenda, an
intervention provider's view of a plan and the CSV export, on hand-made synthetic data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from planfixtures import (
    action,
    bottleneck,
    meeting,
    organisation,
    panel_decision,
    participant,
    partner,
    plan_for,
    regisseur,
    review,
    subgoal_in,
    user,
)

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus, OutflowOrigin
from regie.cases.models import Case, OutflowProposal
from regie.plans.constants import ActionStatus, EscalationLevel, LifeDomain
from regie.plans.export import cell_neutralised, manager_overview_csv
from regie.plans.selectors import (
    AgendaItem,
    Clock,
    OnTime,
    PartnerActions,
    intervention_view,
    manager_overview,
    panel_agenda,
    regisseur_overview,
)

pytestmark = pytest.mark.django_db

JAN_5 = date(2026, 1, 5)


@dataclass
class Region:
    zvh: Organisation
    jb: Organisation
    anna: User
    bram: User
    cem: User
    cases: dict[str, Case]


def three_regisseurs() -> Region:
    """Three regisseurs in two organisations and their participants, seen on 2026-03-16.

    Plans (due four weeks after assignment): Aalst on its due date, Berg a day late, Claes
    early (ZVH: 2 of 3 on time); Dijk not yet due, Eren never submitted (JB: 0 of 1).
    """
    zvh, jb = organisation("Zorg- en Veiligheidshuis"), organisation("Jeugdbescherming")
    anna = regisseur("anna", zvh, "Anna Aalbers")
    bram = regisseur("bram", zvh, "Bram Bos")
    cem = regisseur("cem", jb, "Cem Celik")
    aalst = participant(anna, achternaam="Aalst", assigned=JAN_5)
    berg = participant(anna, achternaam="Berg", assigned=JAN_5)
    claes = participant(bram, achternaam="Claes", assigned=date(2026, 1, 12))
    dijk = participant(cem, achternaam="Dijk", assigned=date(2026, 3, 2))
    eren = participant(cem, achternaam="Eren", assigned=JAN_5)
    faber = participant(cem, achternaam="Faber", assigned=JAN_5, status=CaseStatus.OUTFLOWED)
    plan_for(aalst, submitted=date(2026, 2, 2), status="submitted")
    plan_for(berg, submitted=date(2026, 2, 3), status="submitted")
    plan_for(claes, submitted=date(2026, 2, 1), status="submitted")
    plan_for(dijk)
    cases = {"Aalst": aalst, "Berg": berg, "Claes": claes, "Dijk": dijk}
    return Region(zvh, jb, anna, bram, cem, cases | {"Eren": eren, "Faber": faber})


# --- the regisseur's overview ---------------------------------------------------------------


def test_the_regisseur_overview_shows_only_own_participants() -> None:
    # given Anna's two participants, Bram's and Cem's, and Cem's outflowed case
    region = three_regisseurs()

    # when
    overview = regisseur_overview(region.anna, today=date(2026, 3, 16))

    # then
    assert [item.case.achternaam for item in overview.cases] == ["Aalst", "Berg"]
    assert overview.total_cases == 2


def test_the_regisseur_overview_lists_what_is_overdue_per_case() -> None:
    # given Anna's Berg without a case meeting and with a late running action, and Aalst with
    # a recent meeting and a late action that is done
    region = three_regisseurs()
    aalst, berg = region.cases["Aalst"], region.cases["Berg"]
    meeting(aalst, date(2026, 3, 10))
    police = organisation("Politie")
    done = subgoal_in(aalst.plan, domain=LifeDomain.JUSTICE, goal="geen delicten", subgoal="x")
    action(done, police, description="gesprek", deadline=date(2026, 3, 1), status=ActionStatus.DONE)
    running = subgoal_in(berg.plan, domain=LifeDomain.HOUSING, goal="woonplek", subgoal="y")
    late = action(running, police, description="melding", deadline=date(2026, 3, 15))
    action(running, police, description="later", deadline=date(2026, 3, 16))

    # when
    overview = regisseur_overview(region.anna, today=date(2026, 3, 16))

    # then
    first, second = overview.cases
    assert (first.overdue_clocks, first.overdue_actions) == ([], [])
    assert second.overdue_clocks == [Clock("casusoverleg", date(2026, 3, 2), None, True)]
    assert second.overdue_actions == [late]
    assert overview.total_overdue == 2


def test_the_regisseur_overview_groups_unfinished_actions_by_partner() -> None:
    # given actions of the police, the GGD and compulsory education in every state
    region = three_regisseurs()
    aalst = region.cases["Aalst"]
    police, ggd, school = organisation("Politie"), organisation("GGD"), organisation("Leerplicht")
    sub = subgoal_in(aalst.plan, domain=LifeDomain.HEALTH, goal="zorg", subgoal="behandeling")
    blocked = action(
        sub, police, description="b", deadline=date(2026, 4, 2), status=ActionStatus.BLOCKED
    )
    opened = action(sub, police, description="a", deadline=date(2026, 4, 1))
    running = action(
        sub, ggd, description="c", deadline=date(2026, 4, 3), status=ActionStatus.RUNNING
    )
    action(sub, ggd, description="d", deadline=date(2026, 4, 4), status=ActionStatus.DONE)
    action(sub, school, description="e", deadline=date(2026, 4, 5), status=ActionStatus.DONE)

    # when
    overview = regisseur_overview(region.anna, today=date(2026, 3, 16))

    # then: by partner name, soonest deadline first, finished actions left out
    expected = [PartnerActions("GGD", [running]), PartnerActions("Politie", [opened, blocked])]
    assert overview.cases[0].waiting_on == expected
    assert overview.cases[1].waiting_on == []
    assert overview.waiting_on == expected


def test_the_regisseur_overview_shows_open_bottlenecks_and_outflow_proposals() -> None:
    # given an open and a resolved bottleneck, an open proposal to outflow on Berg
    region = three_regisseurs()
    berg = region.cases["Berg"]
    still_open = bottleneck(berg, level=EscalationLevel.CASE, raised=date(2026, 2, 1))
    bottleneck(berg, level=EscalationLevel.CASE, raised=date(2026, 2, 2), is_resolved=True)
    proposal = OutflowProposal.objects.create(case=berg, origin=OutflowOrigin.REVIEW)

    # when
    overview = regisseur_overview(region.anna, today=date(2026, 3, 16))

    # then
    aalst_view, berg_view = overview.cases
    assert (aalst_view.open_bottlenecks, aalst_view.open_outflow_proposals) == ([], [])
    assert berg_view.open_bottlenecks == [still_open]
    assert berg_view.open_outflow_proposals == [proposal]


# --- the programme manager's overview -------------------------------------------------------


def test_the_manager_overview_counts_caseload_per_regisseur_and_organisation() -> None:
    # given three regisseurs and one without participants (only an outflowed case)
    region = three_regisseurs()
    participant(
        regisseur("dirk", region.jb, "Dirk Dekker"),
        achternaam="Gerrits",
        assigned=JAN_5,
        status=CaseStatus.OUTFLOWED,
    )

    # when
    overview = manager_overview(today=date(2026, 3, 16))

    # then
    assert [(r.name, r.organisation, r.caseload) for r in overview.regisseurs] == [
        ("Anna Aalbers", "Zorg- en Veiligheidshuis", 2),
        ("Bram Bos", "Zorg- en Veiligheidshuis", 1),
        ("Cem Celik", "Jeugdbescherming", 2),
        ("Dirk Dekker", "Jeugdbescherming", 0),
    ]
    assert overview.caseload_by_organisation == {
        "Jeugdbescherming": 2,
        "Zorg- en Veiligheidshuis": 3,
    }


def test_the_manager_overview_gives_plans_on_time_per_organisation() -> None:
    # given
    three_regisseurs()

    # when
    overview = manager_overview(today=date(2026, 3, 16))

    # then: ZVH 2 of 3 on time, JB 0 of 1 (Dijk's plan is not due yet), together 2 of 4
    assert overview.plans_on_time == [
        OnTime("Jeugdbescherming", 1, 0),
        OnTime("Zorg- en Veiligheidshuis", 3, 2),
    ]
    assert [row.percentage for row in overview.plans_on_time] == [
        Decimal("0.0"),
        Decimal("66.7"),
    ]
    assert overview.plans_on_time_total == OnTime("totaal", 4, 2)
    assert overview.plans_on_time_total.percentage == Decimal("50.0")


def test_before_anything_is_due_the_on_time_percentages_are_empty() -> None:
    # given
    three_regisseurs()

    # when: the reviews fall due in July
    overview = manager_overview(today=date(2026, 3, 16))

    # then
    assert overview.reviews_on_time_total == OnTime("totaal", 0, 0)
    assert overview.reviews_on_time_total.percentage is None


def test_the_manager_overview_gives_reviews_on_time_per_organisation() -> None:
    # given on 1 December 2026: Aalst reviewed on its due date (6 July), Berg a day late,
    # Claes twice on time, Eren never (overdue since 6 July)
    region = three_regisseurs()
    review(region.cases["Aalst"], date(2026, 7, 6))
    review(region.cases["Berg"], date(2026, 7, 7))
    review(region.cases["Claes"], date(2026, 7, 1))
    review(region.cases["Claes"], date(2026, 12, 1))
    review(region.cases["Dijk"], date(2026, 8, 31))

    # when
    overview = manager_overview(today=date(2026, 12, 1))

    # then: ZVH 3 of 4, JB 1 of 2 (Dijk on its due date, Eren late), together 4 of 6
    assert overview.reviews_on_time == [
        OnTime("Jeugdbescherming", 2, 1),
        OnTime("Zorg- en Veiligheidshuis", 4, 3),
    ]
    assert overview.reviews_on_time_total == OnTime("totaal", 6, 4)
    assert overview.reviews_on_time_total.percentage == Decimal("66.7")


def test_the_manager_overview_counts_open_bottlenecks_per_level() -> None:
    # given open bottlenecks at case and panel level, a resolved one, one on an outflowed case
    region = three_regisseurs()
    cases = region.cases
    at_case = bottleneck(cases["Aalst"], level=EscalationLevel.CASE, raised=date(2026, 2, 1))
    at_panel = bottleneck(cases["Berg"], level=EscalationLevel.PANEL, raised=date(2026, 2, 2))
    bottleneck(cases["Claes"], level=EscalationLevel.PANEL, raised=JAN_5, is_resolved=True)
    bottleneck(cases["Faber"], level=EscalationLevel.CORE_GROUP, raised=JAN_5)

    # when
    overview = manager_overview(today=date(2026, 3, 16))

    # then
    assert overview.open_bottlenecks_by_level == {
        "case": 1,
        "panel": 1,
        "core_group": 0,
        "steering_group": 0,
    }
    assert overview.open_bottlenecks == [at_case, at_panel]


def test_the_manager_overview_lists_everything_overdue_soonest_first() -> None:
    # given Aalst met recently; Berg has a late action; Eren never submitted a plan
    region = three_regisseurs()
    meeting(region.cases["Aalst"], date(2026, 3, 10))
    sub = subgoal_in(region.cases["Berg"].plan, domain=LifeDomain.FAMILY, goal="g", subgoal="s")
    late = action(sub, organisation("GGD"), description="intake", deadline=date(2026, 3, 1))

    # when
    overview = manager_overview(today=date(2026, 3, 16))

    # then
    assert [(i.case.achternaam, i.what, i.due_on) for i in overview.overdue] == [
        ("Eren", "plan van aanpak", date(2026, 2, 2)),
        ("Berg", "actie", date(2026, 3, 1)),
        ("Berg", "casusoverleg", date(2026, 3, 2)),
        ("Eren", "casusoverleg", date(2026, 3, 2)),
        ("Claes", "casusoverleg", date(2026, 3, 9)),
    ]
    assert overview.overdue[1].action == late


# --- the panel's agenda ---------------------------------------------------------------------


def test_the_panel_agenda_lists_cases_to_discuss_soonest_due_first() -> None:
    # given on 10 March 2026 (horizon 24 March)
    zvh = organisation("Zorg- en Veiligheidshuis")
    rosa = regisseur("rosa", zvh, "Rosa Regisseur")
    member = user("paul", Role.PANEL_MEMBER, zvh)
    waiting = participant(rosa, achternaam="Aalst", assigned=JAN_5)  # panel due 16 March
    plan_for(waiting, submitted=date(2026, 2, 1), status="submitted")
    on_horizon = participant(rosa, achternaam="Berg", assigned=date(2026, 1, 13))  # 24 March
    plan_for(on_horizon)
    late = participant(rosa, achternaam="Claes", assigned=date(2025, 12, 22))  # 2 March
    beyond = participant(rosa, achternaam="Dijk", assigned=date(2026, 1, 14))  # 25 March
    bottleneck(beyond, level=EscalationLevel.CASE, raised=JAN_5)
    bottleneck(beyond, level=EscalationLevel.PANEL, raised=JAN_5, is_resolved=True)
    decided = participant(rosa, achternaam="Eren", assigned=JAN_5)
    panel_decision(
        plan_for(decided, submitted=date(2026, 2, 1), status="approved"), date(2026, 3, 5), member
    )
    stuck = bottleneck(
        decided, level=EscalationLevel.PANEL, raised=date(2026, 2, 20), escalated=date(2026, 3, 4)
    )
    gone = participant(rosa, achternaam="Faber", assigned=date(2025, 12, 1))
    gone.status = CaseStatus.OUTFLOWED
    gone.save(update_fields=["status"])

    # when
    agenda = panel_agenda(today=date(2026, 3, 10))

    # then
    assert agenda == [
        AgendaItem(late, "bespreking door het expertpanel is te laat", date(2026, 3, 2)),
        AgendaItem(decided, "knelpunt geëscaleerd naar het expertpanel", date(2026, 3, 4), stuck),
        AgendaItem(waiting, "plan van aanpak ingediend: wacht op een besluit", date(2026, 3, 16)),
        AgendaItem(on_horizon, "bespreking door het expertpanel binnenkort", date(2026, 3, 24)),
    ]


# --- an intervention provider's view --------------------------------------------------------


def test_an_intervention_provider_sees_only_the_own_organisations_actions() -> None:
    # given a plan with actions of the police and the GGD, both partners in the case
    zvh, police, ggd = organisation("ZVH"), organisation("Politie"), organisation("GGD")
    case = participant(regisseur("rosa", zvh), achternaam="Aalst", assigned=JAN_5)
    partner(case, police)
    partner(case, ggd)
    plan = plan_for(case)
    justice = subgoal_in(plan, domain=LifeDomain.JUSTICE, goal="geen delicten", subgoal="a")
    action(justice, police, description="politie 1", deadline=date(2026, 3, 1))
    ggd_justice = action(justice, ggd, description="ggd 1", deadline=date(2026, 3, 2))
    care = subgoal_in(plan, domain=LifeDomain.HEALTH, goal="zorg", subgoal="b")
    ggd_care_late = action(care, ggd, description="ggd 3", deadline=date(2026, 4, 1))
    ggd_care = action(care, ggd, description="ggd 2", deadline=date(2026, 3, 3))
    other = subgoal_in(plan, domain=LifeDomain.HEALTH, goal="zorg", subgoal="c")
    action(other, police, description="politie 2", deadline=date(2026, 3, 4))
    nurse = user("gea", Role.INTERVENTION_PROVIDER, ggd)

    # when
    view = intervention_view(nurse, case)

    # then: goals in the plan's order (by life domain), only the GGD's actions
    assert view == [
        (care.goal, care, [ggd_care, ggd_care_late]),
        (justice.goal, justice, [ggd_justice]),
    ]


def test_an_intervention_provider_whose_organisation_is_no_partner_sees_nothing() -> None:
    # given an action of compulsory education, which is not a partner in the case
    zvh, school = organisation("ZVH"), organisation("Leerplicht")
    case = participant(regisseur("rosa", zvh), achternaam="Aalst", assigned=JAN_5)
    partner(case, organisation("Politie"))
    sub = subgoal_in(plan_for(case), domain=LifeDomain.SCHOOL_WORK, goal="school", subgoal="a")
    action(sub, school, description="gesprek", deadline=date(2026, 3, 1))

    # when / then
    assert intervention_view(user("lia", Role.INTERVENTION_PROVIDER, school), case) == []
    assert intervention_view(user("nobody", Role.INTERVENTION_PROVIDER, None), case) == []


# --- the export -----------------------------------------------------------------------------


def test_the_manager_export_is_one_table_with_a_header() -> None:
    # given
    three_regisseurs()

    # when
    text = manager_overview_csv(manager_overview(today=date(2026, 3, 16)))

    # then
    rows = list(csv.reader(io.StringIO(text)))
    assert text.startswith("soort,naam,organisatie,aantal,op tijd,percentage\r\n")
    assert ["caseload regisseur", "Anna Aalbers", "Zorg- en Veiligheidshuis", "2", "", ""] in rows
    assert ["plannen op tijd", "", "Zorg- en Veiligheidshuis", "3", "2", "66.7"] in rows
    assert ["plannen op tijd", "", "totaal", "4", "2", "50.0"] in rows
    assert ["proportionaliteitstoetsen op tijd", "", "totaal", "0", "0", ""] in rows
    assert ["open knelpunten", "expertpanel", "", "0", "", ""] in rows
    assert ["te laat", "plan van aanpak", "", "1", "", ""] in rows
    assert len(rows) == 1 + 3 + 2 + 3 + 3 + 4 + 2


def test_the_manager_export_neutralises_formulas_in_names() -> None:
    # given a regisseur and an organisation whose names a spreadsheet would run
    org = organisation("+Partner")
    regisseur("evil", org, "=HYPERLINK(1) Boos")

    # when
    rows = list(csv.reader(io.StringIO(manager_overview_csv(manager_overview(today=JAN_5)))))

    # then
    assert rows[1] == ["caseload regisseur", "'=HYPERLINK(1) Boos", "'+Partner", "0", "", ""]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20", "'+31 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Politie", "Politie"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_a_cell_that_would_be_a_formula_gets_a_quote(
    value: str | int | None, expected: str
) -> None:
    assert cell_neutralised(value) == expected
