"""``regie retention run``: the table per kind, a dry run, and the errors (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from oversightkit import user_make
from pytest_django.fixtures import Settings
from retentionkit import names_with_facts, round_decided, table_counts
from typer.testing import CliRunner

from regie.accounts.constants import Role
from regie.cli import app
from regie.retention.models import RetentionRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _terms(settings: Settings) -> None:
    settings.RETENTION_FACTS_DAYS = 0
    settings.RETENTION_DOSSIER_YEARS = 5
    settings.RETENTION_AUDIT_YEARS = 100


def _rows(output: str) -> list[list[str]]:
    """The table's rows as cells (rich draws ┃ and │ between the columns)."""
    return [
        [cell.strip() for cell in line.replace("┃", "│").strip("│ ").split("│")]
        for line in output.splitlines()
        if line.startswith(("│", "┃"))
    ]


def test_a_dry_run_shows_per_kind_what_it_would_remove_and_removes_nothing(
    tmp_path: Path,
) -> None:
    # given a round decided today
    round_decided(tmp_path)
    before = table_counts()
    # when the command runs dry
    result = CliRunner().invoke(app, ["retention", "run", "--dry-run"])
    # then it shows the term and count of every kind, and changed nothing
    assert result.exit_code == 0, result.output
    day = timezone.localdate().strftime("%d-%m-%Y")
    assert result.stdout.startswith(f"Proef (er is niets verwijderd) met de termijnen tot {day}:")
    facts = "0 dagen nadat het instroommoment is afgerond"
    assert _rows(result.stdout) == [
        ["soort", "bewaartermijn", "zou verwijderen"],
        ["dossiers (met plan, brieven en alles eronder)", "5 jaar na uitstroom of intrekking", "0"],
        ["uitkomsten van niet-geselecteerden", facts, "1"],
        ["feiten van niet-geselecteerden", facts, "7"],
        ["identiteitsrecords zonder feiten", facts, "2"],
        ["inloggegevens van medewerkers (pogingen, sessies)", "180 dagen", "0"],
        ["regels van de audittrail", "100 jaar", "0"],
    ]
    assert table_counts() == before


def test_a_run_by_a_named_user_removes_and_records(tmp_path: Path) -> None:
    # given a round decided today and a privacy officer
    round_decided(tmp_path)
    officer = user_make("fg", Role.PRIVACY_OFFICER)
    # when the privacy officer runs retention for today
    day = timezone.localdate()
    result = CliRunner().invoke(
        app,
        ["retention", "run", "--gebruiker", "fg", "--datum", day.isoformat()],
    )
    # then the facts of Noor and Mila are gone, and the run is hers
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Opgeschoond met de termijnen tot {day:%d-%m-%Y}:")
    assert [row[0::2] for row in _rows(result.stdout)][:4] == [
        ["soort", "verwijderd"],
        ["dossiers (met plan, brieven en alles eronder)", "0"],
        ["uitkomsten van niet-geselecteerden", "1"],
        ["feiten van niet-geselecteerden", "7"],
    ]
    assert names_with_facts() == ["Daan", "Sem"]
    assert RetentionRun.objects.get().started_by == officer


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--gebruiker", "niemand"], "--gebruiker: er is geen gebruiker 'niemand'"),
        (
            ["--datum", "2026-13-01"],
            "--datum: '2026-13-01' is geen geldige datum; gebruik JJJJ-MM-DD.",
        ),
        (["--datum", "1-2-2026"], "--datum: '1-2-2026' is geen geldige datum; gebruik JJJJ-MM-DD."),
    ],
)
def test_a_wrong_option_exits_2_naming_it_and_removes_nothing(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    # given a round decided today
    round_decided(tmp_path)
    before = table_counts()
    # when the command gets a user or date that does not exist
    result = CliRunner().invoke(app, ["retention", "run", *arguments])
    # then it exits 2 with the option in the message, and nothing changed
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert table_counts() == before


def test_a_date_in_the_future_is_refused(tmp_path: Path) -> None:
    # given a round decided today
    round_decided(tmp_path)
    before = table_counts()
    # when the command is asked to measure the terms to a day after today
    result = CliRunner().invoke(app, ["retention", "run", "--datum", "2999-01-01"])
    # then it refuses: that would remove data before its term is over
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == "--datum: 01-01-2999 ligt in de toekomst; kies vandaag of eerder"
    )
    assert table_counts() == before
