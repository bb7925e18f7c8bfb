"""The manager's overview on a synthetic region: its figures equal what the generator of
the case-direction history made (its own record of on-time and late), not the overview's
own arithmetic repeated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case
from regie.cases.services import participants_import, regisseur_assign
from regie.plans.selectors import manager_overview
from regie.plans.synthetic import direction_history_make
from regie.synth.region import NoiseRates, region_write

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


def test_the_overview_of_a_synthetic_region_shows_the_generated_figures(
    tmp_path: Path,
) -> None:
    # given the participants of a synthetic region of 2,000 persons, taken over and given
    # to three regisseurs in two organisations, with a made-up history of case direction
    folder = tmp_path / "levering"
    region_write(folder, persons=2_000, seed=1, peildatum=date(2026, 2, 1), noise=NoiseRates())
    zvh = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    probation = Organisation.objects.create(
        name="Reclassering (synthetisch)", partner="reclassering"
    )
    manager = User.objects.create_user(
        username="manager", role=Role.PROGRAMME_MANAGER, organisation=zvh
    )
    panel = User.objects.create_user(username="panel", role=Role.PANEL_MEMBER, organisation=zvh)
    regisseurs = [
        User.objects.create_user(username=name, role=Role.REGISSEUR, organisation=organisation)
        for name, organisation in (("rik", zvh), ("roos", zvh), ("rosa", probation))
    ]
    cases = participants_import(path=folder / "deelnemers.csv", imported_by=manager)
    assert len(cases) == 19
    for number, case in enumerate(cases):
        regisseur_assign(case=case, assigned_by=manager, regisseur=regisseurs[number % 3])
    truth = direction_history_make(seed=3, today=TODAY, panel_member=panel, partner=probation)

    # when the programme manager's overview is made
    overview = manager_overview(today=TODAY)

    # then every figure is the generator's
    assert {load.regisseur.username: load.caseload for load in overview.regisseurs} == dict(
        truth.caseload
    )
    assert overview.caseload_by_organisation == {
        "Reclassering (synthetisch)": 6,
        "Zorg- en Veiligheidshuis (synthetisch)": 13,
    }
    plans = {row.organisation: (row.counted, row.on_time) for row in overview.plans_on_time}
    assert plans == {
        organisation: (truth.plans_counted[organisation], truth.plans_on_time[organisation])
        for organisation in truth.plans_counted
    }
    reviews = {row.organisation: (row.counted, row.on_time) for row in overview.reviews_on_time}
    assert reviews == {
        organisation: (truth.reviews_counted[organisation], truth.reviews_on_time[organisation])
        for organisation in truth.reviews_counted
    }
    assert (overview.plans_on_time_total.counted, overview.plans_on_time_total.on_time) == (
        sum(truth.plans_counted.values()),
        sum(truth.plans_on_time.values()),
    )
    assert {k: v for k, v in overview.open_bottlenecks_by_level.items() if v} == dict(
        truth.open_bottlenecks
    )
    # and the history has late plans and late reviews, so the figures are not all 100%
    assert 0 < sum(truth.plans_on_time.values()) < sum(truth.plans_counted.values()) == 19
    assert 0 < sum(truth.reviews_on_time.values()) < sum(truth.reviews_counted.values())
    assert Case.objects.filter(status=CaseStatus.IN_REGIE, regisseur=None).count() == 0
