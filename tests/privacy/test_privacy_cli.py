"""`regie inzage`: the access request from the command line, for the privacy officer only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from privacyworld import ANNA, World
from typer.testing import CliRunner

from regie.audit.models import AuditEvent
from regie.cli import EXIT_USAGE, app


def test_the_officer_writes_the_json_of_a_case_persons_access_request(
    world: World, tmp_path: Path
) -> None:
    target = tmp_path / "inzage.json"
    arguments = ["inzage", "--dossier", str(world.cases[ANNA].pk), "--datum-verzoek"]
    arguments += ["2026-01-05", "--gebruiker", "fg", "--uitvoer", str(target)]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["persoon"]["naam"], data["datum_verzoek"]) == ("Anna Aalders", "2026-01-05")
    assert AuditEvent.objects.filter(action="access_request_produced", person_key=ANNA).count() == 1


def test_another_role_is_refused_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    target = tmp_path / "inzage.pdf"
    arguments = ["inzage", "--dossier", str(world.cases[ANNA].pk), "--datum-verzoek"]
    arguments += ["2026-01-05", "--gebruiker", "regisseur", "--uitvoer", str(target)]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == EXIT_USAGE
    assert "geen functionaris gegevensbescherming" in result.output
    assert not target.exists()
    assert not AuditEvent.objects.filter(action="access_request_produced").exists()


@pytest.mark.parametrize(
    ("dossier", "day", "name", "message"),
    [
        ("999999", "2026-01-05", "inzage.json", "--dossier: er is geen dossier 999999"),
        (None, "5-1-2026", "inzage.json", "--datum-verzoek"),
        (None, "2999-01-05", "inzage.json", "in de toekomst"),
        (None, "2026-01-05", "inzage.txt", "kies een bestand op .pdf of .json"),
    ],
)
def test_bad_arguments_are_refused_with_the_option_named_and_nothing_written(
    world: World, tmp_path: Path, dossier: str | None, day: str, name: str, message: str
) -> None:
    target = tmp_path / name
    arguments = ["inzage", "--dossier", dossier or str(world.cases[ANNA].pk)]
    arguments += ["--datum-verzoek", day, "--gebruiker", "fg", "--uitvoer", str(target)]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == EXIT_USAGE, result.output
    assert message in " ".join(result.output.split())
    assert not target.exists()
    assert not AuditEvent.objects.filter(action="access_request_produced").exists()
