"""Dossiers: a case that ended (outflowed or withdrawn) goes REGIE_BEWAAR_DOSSIER_JAREN
years after it ended, with everything under it; its person's facts go in the same run."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from letterkit import daan_in_regie, region_after_round, sem, sem_outflowed
from pytest_django.fixtures import Settings
from retentionkit import as_rows, case_ended_on, names_with_facts, years_on

from regie.cases.models import Case, CaseTransition, OutflowProposal
from regie.cases.services import case_withdraw
from regie.deliveries.models import Fact
from regie.letters.constants import LetterKind
from regie.letters.models import Letter
from regie.letters.services import letter_produce
from regie.plans.constants import LifeDomain
from regie.plans.models import Bottleneck, BottleneckStep, CaseMeeting, Goal, Plan
from regie.plans.services import bottleneck_raise, case_meeting_record, goal_add, plan_create
from regie.retention.models import RoundTrim
from regie.retention.services import retention_run
from regie.rounds.models import Round, RoundOutcome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _terms(settings: Settings) -> None:
    settings.RETENTION_FACTS_DAYS = 0
    settings.RETENTION_DOSSIER_YEARS = 5
    settings.RETENTION_AUDIT_YEARS = 100


def _sem_ended_on(folder: Path, day: date) -> None:
    """The round, decided: Daan in regie, Sem outflowed on ``day``."""
    users = region_after_round(folder)
    daan_in_regie(users)
    sem_outflowed(users)
    case_ended_on(sem(users), day)


def test_a_dossier_stays_until_the_last_day_of_its_term(tmp_path: Path) -> None:
    # given Sem outflowed five years ago less one day
    today = timezone.localdate()
    _sem_ended_on(tmp_path, years_on(today, -5) + timedelta(days=1))
    # when retention runs today
    results = retention_run(today=today, dry_run=False, actor=None)
    # then Sem's case and facts stay; only those of Noor and Mila (not selected) go
    assert as_rows(results)[:4] == [
        ("dossiers", 0),
        ("outcomes", 1),
        ("facts", 7),
        ("identity_records", 2),
    ]
    assert sorted(Case.objects.values_list("voornamen", flat=True)) == ["Daan", "Sem"]
    assert names_with_facts() == ["Daan", "Sem"]


def test_a_dossier_goes_on_the_day_its_term_ends_and_with_it_the_persons_facts(
    tmp_path: Path,
) -> None:
    # given Sem outflowed exactly five years ago
    today = timezone.localdate()
    _sem_ended_on(tmp_path, years_on(today, -5))
    sem_case = Case.objects.get(voornamen="Sem")
    (round,) = Round.objects.all()
    assert sorted(p["voornamen"] for p in round.participants) == ["Sem"]
    # when retention runs today
    results = retention_run(today=today, dry_run=False, actor=None)
    # then Sem's case goes with its transitions and outflow proposal, and now that he
    # counts as not selected, his outcome (1), facts (2) and identity record (1) too
    assert as_rows(results)[:4] == [
        ("dossiers", 1),
        ("outcomes", 2),
        ("facts", 9),
        ("identity_records", 3),
    ]
    assert list(Case.objects.values_list("voornamen", flat=True)) == ["Daan"]
    assert CaseTransition.objects.filter(case_id=sem_case.pk).count() == 0
    assert OutflowProposal.objects.count() == 0
    assert names_with_facts() == ["Daan"]
    assert list(RoundOutcome.objects.values_list("voornamen", flat=True)) == ["Daan"]
    # and the round's list of participants at its start no longer holds his name
    round.refresh_from_db()
    assert round.participants == []
    assert round.outcomes_sha256 != ""
    assert sorted(RoundTrim.objects.filter(round=round).values_list("deletion__kind", "count")) == [
        ("dossiers", 1),
        ("facts", 9),
        ("outcomes", 2),
    ]


def test_a_withdrawn_case_goes_with_its_plan_letters_meetings_and_bottlenecks(
    tmp_path: Path,
) -> None:
    # given Daan in regie with a plan, a goal, a case meeting, a bottleneck and a letter,
    # withdrawn five years ago
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    regisseur = users["regisseur"]
    plan = plan_create(case=case, created_by=regisseur, summary="Synthetisch plan.")
    goal_add(
        plan=plan,
        added_by=regisseur,
        life_domain=LifeDomain.SCHOOL_WORK,
        description="Naar school.",
    )
    case_meeting_record(
        case=case, recorded_by=regisseur, held_on=timezone.localdate(), notes="Afspraken."
    )
    bottleneck_raise(case=case, raised_by=regisseur, description="Wachtlijst.")
    letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["manager"])
    case = case_withdraw(case=case, withdrawn_by=regisseur, reason="Synthetische reden.")
    today = timezone.localdate()
    case_ended_on(case, years_on(today, -5))
    # when retention runs today
    results = retention_run(today=today, dry_run=False, actor=None)
    # then the case and everything under it are gone
    assert as_rows(results)[0] == ("dossiers", 1)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert [
        m._default_manager.count()
        for m in (Plan, Goal, CaseMeeting, Bottleneck, BottleneckStep, Letter, CaseTransition)
    ] == [0, 0, 0, 0, 0, 0, 1]
    # and the transition left is Sem's (taken over as a participant), whose outflow is
    # still open: the round is not decided, so Daan's facts and outcome stay until it is
    assert list(CaseTransition.objects.values_list("case__voornamen", flat=True)) == ["Sem"]
    assert Fact.objects.filter(voornamen="Daan").count() == 5
    assert RoundOutcome.objects.filter(voornamen="Daan").count() == 1
