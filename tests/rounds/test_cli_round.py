"""``regie round start``, ``regie round replay`` and ``regie participants`` on the application."""

from __future__ import annotations

from pathlib import Path

import pytest
from oversightkit import PARTICIPANTS, PEILDATUM, region_deliver, region_ready, user_make
from typer.testing import CliRunner

from regie.accounts.constants import Role
from regie.cases.models import Case
from regie.cli import app
from regie.rounds.constants import RoundStatus
from regie.rounds.models import Round

pytestmark = pytest.mark.django_db


def test_an_analyst_runs_a_round_from_the_command_line_and_replays_it(tmp_path: Path) -> None:
    # given the small region, ready
    region_ready(tmp_path)
    # when the analyst starts a round
    result = CliRunner().invoke(
        app, ["round", "start", "--peildatum", "2026-02-01", "--gebruiker", "analist"]
    )
    # then it is done, with the partners that did not deliver named first
    assert result.exit_code == 0, result.output
    round = Round.objects.get()
    assert (round.status, round.peildatum) == (RoundStatus.DONE, PEILDATUM)
    assert result.stderr.startswith(
        "Let op: deze partners leverden niet sinds het vorige instroommoment; hun criteria "
        "zijn onbekend: gemeente_aalsmeer, gemeente_amstelveen, gemeente_diemen, "
        "gemeente_ouder_amstel, gemeente_uithoorn, jbra, wss."
    )
    assert result.stdout.startswith(f"Instroommoment {round.pk} (peildatum 01-02-2026) is klaar.")
    assert f"Vingerafdruk van de uitkomsten: {round.outcomes_sha256}" in result.stdout
    # and replaying it gives the same outcomes
    replay = CliRunner().invoke(app, ["round", "replay", str(round.pk)])
    assert replay.exit_code == 0, replay.output
    assert replay.stdout.strip() == (
        f"Gelijk: instroommoment {round.pk} geeft opnieuw dezelfde uitkomsten "
        f"({round.outcomes_sha256})."
    )


def test_a_round_that_cannot_start_exits_1_with_the_reasons(tmp_path: Path) -> None:
    # given deliveries but no linkage run
    beheerder = user_make("beheerder", Role.ADMINISTRATOR)
    user_make("analist", Role.ANALYST)
    region_deliver(tmp_path, delivered_by=beheerder)
    result = CliRunner().invoke(
        app, ["round", "start", "--peildatum", "2026-02-01", "--gebruiker", "analist"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "Het instroommoment kan niet starten:",
        "- Er is nog geen koppelronde gedraaid: start eerst een koppelronde.",
    ]
    assert Round.objects.count() == 0


def test_bad_arguments_exit_2_and_name_the_problem(tmp_path: Path) -> None:
    user_make("manager", Role.PROGRAMME_MANAGER)
    bad_date = CliRunner().invoke(
        app, ["round", "start", "--peildatum", "2026-02-30", "--gebruiker", "analist"]
    )
    assert bad_date.exit_code == 2
    assert "--peildatum" in bad_date.stderr
    nobody = CliRunner().invoke(
        app, ["round", "start", "--peildatum", "2026-02-01", "--gebruiker", "niemand"]
    )
    assert nobody.exit_code == 2
    assert "--gebruiker: er is geen gebruiker 'niemand'" in nobody.stderr
    manager = CliRunner().invoke(
        app, ["round", "start", "--peildatum", "2026-02-01", "--gebruiker", "manager"]
    )
    assert manager.exit_code == 2
    assert "niet toegestaan: manager mag geen instroommoment starten" in manager.stderr
    missing = CliRunner().invoke(app, ["round", "replay", "41"])
    assert missing.exit_code == 2
    assert "er is geen afgerond instroommoment 41" in missing.stderr


def test_the_programme_manager_takes_over_participants(tmp_path: Path) -> None:
    user_make("manager", Role.PROGRAMME_MANAGER)
    path = tmp_path / "deelnemers.csv"
    path.write_text(PARTICIPANTS, encoding="utf-8")
    result = CliRunner().invoke(app, ["participants", str(path), "--gebruiker", "manager"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 deelnemers overgenomen uit deelnemers.csv."
    assert list(Case.objects.values_list("voornamen", "approach", "status")) == [
        ("Sem", "top400", "in_regie")
    ]
    again = CliRunner().invoke(app, ["participants", str(path), "--gebruiker", "manager"])
    assert again.exit_code == 1
    assert "deelnemers.csv, regel 2, kolom bsn: heeft al een open dossier voor top400" in (
        again.stderr
    )
    assert Case.objects.count() == 1
