"""A small synthetic world for the privacy tests: three persons seen from every side.

- Anna Aalders (``p-anna``): a participant of regisseur Rosa, assigned ten days ago, with a
  plan waiting for the panel, an open bottleneck, probation as partner, a letter, a fact
  delivered by the police and an identity record with an open review pair.
- Bram Bakker (``p-bram``): a participant of Rosa for more than a year (clocks overdue),
  whose plan the panel approved.
- Cor Claassen (``p-cor``): a candidate the round proposed; no regisseur.

All three are outcomes of one finished round. Every name and key is made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cases.constants import CaseStatus
from regie.cases.models import Case, CaseTransition
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.identity.models import IdentityRecord, LinkageRun, ReviewPair
from regie.letters.models import Letter
from regie.plans.constants import EscalationLevel, PanelDecisionKind, PlanStatus
from regie.plans.models import Bottleneck, CasePartner, PanelDecision, Plan
from regie.rounds.constants import OutcomeKind, RoundStatus
from regie.rounds.models import Round, RoundOutcome

ANNA, BRAM, COR, LOOSE = "p-anna", "p-bram", "p-cor", "~losse-record"
ANNA_BORN = date(2008, 4, 9)


@dataclass
class World:
    users: dict[str, User]
    cases: dict[str, Case]
    round: Round
    outcomes: dict[str, RoundOutcome]
    pair: ReviewPair
    plan: Plan
    letter: Letter


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _user(username: str, name: str, role: Role, organisation: Organisation) -> User:
    first, _, last = name.partition(" ")
    return User.objects.create_user(
        username=username, role=role, organisation=organisation, first_name=first, last_name=last
    )


def world_build() -> World:
    zvh = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    probation = Organisation.objects.create(
        name="Reclassering (synthetisch)", partner="reclassering"
    )
    police = Organisation.objects.create(name="Politie (synthetisch)", partner="politie")
    users = {
        "analist": _user("analist", "Ali Analist", Role.ANALYST, zvh),
        "regisseur": _user("regisseur", "Rosa Regisseur", Role.REGISSEUR, zvh),
        "manager": _user("manager", "Mo Manager", Role.PROGRAMME_MANAGER, zvh),
        "panel": _user("panel", "Pim Panel", Role.PANEL_MEMBER, zvh),
        "reclassering": _user(
            "reclassering", "Ruud Reclassering", Role.INTERVENTION_PROVIDER, probation
        ),
        "fg": _user("fg", "Femke Gegevens", Role.PRIVACY_OFFICER, zvh),
        "leverancier": _user("leverancier", "Lars Levering", Role.PARTNER_SUPPLIER, police),
    }
    today = timezone.localdate()
    round = Round.objects.create(
        peildatum=date(2026, 2, 1),
        status=RoundStatus.DONE,
        started_by=users["analist"],
        engine="duckdb",
    )
    people = {
        ANNA: ("Aalders", "Anna", ANNA_BORN, OutcomeKind.STAYS),
        BRAM: ("Bakker", "Bram", date(2007, 1, 20), OutcomeKind.STAYS),
        COR: ("Claassen", "Cor", date(2009, 11, 2), OutcomeKind.INFLOW),
    }
    outcomes = {
        key: RoundOutcome.objects.create(
            round=round,
            person_key=key,
            approach="top400",
            outcome=kind,
            achternaam=last,
            voornamen=first,
            geboortedatum=born,
        )
        for key, (last, first, born, kind) in people.items()
    }
    assigned = {ANNA: today - timedelta(days=10), BRAM: today - timedelta(days=400)}
    cases = {}
    for key, (last, first, born, _) in people.items():
        is_participant = key in assigned
        cases[key] = Case.objects.create(
            person_key=key,
            approach="top400",
            achternaam=last,
            voornamen=first,
            geboortedatum=born,
            status=CaseStatus.IN_REGIE if is_participant else CaseStatus.PROPOSED,
            round=round,
            outcome=outcomes[key],
            regisseur=users["regisseur"] if is_participant else None,
            regisseur_assigned_at=_moment(assigned[key]) if is_participant else None,
            instroomdatum=assigned.get(key),
            dossier=f"Synthetisch dossier van {first}." if is_participant else "",
            dossier_by=users["analist"] if is_participant else None,
            dossier_at=_moment(today - timedelta(days=20)) if is_participant else None,
        )
        CaseTransition.objects.create(
            case=cases[key],
            from_status="",
            to_status=CaseStatus.PROPOSED,
            by=users["analist"],
            reason="voorgesteld door de criteria",
        )
    plan = Plan.objects.create(
        case=cases[ANNA],
        status=PlanStatus.SUBMITTED,
        summary="Anna wil haar school afmaken.",
        created_by=users["regisseur"],
        submitted_at=_moment(today - timedelta(days=2)),
    )
    bram_plan = Plan.objects.create(
        case=cases[BRAM],
        status=PlanStatus.APPROVED,
        summary="Bram zoekt werk.",
        created_by=users["regisseur"],
        submitted_at=_moment(today - timedelta(days=380)),
    )
    PanelDecision.objects.create(
        plan=bram_plan, decision=PanelDecisionKind.APPROVED, decided_by=users["panel"]
    )
    Bottleneck.objects.create(
        case=cases[ANNA],
        description="Er is nog geen plek op een school.",
        level=EscalationLevel.CASE,
        raised_by=users["regisseur"],
    )
    CasePartner.objects.create(
        case=cases[ANNA],
        organisation=probation,
        role="toezicht",
        contact="R. Reclassering",
        added_by=users["regisseur"],
    )
    letter = Letter.objects.create(
        case=cases[ANNA],
        kind="inflow",
        addressed_to="Anna Aalders",
        pdf=b"%PDF-1.4 synthetisch",
        sha256="0" * 64,
        produced_by=users["regisseur"],
    )
    delivery = Delivery.objects.create(
        organisation=police,
        partner="politie",
        file_name="politie.csv",
        sha256="1" * 64,
        status=DeliveryStatus.ACCEPTED,
        channel=Channel.COMMAND_LINE,
        rows=2,
        delivered_by=users["leverancier"],
    )
    for line, (key, last, first, born, categorie) in enumerate(
        (
            (ANNA, "Aalders", "Anna", ANNA_BORN, "straatroof"),
            (BRAM, "Bakker", "Bram", date(2007, 1, 20), "woninginbraak"),
        ),
        start=2,
    ):
        Fact.objects.create(
            delivery=delivery,
            line=line,
            bron="politie",
            bron_id=f"P-{line}",
            bsn_pseudonym=key,
            achternaam=last,
            voornamen=first,
            geboortedatum=born,
            soort="aanhouding",
            datum=date(2025, 3, 3),
            categorie=categorie,
        )
    run = LinkageRun.objects.create(started_by=users["analist"], finished_at=timezone.now())
    anna_record = IdentityRecord.objects.create(
        run=run,
        record_id="a" * 24,
        bsn_pseudonym=ANNA,
        achternaam="Aalders",
        voornamen="Anna",
        geboortedatum=ANNA_BORN,
        gemeente="amsterdam",
        rows=1,
        partners={"politie": 1},
        person_key=ANNA,
    )
    loose = IdentityRecord.objects.create(
        run=run,
        record_id="b" * 24,
        bsn_pseudonym=None,
        achternaam="Aalders",
        voornamen="Ana",
        geboortedatum=ANNA_BORN,
        gemeente=None,
        rows=1,
        partners={"gemeente_amsterdam": 1},
        person_key=LOOSE,
    )
    pair = ReviewPair.objects.create(
        run=run,
        record_l=anna_record,
        record_r=loose,
        match_weight=4.0,
        match_probability=0.8,
        prior_weight=-10.0,
        comparisons=[],
        reason="in het twijfelgebied",
    )
    return World(users, cases, round, outcomes, pair, plan, letter)
