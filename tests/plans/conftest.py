"""A person in regie with a regisseur, and the people around the case: another regisseur,
the programme manager, a panel member, and intervention providers of two partners."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case


@pytest.fixture
def people(db: None) -> dict[str, User]:
    zvh = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    probation = Organisation.objects.create(
        name="Reclassering (synthetisch)", partner="reclassering"
    )
    housing = Organisation.objects.create(name="Woningcorporatie (synthetisch)")

    def make(username: str, role: Role, organisation: Organisation) -> User:
        return User.objects.create_user(
            username=username,
            role=role,
            organisation=organisation,
            first_name=username.capitalize(),
            last_name="Synthetisch",
        )

    return {
        "regisseur": make("regisseur", Role.REGISSEUR, zvh),
        "regisseur2": make("regisseur2", Role.REGISSEUR, zvh),
        "manager": make("manager", Role.PROGRAMME_MANAGER, zvh),
        "panel": make("panel", Role.PANEL_MEMBER, zvh),
        "analist": make("analist", Role.ANALYST, zvh),
        "reclassering": make("reclassering", Role.INTERVENTION_PROVIDER, probation),
        "woning": make("woning", Role.INTERVENTION_PROVIDER, housing),
    }


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    assigned = timezone.localdate() - timedelta(days=10)
    return Case.objects.create(
        person_key="synthetisch-1",
        approach="top400",
        achternaam="Visser",
        voornamen="Daan",
        geboortedatum=date(2009, 6, 12),
        status=CaseStatus.IN_REGIE,
        regisseur=people["regisseur"],
        regisseur_assigned_at=timezone.make_aware(datetime.combine(assigned, datetime.min.time())),
        instroomdatum=assigned,
    )
