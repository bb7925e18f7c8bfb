"""The clocks of a participant on exact dates: due, done, overdue from the day after."""

from __future__ import annotations

from datetime import date, time

import pytest
from planfixtures import (
    meeting,
    moment,
    organisation,
    panel_decision,
    participant,
    plan_for,
    regisseur,
    review,
    user,
)
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.cases.constants import CaseStatus
from regie.plans.selectors import Clock, case_clocks

pytestmark = pytest.mark.django_db

ASSIGNED = date(2026, 1, 5)


def clock_named(clocks: list[Clock], name: str) -> Clock:
    (found,) = [clock for clock in clocks if clock.name == name]
    return found


@pytest.fixture
def rosa() -> User:
    return regisseur("rosa", organisation("Zorg- en Veiligheidshuis"), "Rosa Regisseur")


def test_a_fresh_participant_has_four_clocks_counted_from_the_assignment(rosa: User) -> None:
    # given a participant whose regisseur was assigned on Monday 5 January 2026
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)

    # when
    clocks = case_clocks(case, today=ASSIGNED)

    # then
    assert clocks == [
        Clock("plan van aanpak", date(2026, 2, 2), None, False),
        Clock("casusoverleg", date(2026, 3, 2), None, False),
        Clock("expertpanel", date(2026, 3, 16), None, False),
        Clock("proportionaliteitstoets", date(2026, 7, 6), None, False),
    ]


def test_a_plan_first_submitted_on_its_due_date_is_on_time(rosa: User) -> None:
    # given
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    plan_for(case, submitted=date(2026, 2, 2), status="submitted")

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 2, 20)), "plan van aanpak")

    # then
    assert clock == Clock("plan van aanpak", date(2026, 2, 2), date(2026, 2, 2), False)
    assert clock.is_on_time is True


def test_a_plan_first_submitted_the_day_after_its_due_date_is_late(rosa: User) -> None:
    # given
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    plan_for(case, submitted=date(2026, 2, 3), status="submitted")

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 2, 20)), "plan van aanpak")

    # then: done, so no longer overdue, but not on time
    assert clock == Clock("plan van aanpak", date(2026, 2, 2), date(2026, 2, 3), False)
    assert clock.is_on_time is False


@pytest.mark.parametrize(
    ("today", "is_overdue"),
    [(date(2026, 2, 2), False), (date(2026, 2, 3), True)],
    ids=["on the due date", "the day after"],
)
def test_an_unsubmitted_plan_is_overdue_from_the_day_after_its_due_date(
    rosa: User, today: date, is_overdue: bool
) -> None:
    # given a plan still in draft
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    plan_for(case)

    # when
    clock = clock_named(case_clocks(case, today=today), "plan van aanpak")

    # then
    assert clock == Clock("plan van aanpak", date(2026, 2, 2), None, is_overdue)


def test_the_clocks_start_on_the_local_date_of_the_assignment(rosa: User) -> None:
    # given an assignment at 00:30 in Amsterdam, which is still 4 January in UTC
    case = participant(rosa, achternaam="Aydin", assigned=moment(ASSIGNED, time(0, 30)))

    # when
    clock = clock_named(case_clocks(case, today=ASSIGNED), "plan van aanpak")

    # then
    assert clock.due_on == date(2026, 2, 2)


def test_the_case_meeting_clock_restarts_from_the_last_meeting(rosa: User) -> None:
    # given two meetings, the last on 20 February 2026
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    meeting(case, date(2026, 2, 20))
    meeting(case, date(2026, 1, 19))

    # when
    on_due = clock_named(case_clocks(case, today=date(2026, 4, 17)), "casusoverleg")
    after = clock_named(case_clocks(case, today=date(2026, 4, 18)), "casusoverleg")

    # then: due 8 weeks after the last meeting, overdue the day after
    assert on_due == Clock("casusoverleg", date(2026, 4, 17), None, False)
    assert after == Clock("casusoverleg", date(2026, 4, 17), None, True)


def test_without_a_meeting_the_case_meeting_clock_is_overdue_eight_weeks_and_a_day_after_assignment(
    rosa: User,
) -> None:
    # given
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 3, 3)), "casusoverleg")

    # then
    assert clock == Clock("casusoverleg", date(2026, 3, 2), None, True)


def test_the_panel_clock_is_done_on_the_date_of_the_first_decision(rosa: User) -> None:
    # given a plan the panel decided on twice
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    plan = plan_for(case, submitted=date(2026, 2, 1), status="approved")
    member = user("paul", Role.PANEL_MEMBER, None)
    panel_decision(plan, date(2026, 3, 20), member)
    panel_decision(plan, date(2026, 3, 10), member)

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 4, 1)), "expertpanel")

    # then
    assert clock == Clock("expertpanel", date(2026, 3, 16), date(2026, 3, 10), False)


def test_the_panel_clock_without_a_decision_is_overdue_the_day_after_ten_weeks(
    rosa: User,
) -> None:
    # given a submitted plan without a decision
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    plan_for(case, submitted=date(2026, 2, 1), status="submitted")

    # when
    on_due = clock_named(case_clocks(case, today=date(2026, 3, 16)), "expertpanel")
    after = clock_named(case_clocks(case, today=date(2026, 3, 17)), "expertpanel")

    # then
    assert (on_due.is_overdue, after.is_overdue) == (False, True)
    assert after.due_on == date(2026, 3, 16)


def test_the_review_clock_restarts_from_the_last_review(rosa: User) -> None:
    # given a review on 1 July 2026
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    review(case, date(2026, 7, 1))

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 12, 31)), "proportionaliteitstoets")

    # then: 26 weeks later
    assert clock == Clock("proportionaliteitstoets", date(2026, 12, 30), None, True)


def test_the_plan_due_weeks_setting_moves_the_due_date(rosa: User, settings: Settings) -> None:
    # given a partnership that allows six weeks for a plan
    settings.PLAN_DUE_WEEKS = 6
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)

    # when
    clock = clock_named(case_clocks(case, today=date(2026, 2, 3)), "plan van aanpak")

    # then
    assert clock == Clock("plan van aanpak", date(2026, 2, 16), None, False)


def test_the_other_interval_settings_move_their_clocks(rosa: User, settings: Settings) -> None:
    # given
    settings.CASE_MEETING_WEEKS = 6
    settings.PANEL_REVIEW_WEEKS = 12
    settings.REVIEW_INTERVAL_WEEKS = 13
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)

    # when
    clocks = case_clocks(case, today=ASSIGNED)

    # then
    assert [clock.due_on for clock in clocks[1:]] == [
        date(2026, 2, 16),
        date(2026, 3, 30),
        date(2026, 4, 6),
    ]


def test_a_case_without_an_assignment_has_no_clocks(rosa: User) -> None:
    # given a participant taken over without an assignment date
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED)
    case.regisseur_assigned_at = None
    case.save(update_fields=["regisseur_assigned_at"])

    # when / then
    assert case_clocks(case, today=date(2026, 6, 1)) == []


def test_a_case_that_left_the_approach_has_no_clocks(rosa: User) -> None:
    # given
    case = participant(rosa, achternaam="Aydin", assigned=ASSIGNED, status=CaseStatus.OUTFLOWED)

    # when / then
    assert case_clocks(case, today=date(2026, 6, 1)) == []
