"""``regie deliver FILE --bron politie --gebruiker NAME``: an administrator loads a delivery."""

from __future__ import annotations

import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from regie import cli
from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.cli import app
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact

pytestmark = pytest.mark.django_db

EXAMPLE = Path(str(files("regie") / "data" / "voorbeeld"))
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def administrator() -> User:
    Organisation.objects.create(name="Politie (synthetisch)", partner="politie")
    return User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)


def test_an_administrator_loads_a_delivery_from_the_command_line(
    tmp_path: Path, administrator: User
) -> None:
    path = tmp_path / "politie.csv"
    shutil.copy(EXAMPLE / "politie.csv", path)
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    assert result.exit_code == 0, result.output
    delivery = Delivery.objects.get()
    assert result.stdout.startswith(
        f"Aanlevering {delivery.pk} van politie opgeslagen: 17 feiten uit politie.csv"
    )
    assert (delivery.status, delivery.channel) == (DeliveryStatus.ACCEPTED, Channel.COMMAND_LINE)
    assert delivery.delivered_by == administrator
    assert Fact.objects.count() == 17


def test_a_refused_delivery_exits_1_with_every_problem_and_a_full_report(
    tmp_path: Path, administrator: User
) -> None:
    path = tmp_path / "politie.csv"
    lines = (EXAMPLE / "politie.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2008-01-20", "2008-02-30")  # line 3: no such date
    lines[5] = lines[5].replace("aanhouding", "arrestatie")  # line 6: unknown kind
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "rapport.csv"
    result = CliRunner().invoke(
        app,
        [
            "deliver",
            str(path),
            "--bron",
            "politie",
            "--gebruiker",
            "beheerder",
            "--rapport",
            str(report),
        ],
    )
    assert result.exit_code == 1
    assert "Invoer geweigerd: 2 problemen gevonden. Er is niets opgeslagen" in result.stderr
    assert "politie.csv, regel 3, kolom geboortedatum:" in result.stderr
    assert "politie.csv, regel 6, kolom soort:" in result.stderr
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "bestand,regel,kolom,probleem"
    assert [r.split(",")[1:3] for r in rows[1:]] == [["3", "geboortedatum"], ["6", "soort"]]
    assert Fact.objects.count() == 0
    assert Delivery.objects.get().status == DeliveryStatus.REFUSED


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--bron", "buurtapp", "--gebruiker", "beheerder"], "--bron: 'buurtapp' is geen partner"),
        (["--bron", "politie", "--gebruiker", "niemand"], "er is geen gebruiker 'niemand'"),
    ],
    ids=["unknown partner", "unknown user"],
)
def test_wrong_usage_exits_2_and_stores_nothing(
    tmp_path: Path, administrator: User, arguments: list[str], message: str
) -> None:
    path = tmp_path / "politie.csv"
    shutil.copy(EXAMPLE / "politie.csv", path)
    result = CliRunner().invoke(app, ["deliver", str(path), *arguments])
    assert result.exit_code == 2
    assert message in result.stderr
    assert Delivery.objects.count() == 0


def test_a_missing_file_exits_2_naming_it(tmp_path: Path, administrator: User) -> None:
    missing = tmp_path / "politie.csv"
    result = CliRunner().invoke(
        app, ["deliver", str(missing), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    assert result.exit_code == 2
    assert f"{missing}: bestand niet gevonden" in result.stderr
    assert Delivery.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(
    tmp_path: Path, administrator: User
) -> None:
    path = tmp_path / "politie.csv"
    text = (EXAMPLE / "politie.csv").read_text(encoding="utf-8").replace("Visser", "Vißer")
    path.write_bytes(text.encode("latin-1"))
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    assert result.exit_code == 1
    assert (
        "politie.csv: het bestand is geen UTF-8 (eerste ongeldige byte op regel 2); "
        "sla het op als CSV UTF-8"
    ) in result.stderr
    assert Fact.objects.count() == 0
    refused = Delivery.objects.get()
    assert refused.status == DeliveryStatus.REFUSED
    assert len(refused.sha256) == 64


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let ``regie`` write its error stream as to a terminal, where it shows progress bars."""
    monkeypatch.setattr(cli, "err", Console(stderr=True, force_terminal=True, width=100))


def screen_text(stderr: str) -> str:
    """What was written, without the terminal's colour and cursor codes."""
    return ESCAPE_SEQUENCE.sub("", stderr)


def test_on_a_terminal_the_command_shows_progress_while_validating_and_storing(
    tmp_path: Path, administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the example's police file, delivered from a terminal
    on_a_terminal(monkeypatch)
    path = tmp_path / "politie.csv"
    shutil.copy(EXAMPLE / "politie.csv", path)
    # when an administrator loads it
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    # then a bar showed the 17 rows read and one the 17 facts stored
    assert result.exit_code == 0, result.output
    shown = screen_text(result.stderr)
    assert re.search(r"aanlevering lezen en controleren ━+ 17 rijen", shown), shown
    assert re.search(r"feiten opslaan +━+ 17 rijen", shown), shown
    assert Fact.objects.count() == 17


def test_on_a_terminal_a_refused_delivery_shows_reading_then_exits_1_with_the_report(
    tmp_path: Path, administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a police file with an unknown kind on line 6, delivered from a terminal
    on_a_terminal(monkeypatch)
    path = tmp_path / "politie.csv"
    lines = (EXAMPLE / "politie.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("aanhouding", "arrestatie")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # when an administrator loads it
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    # then reading showed its progress, nothing was stored, and the report names the problem
    assert result.exit_code == 1
    shown = screen_text(result.stderr)
    assert re.search(r"aanlevering lezen en controleren ━+ 17 rijen", shown), shown
    assert "feiten opslaan" not in shown
    assert "Invoer geweigerd: 1 probleem gevonden. Er is niets opgeslagen" in shown
    assert "politie.csv, regel 6, kolom soort:" in shown
    assert Fact.objects.count() == 0
    assert Delivery.objects.get().status == DeliveryStatus.REFUSED
