"""Every CSV Regie writes shows a delivered value that a spreadsheet would run as a formula
as text: a leading ``'``."""

from __future__ import annotations

import csv
import io
import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regie.cli import app
from regie.formats.cells import cell_neutralised

EXAMPLE = Path(str(files("regie") / "data" / "voorbeeld"))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+31 20", "'+31 20"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Visser", "Visser"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(value: str | int | None, shown: str) -> None:
    assert cell_neutralised(value) == shown


def test_regie_select_writes_a_formula_like_name_as_text(tmp_path: Path) -> None:
    # given the example region in which Visser is called "=Visser" everywhere
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE, folder)
    for path in folder.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(",Visser,", ",=Visser,"))
    # when the selection runs
    result = CliRunner().invoke(
        app,
        [
            "select",
            "--peildatum",
            "2026-02-01",
            "--leverdatum",
            "2026-02-01",
            "--input",
            str(folder),
            "--output",
            str(tmp_path / "uit"),
        ],
    )
    assert result.exit_code == 0, result.output
    # then the outcome file shows the name as text, and no cell starts with "="
    text = (tmp_path / "uit" / "uitkomsten.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["achternaam"] for r in rows if r["voornamen"] == "Daan"] == ["'=Visser"]
    assert not [cell for row in rows for cell in row.values() if cell.startswith("=")]
