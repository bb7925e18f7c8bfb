"""A round over the application's own data: outcomes, explanations, proposals, replay.

The region is tests/rounds/oversightkit.py: five partners deliver; Daan enters the Top400,
Noor misses it by one care signal, Sem (a participant) is proposed for outflow.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from oversightkit import FILES, HEADER, PEILDATUM, region_deliver, region_ready

from regie.audit.models import AuditEvent
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case, OutflowProposal
from regie.deliveries.constants import Channel
from regie.deliveries.services import delivery_receive
from regie.identity.services import linkage_run_start
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round, RoundFinalised, RoundOutcome
from regie.rounds.selectors import round_preflight
from regie.rounds.services import RoundNotAllowed, RoundNotReady, round_replay, round_start

pytestmark = pytest.mark.django_db

NEVER_DELIVERED = [
    "gemeente_aalsmeer",
    "gemeente_amstelveen",
    "gemeente_diemen",
    "gemeente_ouder_amstel",
    "gemeente_uithoorn",
    "jbra",
    "wss",
]


def _outcomes(round: Round) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return sorted(
        (o.voornamen, o.approach, o.outcome, tuple(o.reasons))
        for o in RoundOutcome.objects.filter(round=round)
    )


def test_a_round_proposes_inflow_and_outflow_and_names_the_near_miss(tmp_path: Path) -> None:
    # given the small region, delivered, linked, with one participant
    users = region_ready(tmp_path)
    # when the analyst runs a round
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    # then every outcome is stored with its reasons
    assert round.status == RoundStatus.DONE
    assert _outcomes(round) == [
        (
            "Daan",
            "top400",
            "instroom",
            (
                "politie_hic_aanhouding",
                "zorg_a_justitiele_maatregel",
                "zorg_c_school",
                "zorg_d_huiselijk_geweld",
            ),
        ),
        ("Noor", "top400", "bijna", ("zorgcriterium",)),
        ("Sem", "top400", "uitstroom", ("aanhoudingen",)),
    ]
    assert round.counts == {
        "top400": {"instroom": 1, "blijft": 0, "uitstroom": 1, "onbekend": 0, "bijna": 1},
        "top600": {"instroom": 0, "blijft": 0, "uitstroom": 0, "onbekend": 0},
    }
    # and the proposals: a proposed case for Daan, an outflow proposal for Sem
    daan = Case.objects.get(voornamen="Daan")
    assert (daan.status, daan.approach, daan.round_id) == (CaseStatus.PROPOSED, "top400", round.pk)
    assert [(t.from_status, t.to_status, t.by.username) for t in daan.transitions.all()] == [
        ("", "proposed", "analist")
    ]
    proposal = OutflowProposal.objects.get()
    assert (proposal.case.voornamen, proposal.status, proposal.reasons) == (
        "Sem",
        OutflowStatus.OPEN,
        ["aanhoudingen"],
    )
    assert round.receipt["voorstellen"] == {
        "kandidaten": 1,
        "al_open": 0,
        "uitstroomvoorstellen": 1,
        "uitstroom_al_open": 0,
    }


def test_the_explanation_holds_each_criterion_with_count_window_and_facts(
    tmp_path: Path,
) -> None:
    # given a finished round
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    # when Daan's explanation is read
    daan = RoundOutcome.objects.get(round=round, voornamen="Daan")
    criteria = {c["id"]: c for c in daan.explanation["criteria"]}
    # then the police criterion names the arrest, its date and partner, the window
    assert criteria["politie_hic_aanhouding"] == {
        "id": "politie_hic_aanhouding",
        "label": criteria["politie_hic_aanhouding"]["label"],
        "bron": criteria["politie_hic_aanhouding"]["bron"],
        "uitkomst": "voldaan",
        "aantal": 1,
        "drempel": {"ten_minste": 1},
        "venster": {"van": "2021-02-02", "tot_en_met": "2026-02-01"},
        "bewijs": [
            {
                "bron": "politie",
                "bron_id": "p-1",
                "datum": "2025-03-10",
                "einddatum": None,
                "categorie": "straatroof",
                "detail": None,
            }
        ],
    }
    assert (criteria["zorgcriterium"]["uitkomst"], criteria["zorgcriterium"]["aantal"]) == (
        "voldaan",
        3,
    )
    # and Noor's shows the failed care criterion: two of the three signals
    noor = RoundOutcome.objects.get(round=round, voornamen="Noor")
    care = next(c for c in noor.explanation["criteria"] if c["id"] == "zorgcriterium")
    assert (care["uitkomst"], care["aantal"], care["drempel"]) == (
        "niet voldaan",
        2,
        {"ten_minste": 3},
    )
    # and, as for everyone with an outcome, the facts behind the signals she does have
    school = next(c for c in noor.explanation["criteria"] if c["id"] == "zorg_c_school_signaal")
    assert [(f["bron"], f["bron_id"], f["datum"], f["categorie"]) for f in school["bewijs"]] == [
        ("gemeente_amsterdam", "g-4", "2025-01-10", "vsv")
    ]


def test_the_receipt_names_regelingen_engine_deliveries_and_missing_partners(
    tmp_path: Path,
) -> None:
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    receipt = round.receipt
    assert receipt["opdracht"] == "instroommoment"
    assert receipt["peildatum"] == "2026-02-01"
    assert receipt["engine"]["naam"] == connection.vendor
    assert [r["bestand"] for r in receipt["regelingen"]] == [
        "top400/2022-01-01.yaml",
        "top600/2022-01-01.yaml",
    ]
    assert receipt["aanleveringen"] == round.delivery_ids
    assert len(round.delivery_ids) == len(FILES)
    assert receipt["ontbrekende_bronnen"] == [  # in the order of the delivery format
        "jbra",
        "wss",
        "gemeente_amstelveen",
        "gemeente_aalsmeer",
        "gemeente_diemen",
        "gemeente_ouder_amstel",
        "gemeente_uithoorn",
    ]
    assert round.missing_partners == NEVER_DELIVERED
    assert receipt["uitkomsten_sha256"] == round.outcomes_sha256
    assert len(round.outcomes_sha256) == 64
    assert receipt["deelnemers"] == 1


def test_replaying_a_round_gives_the_same_outcomes_after_a_later_linkage_run(
    tmp_path: Path,
) -> None:
    # given a finished round
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    # when identity resolution runs again and the round is replayed
    linkage_run_start(started_by=users["analist"])
    replayed = round_replay(Round.objects.get(pk=round.pk))
    # then the fingerprint of the outcomes is the stored one
    assert replayed == round.outcomes_sha256


def test_a_finished_round_and_its_outcomes_cannot_be_changed(tmp_path: Path) -> None:
    users = region_ready(tmp_path)
    round = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    stored = Round.objects.get(pk=round.pk)
    stored.peildatum = date(2026, 1, 1)
    with pytest.raises(RoundFinalised):
        stored.save()
    with pytest.raises(RoundFinalised):
        stored.delete()
    outcome = RoundOutcome.objects.filter(round=round).first()
    assert outcome is not None
    outcome.outcome = "blijft"
    with pytest.raises(RoundFinalised):
        outcome.save()
    with pytest.raises(RoundFinalised):
        outcome.delete()
    assert Round.objects.get(pk=round.pk).peildatum == PEILDATUM
    assert RoundOutcome.objects.filter(round=round).count() == 3


def test_a_partner_that_did_not_deliver_again_makes_its_criteria_unknown(
    tmp_path: Path,
) -> None:
    # given a finished round, after which only the police delivers again
    users = region_ready(tmp_path)
    round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    again = tmp_path / "politie-2.csv"
    again.write_text(
        HEADER
        + "".join(r + "\n" for r in FILES["politie"])
        + "politie,p-6,300000029,Jong,de,Sem,2005-03-03,aanhouding,2026-01-05,,diefstal,\n",
        encoding="utf-8",
    )
    delivery_receive(
        path=again,
        partner="politie",
        delivered_by=users["beheerder"],
        channel=Channel.COMMAND_LINE,
    )
    linkage_run_start(started_by=users["analist"])
    # when the next round is prepared
    preflight = round_preflight()
    # then the four partners that did not deliver again are stale, and named as missing
    assert preflight.stale == ["dji", "gemeente_amsterdam", "om", "reclassering"]
    assert preflight.missing == sorted(
        ["dji", "gemeente_amsterdam", "om", "reclassering", *NEVER_DELIVERED]
    )
    assert preflight.blocking == []
    # and in the round their criteria are unknown: no one enters or leaves on old data
    second = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    assert [d.partner for d in preflight.deliveries] == ["politie"]
    # (the reason of an unknown outcome is the rule whose value is unknown)
    assert _outcomes(second) == [
        ("Daan", "top400", "onbekend", ("instroom",)),
        ("Noor", "top400", "onbekend", ("instroom",)),
        ("Sem", "top400", "onbekend", ("detentie_dagen",)),
    ]


def test_a_round_waits_for_the_linkage_of_new_deliveries(tmp_path: Path) -> None:
    # given deliveries that were never linked
    users = region_ready(tmp_path)
    region_deliver_again = tmp_path / "om-2.csv"
    region_deliver_again.write_text(
        HEADER + "om,om-2,300000030,Smit,,Mila,1990-10-10,veroordeling,2025-02-02,,diefstal,"
        "geldboete\n",
        encoding="utf-8",
    )
    delivery_receive(
        path=region_deliver_again,
        partner="om",
        delivered_by=users["beheerder"],
        channel=Channel.COMMAND_LINE,
    )
    # when a round is started, then it is refused with the reason, and nothing is recorded
    with pytest.raises(RoundNotReady) as refused:
        round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    assert refused.value.reasons == [
        "De nieuwste aanlevering van om is nog niet gekoppeld: start eerst een koppelronde."
    ]
    assert Round.objects.count() == 0


def test_only_an_analyst_starts_a_round_and_never_for_a_future_peildatum(
    tmp_path: Path,
) -> None:
    users = region_ready(tmp_path)
    with pytest.raises(RoundNotAllowed) as not_allowed:
        round_start(peildatum=PEILDATUM, started_by=users["manager"], background=False)
    assert str(not_allowed.value) == "manager mag geen instroommoment starten"
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(RoundNotReady) as future:
        round_start(peildatum=tomorrow, started_by=users["analist"], background=False)
    assert future.value.reasons == [f"De peildatum {tomorrow:%d-%m-%Y} ligt in de toekomst."]
    assert Round.objects.count() == 0
    assert not AuditEvent.objects.filter(action="round_started").exists()


def test_without_a_linkage_run_there_is_no_round(tmp_path: Path) -> None:
    from oversightkit import user_make

    from regie.accounts.constants import Role

    beheerder = user_make("beheerder", Role.ADMINISTRATOR)
    analist = user_make("analist", Role.ANALYST)
    region_deliver(tmp_path, delivered_by=beheerder)
    with pytest.raises(RoundNotReady) as refused:
        round_start(peildatum=PEILDATUM, started_by=analist, background=False)
    assert refused.value.reasons == [
        "Er is nog geen koppelronde gedraaid: start eerst een koppelronde."
    ]


def test_a_second_round_does_not_propose_a_person_whose_case_is_open(tmp_path: Path) -> None:
    # given Daan's case is open from the first round, and every partner delivers again
    users = region_ready(tmp_path)
    round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    for partner, rows in FILES.items():
        path = tmp_path / f"{partner}-2.csv"
        # the same rows with Windows line ends: another file, the same facts
        text = (HEADER + "".join(r + "\n" for r in rows)).replace("\n", "\r\n")
        path.write_bytes(text.encode())
        delivery_receive(
            path=path,
            partner=partner,
            delivered_by=users["beheerder"],
            channel=Channel.COMMAND_LINE,
        )
    linkage_run_start(started_by=users["analist"])
    # when the second round runs
    second = round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    # then Daan is an inflow outcome again, but no second case is made; nor a second
    # outflow proposal for Sem, whose first one still waits for a decision
    assert second.receipt["voorstellen"] == {
        "kandidaten": 0,
        "al_open": 1,
        "uitstroomvoorstellen": 0,
        "uitstroom_al_open": 1,
    }
    assert Case.objects.filter(voornamen="Daan").count() == 1
