"""``regie select`` end to end: the spec example, refused input, usage errors, engine agreement.

The example in tests/data/spec_example is a verbatim copy of spec/example (synthetic
persons, BSNs that pass the 11-test). PostgreSQL runs when DATABASE_URL is set; under CI
(``CI=true``) a missing DATABASE_URL fails instead of skipping, as in tests/criteria.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from regie.cli import app
from regie.criteria.compiler import compile_regeling
from regie.criteria.regeling import REGELINGEN_DIR, regeling_for
from regie.synth.quick import quick_input_write

EXAMPLE = Path(__file__).parent / "data" / "spec_example"
PEILDATUM = "2026-02-01"
ENGINES = ("duckdb", "sqlite", "postgresql")
OUTCOMES_HEADER = "bsn,achternaam,voornamen,geboortedatum,aanpak,uitkomst,redenen"
EXAMPLE_OUTCOMES = [
    OUTCOMES_HEADER,
    "200000007,Testpersoon1,Kees1,2009-03-14,top400,instroom,"
    "politie_hic_aanhouding;zorg_a_justitiele_maatregel;zorg_c_school;zorg_g_jeugdgroep",
    "200000019,Testpersoon2,Kees2,1999-07-30,top600,instroom,"
    "hic_politie_variant_1;hic_om_veelpleger",
    "200000020,Testpersoon3,Kees3,2005-10-10,top400,uitstroom,aanhoudingen",
]
REVIEW_HEADER = (
    "paar,reden,matchgewicht,uitleg,persoon_1,bsn_1,achternaam_1,tussenvoegsel_1,"
    "voornamen_1,geboortedatum_1,rijen_1,persoon_2,bsn_2,achternaam_2,tussenvoegsel_2,"
    "voornamen_2,geboortedatum_2,rijen_2"
)
FORBIDDEN_COLUMN = (
    "kolom 'nationaliteit' geweigerd: het aanleverformaat aanvaardt nooit gegevens als "
    "etniciteit, nationaliteit, religie, geboorteland, postcode, wijk, adres of familieleden"
)
UNKNOWN_CODE = (
    "onbekende code 'zakkenrollen' voor soort 'aanhouding'; toegestaan: overval, straatroof, "
    "woninginbraak, zware_mishandeling, moord_doodslag, openlijke_geweldpleging, mishandeling, "
    "bedreiging, wapenbezit, harddrugs_handel, softdrugs, diefstal, winkeldiefstal, vernieling, "
    "heling, oplichting, overig_misdrijf, apv_nepdope, overtreding"
)
BAD_INPUT_PROBLEMS = [
    ("dji.csv", "2", "einddatum", "einddatum '2025-06-15' ligt voor datum '2025-07-01'"),
    ("jbra.csv", "1", "nationaliteit", FORBIDDEN_COLUMN),
    ("om.csv", "4", "datum", "'2026-02-30' is geen geldige datum (JJJJ-MM-DD)"),
    (
        "politie.csv",
        "2",
        "bsn",
        "geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef",
    ),
    ("politie.csv", "8", "categorie", UNKNOWN_CODE),
]
REFUSED_HEADLINE = (
    "Invoer geweigerd: 5 problemen gevonden. Er is niets geëvalueerd en niets "
    "naar de uitvoermap geschreven."
)


@dataclass(frozen=True)
class Run:
    engine: str
    exit_code: int
    stdout: str
    stderr: str
    output: Path


def select_run(input_dir: Path, output: Path, *options: str) -> Run:
    """Run ``regie select`` in-process; an unexpected exception fails the test."""
    arguments = [
        *("select", "--peildatum", PEILDATUM, "--leverdatum", PEILDATUM),
        *("--input", str(input_dir), "--output", str(output), *options),
    ]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    engine = options[options.index("--engine") + 1] if "--engine" in options else "duckdb"
    return Run(engine, result.exit_code, result.stdout, result.stderr, output)


def engine_options(name: str) -> list[str]:
    """``--engine``, and ``--database-url`` for PostgreSQL: skipped without DATABASE_URL.

    Under CI a missing DATABASE_URL fails: CI must prove the engines agree on PostgreSQL too.
    """
    if name != "postgresql":
        return ["--engine", name]
    url = os.environ.get("DATABASE_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but DATABASE_URL is not set: the PostgreSQL engine must be tested")
        pytest.skip("PostgreSQL engine: DATABASE_URL is not set (CI sets it)")
    return ["--engine", name, "--database-url", url]


def engine_version(name: str) -> str:
    if name == "duckdb":
        return f"DuckDB {duckdb.__version__}"
    if name == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    assert row is not None
    return f"PostgreSQL {row[0]}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def json_read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def example_copy(folder: Path) -> Path:
    shutil.copytree(EXAMPLE, folder)
    return folder


def text_replace(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def bad_example_write(folder: Path) -> Path:
    """The example with five problems in four files."""
    example_copy(folder)
    # politie.csv line 2: 200000008 fails the 11-test; line 8: an offence code that does not exist
    text_replace(folder / "politie.csv", "politie-2,200000007", "politie-2,200000008")
    text_replace(folder / "politie.csv", "2025-06-06,,vernieling", "2025-06-06,,zakkenrollen")
    # om.csv line 4: 30 February
    text_replace(folder / "om.csv", "2024-09-09", "2026-02-30")
    # jbra.csv: a column the format does not know (and must never accept)
    text_replace(folder / "jbra.csv", "categorie,detail\n", "categorie,detail,nationaliteit\n")
    text_replace(folder / "jbra.csv", "jeugdreclassering\n", "jeugdreclassering,NL\n")
    # dji.csv line 2: a detention that ends before it starts
    text_replace(folder / "dji.csv", "2025-07-01,2025-08-15", "2025-07-01,2025-06-15")
    return folder


@pytest.fixture(scope="module", params=ENGINES)
def example_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The spec example, selected once per engine."""
    name = request.param
    options = engine_options(name)
    return select_run(EXAMPLE, tmp_path_factory.mktemp(name) / "uit", *options)


# --- the spec example ------------------------------------------------------------------------


def test_the_example_gives_the_three_outcomes_of_the_spec_on_every_engine(example_run: Run) -> None:
    # given the example of spec/example, when it is selected on this engine (fixture)
    # then the command succeeds and writes exactly the three outcomes of the example README
    assert example_run.exit_code == 0, example_run.stderr
    assert example_run.stderr == ""
    assert lines(example_run.output / "uitkomsten.csv") == EXAMPLE_OUTCOMES
    assert sorted(p.name for p in example_run.output.iterdir()) == [
        "receipt.json",
        "te_beoordelen.csv",
        "uitkomsten.csv",
        "uitleg.json",
    ]
    # and with every row carrying a BSN there is nothing for an analyst to decide
    assert lines(example_run.output / "te_beoordelen.csv") == [REVIEW_HEADER]


def test_the_explanation_gives_every_criterion_with_count_threshold_window_and_evidence(
    tmp_path: Path,
) -> None:
    # given the example, when it is selected with the default engine
    run = select_run(EXAMPLE, tmp_path / "uit")
    assert run.exit_code == 0, run.stderr

    # then uitleg.json explains 200000007's Top400 inflow criterion by criterion
    explanation = json_read(run.output / "uitleg.json")
    assert explanation["peildatum"] == PEILDATUM
    person = next(p for p in explanation["personen"] if p["bsn"] == "200000007")
    assert [a["aanpak"] for a in person["aanpakken"]] == ["top400"]
    top400 = person["aanpakken"][0]
    assert top400["uitkomst"] == "instroom"
    assert top400["redenen"] == [
        "politie_hic_aanhouding",
        "zorg_a_justitiele_maatregel",
        "zorg_c_school",
        "zorg_g_jeugdgroep",
    ]
    five_years = {"van": "2021-02-02", "tot_en_met": PEILDATUM}
    two_years = {"van": "2024-02-02", "tot_en_met": PEILDATUM}
    on_peildatum = {"op": PEILDATUM}
    at_least_one = {"ten_minste": 1}
    assert [
        (c["id"], c["uitkomst"], c["aantal"], c["drempel"], c.get("venster"))
        for c in top400["criteria"]
    ] == [
        ("leeftijd", "voldaan", 16, {"ten_minste": 12, "ten_hoogste": 23}, on_peildatum),
        ("in_regio", "voldaan", 1, at_least_one, on_peildatum),
        ("politie_hic_aanhouding", "voldaan", 1, at_least_one, five_years),
        ("politie_misdrijf_aanhoudingen", "niet voldaan", 1, {"ten_minste": 2}, two_years),
        ("politiecriterium", "voldaan", 1, at_least_one, None),
        ("zorg_a_justitiele_maatregel", "voldaan", 1, at_least_one, on_peildatum),
        ("zorg_b_civiele_maatregel", "niet voldaan", 0, at_least_one, on_peildatum),
        ("zorg_c_school_signaal", "voldaan", 1, at_least_one, five_years),
        ("zorg_c_schoolwissels_po", "niet voldaan", 0, {"meer_dan": 3}, {"tot_en_met": PEILDATUM}),
        ("zorg_c_schoolwissels_vo", "niet voldaan", 0, {"meer_dan": 2}, {"tot_en_met": PEILDATUM}),
        ("zorg_c_school", "voldaan", 1, at_least_one, None),
        ("zorg_d_huiselijk_geweld", "niet voldaan", 0, at_least_one, five_years),
        ("zorg_e_jonge_aanhouding", "niet voldaan", 0, at_least_one, {"tot_en_met": PEILDATUM}),
        ("zorg_f_nepdope", "niet voldaan", 0, at_least_one, five_years),
        ("zorg_g_jeugdgroep", "voldaan", 1, at_least_one, on_peildatum),
        ("zorgcriterium", "voldaan", 3, {"ten_minste": 3}, None),
        ("instroom", "voldaan", 4, {"ten_minste": 4}, None),
        ("deelname_duur", "onbekend", None, {"ten_minste": 2}, on_peildatum),
        (
            "detentie_dagen",
            "niet voldaan",
            0,
            {"meer_dan": 100},
            two_years,
        ),
        (
            "aanhoudingen_laatste_jaar",
            "voldaan",
            1,
            {"ten_hoogste": 1},
            {"van": "2025-02-02", "tot_en_met": PEILDATUM},
        ),
    ]
    # and the police criterion names the one arrest that satisfied it
    police = next(c for c in top400["criteria"] if c["id"] == "politie_hic_aanhouding")
    assert police["bewijs"] == [
        {
            "bron": "politie",
            "bron_id": "politie-2",
            "datum": "2025-04-02",
            "einddatum": None,
            "categorie": "straatroof",
            "detail": None,
        }
    ]


def test_the_receipt_records_regelingen_compiled_sql_engine_peildatum_and_every_input(
    example_run: Run,
) -> None:
    # given the example selected on this engine (fixture)
    assert example_run.exit_code == 0, example_run.stderr
    receipt = json_read(example_run.output / "receipt.json")
    name = example_run.engine
    peildatum = date.fromisoformat(PEILDATUM)

    # then the receipt names the engine with its version and the peildatum
    assert receipt["opdracht"] == "select"
    assert receipt["engine"] == {"naam": name, "versie": engine_version(name)}
    assert receipt["peildatum"] == PEILDATUM
    # and the regeling files by the SHA-256 of their bytes
    assert receipt["regelingen"] == [
        {
            "aanpak": approach,
            "bestand": f"{approach}/2022-01-01.yaml",
            "geldig_vanaf": "2022-01-01",
            "sha256": sha256(REGELINGEN_DIR / approach / "2022-01-01.yaml"),
        }
        for approach in ("top400", "top600")
    ]
    # and the SHA-256 of the SQL compiled from each regeling
    expected_sql = []
    for approach in ("top400", "top600"):
        compiled = compile_regeling(regeling_for(approach, peildatum), peildatum)
        text = compiled.outcome_sql() + ";\n" + compiled.evidence_sql()
        expected_sql.append(
            {
                "aanpak": approach,
                "dialect": "duckdb",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        )
    assert receipt["gecompileerde_sql"] == expected_sql
    # and every input file with the SHA-256 of its bytes, its rows and its partners
    assert receipt["invoer"] == [
        {
            "bestand": "deelnemers.csv",
            "sha256": sha256(EXAMPLE / "deelnemers.csv"),
            "rijen": 1,
            "bronnen": [],
        },
        {
            "bestand": "dji.csv",
            "sha256": sha256(EXAMPLE / "dji.csv"),
            "rijen": 1,
            "bronnen": ["dji"],
        },
        {
            "bestand": "gemeente_amsterdam.csv",
            "sha256": sha256(EXAMPLE / "gemeente_amsterdam.csv"),
            "rijen": 5,
            "bronnen": ["gemeente_amsterdam"],
        },
        {
            "bestand": "jbra.csv",
            "sha256": sha256(EXAMPLE / "jbra.csv"),
            "rijen": 1,
            "bronnen": ["jbra"],
        },
        {"bestand": "om.csv", "sha256": sha256(EXAMPLE / "om.csv"), "rijen": 3, "bronnen": ["om"]},
        {
            "bestand": "politie.csv",
            "sha256": sha256(EXAMPLE / "politie.csv"),
            "rijen": 7,
            "bronnen": ["politie"],
        },
    ]
    # and the other output files by their SHA-256
    assert receipt["uitvoer"] == [
        {"bestand": output, "sha256": sha256(example_run.output / output)}
        for output in ("uitkomsten.csv", "uitleg.json", "te_beoordelen.csv")
    ]


def test_a_participant_gets_outflow_for_their_own_approach_not_inflow(tmp_path: Path) -> None:
    # given the example, where 200000020 is a Top400 participant since 2023-09-01
    # when it is selected
    run = select_run(EXAMPLE, tmp_path / "uit")
    # then 200000020 has exactly one outcome, uitstroom for top400
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO((run.output / "uitkomsten.csv").read_text("utf-8"))))
    assert [(r["aanpak"], r["uitkomst"]) for r in rows if r["bsn"] == "200000020"] == [
        ("top400", "uitstroom")
    ]


def test_a_participant_who_meets_the_inflow_criteria_stays_instead_of_flowing_in(
    tmp_path: Path,
) -> None:
    # given the example with 200000007, who meets the Top400 inflow criteria, already a
    # Top400 participant since 2025-06-01
    folder = example_copy(tmp_path / "in")
    with (folder / "deelnemers.csv").open("a", encoding="utf-8") as handle:
        handle.write("200000007,Testpersoon1,,Kees1,2009-03-14,top400,2025-06-01\n")

    # when it is selected
    run = select_run(folder, tmp_path / "uit")

    # then 200000007 stays (under two years in the approach), and never gets instroom
    assert run.exit_code == 0, run.stderr
    assert lines(run.output / "uitkomsten.csv") == [
        OUTCOMES_HEADER,
        "200000007,Testpersoon1,Kees1,2009-03-14,top400,blijft,min_duur",
        EXAMPLE_OUTCOMES[2],
        EXAMPLE_OUTCOMES[3],
    ]


# --- refused input ---------------------------------------------------------------------------


def test_bad_input_is_refused_with_every_problem_and_no_output_folder(tmp_path: Path) -> None:
    # given the example with a bad BSN, 30 February, an unknown code, a forbidden column
    # and a period that ends before it starts
    folder = bad_example_write(tmp_path / "in")

    # when it is selected
    run = select_run(folder, tmp_path / "uit")

    # then the input is refused, every problem is named with file, line and column
    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        REFUSED_HEADLINE,
        *(
            f"  {f}, regel {line}, kolom {column}: {message}"
            for f, line, column, message in BAD_INPUT_PROBLEMS
        ),
    ]
    # and the output folder was never made
    assert not (tmp_path / "uit").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_bad_input_leaves_an_existing_output_folder_as_it_was(tmp_path: Path) -> None:
    # given the bad example and an output folder that already holds a file
    folder = bad_example_write(tmp_path / "in")
    output = tmp_path / "uit"
    output.mkdir()
    (output / "vorige-ronde.txt").write_text("uitkomsten van de vorige ronde\n", encoding="utf-8")

    # when it is selected
    run = select_run(folder, output)

    # then the input is refused and the folder holds only the file it held before, unchanged
    assert run.exit_code == 1
    assert [p.name for p in output.iterdir()] == ["vorige-ronde.txt"]
    assert (output / "vorige-ronde.txt").read_text(encoding="utf-8") == (
        "uitkomsten van de vorige ronde\n"
    )


def test_rapport_writes_one_csv_row_per_problem(tmp_path: Path) -> None:
    # given the bad example
    folder = bad_example_write(tmp_path / "in")
    rapport = tmp_path / "rapport.csv"

    # when it is selected with --rapport
    run = select_run(folder, tmp_path / "uit", "--rapport", str(rapport))

    # then the report holds a header and one row per problem
    assert run.exit_code == 1
    with rapport.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["bestand", "regel", "kolom", "probleem"],
            *(list(problem) for problem in BAD_INPUT_PROBLEMS),
        ]
    # and stderr points to it
    assert run.stderr.splitlines()[-1] == f"Volledige lijst van alle 5 problemen: {rapport}"
    assert not (tmp_path / "uit").exists()


def test_a_row_without_bsn_is_linked_to_its_person_by_name_and_date_of_birth(
    tmp_path: Path,
) -> None:
    # given the example with the police arrest of Testpersoon3 delivered without BSN
    folder = example_copy(tmp_path / "in")
    text_replace(folder / "politie.csv", "politie-16,200000020,", "politie-16,,")

    # when it is selected
    run = select_run(folder, tmp_path / "uit")

    # then the row is linked automatically to 200000020 and the outcomes are the example's
    assert run.exit_code == 0, run.stderr
    assert lines(run.output / "uitkomsten.csv") == EXAMPLE_OUTCOMES
    person = next(
        p for p in json_read(run.output / "uitleg.json")["personen"] if p["persoon"] == "200000020"
    )
    (top400,) = person["aanpakken"]
    last_year = next(c for c in top400["criteria"] if c["id"] == "aanhoudingen_laatste_jaar")
    assert [fact["bron_id"] for fact in last_year["bewijs"]] == ["politie-16"]
    # and nothing is left for review; the receipt says what the linkage did
    assert lines(run.output / "te_beoordelen.csv") == [REVIEW_HEADER]
    linkage = json_read(run.output / "receipt.json")["identiteitsvaststelling"]
    assert {k: v for k, v in linkage.items() if k != "model_sha256"} == {
        "splink": "5.0.0",
        "bewijsdrempel_automatisch": 24.0,
        "bewijsdrempel_apart": 20.0,
        "startpunt": -17.23,
        "drempel_automatisch": 6.77,
        "drempel_apart": 2.77,
        "records": 4,
        "records_zonder_bsn": 1,
        "conflicterende_bsn_records": 0,
        "automatische_koppelingen": 1,
        "paren_te_beoordelen": 0,
        "model": "referentiemodel",
    }


def test_an_uncertain_pair_is_listed_for_review_and_never_merged(tmp_path: Path) -> None:
    # given the example with the police arrest delivered without BSN and with a typing
    # error in both the surname and the given name: the match is uncertain
    folder = example_copy(tmp_path / "in")
    text_replace(
        folder / "politie.csv",
        "politie-16,200000020,Testpersoon3,,Kees3,",
        "politie-16,,Tstpersoon3,,Kess3,",
    )

    # when it is selected
    run = select_run(folder, tmp_path / "uit")

    # then the pair is listed for review with both records and the weight explained
    assert run.exit_code == 0, run.stderr
    with (run.output / "te_beoordelen.csv").open(encoding="utf-8", newline="") as handle:
        (pair,) = list(csv.DictReader(handle))
    assert (pair["reden"], pair["matchgewicht"]) == (
        "de zekerheid ligt tussen de twee drempels",
        "3.99",
    )
    assert pair["uitleg"] == (
        "startpunt -17.2; achternaam één letter anders +3.5; voornamen één letter anders "
        "+3.9; geboortedatum gelijk +13.8; gemeente onbekend +0.0"
    )
    sides = {
        (pair[f"bsn_{n}"], pair[f"achternaam_{n}"], pair[f"voornamen_{n}"], pair[f"rijen_{n}"])
        for n in ("1", "2")
    }
    assert sides == {("200000020", "Testpersoon3", "Kees3", "2"), ("", "Tstpersoon3", "Kess3", "1")}
    # and the arrest is not merged into 200000020: no arrest of the last year counts for them
    assert "Te beoordelen: 1 paar/paren" in run.stdout
    persons = json_read(run.output / "uitleg.json")["personen"]
    kees3 = next(p for p in persons if p["persoon"] == "200000020")
    (top400,) = kees3["aanpakken"]
    last_year = next(c for c in top400["criteria"] if c["id"] == "aanhoudingen_laatste_jaar")
    assert last_year["bewijs"] == []
    # and the record without a BSN, one arrest and nothing else, leads to no outcome
    assert all(p["bsn"] for p in persons)


# --- usage errors ----------------------------------------------------------------------------


def test_a_peildatum_that_is_not_a_date_is_a_usage_error(tmp_path: Path) -> None:
    # when select gets 30 February as peildatum
    output = tmp_path / "uit"
    arguments = ["select", "--peildatum", "2026-02-30", "--input", str(EXAMPLE), "--output"]
    result = CliRunner().invoke(app, [*arguments, str(output)], catch_exceptions=False)
    # then it stops with exit code 2 and says why, in Dutch, and writes nothing
    assert result.exit_code == 2
    assert result.stderr == "--peildatum: '2026-02-30' is geen geldige datum; gebruik JJJJ-MM-DD.\n"
    assert not (tmp_path / "uit").exists()


def test_an_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    # when select gets an engine that does not exist
    run = select_run(EXAMPLE, tmp_path / "uit", "--engine", "oracle")
    # then it stops with exit code 2 and lists the engines
    assert run.exit_code == 2
    assert run.stderr == (
        "--engine: onbekende engine 'oracle'; kies uit duckdb, sqlite, postgresql.\n"
    )
    assert not (tmp_path / "uit").exists()


def test_a_missing_input_folder_is_a_usage_error(tmp_path: Path) -> None:
    # when select gets an input folder that does not exist
    missing = tmp_path / "bestaat-niet"
    run = select_run(missing, tmp_path / "uit")
    # then it stops with exit code 2 and names the folder
    assert run.exit_code == 2
    assert run.stderr == f"--input: {missing} bestaat niet; geef de map met de leveringen.\n"
    assert not (tmp_path / "uit").exists()


# --- engines agree ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quick_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 2,000 synthetic persons with 20,000 facts, and the DuckDB selection of them."""
    folder = tmp_path_factory.mktemp("quick")
    quick_input_write(
        folder / "in", persons=2_000, facts=20_000, peildatum=date.fromisoformat(PEILDATUM)
    )
    run = select_run(folder / "in", folder / "duckdb", "--engine", "duckdb")
    assert run.exit_code == 0, run.stderr
    return folder


def test_the_quick_input_selects_inflow_for_both_approaches(quick_input: Path) -> None:
    # given the DuckDB selection of the quick input (fixture)
    receipt = json_read(quick_input / "duckdb" / "receipt.json")
    # then both approaches have inflow, so the agreement below compares real outcomes
    rows = list(
        csv.DictReader(io.StringIO((quick_input / "duckdb" / "uitkomsten.csv").read_text("utf-8")))
    )
    for approach in ("top400", "top600"):
        counts = receipt["aantallen"][approach]
        assert counts["instroom"] > 0
        assert counts["blijft"] + counts["uitstroom"] > 0
        assert (
            sum(r["aanpak"] == approach and r["uitkomst"] == "instroom" for r in rows)
            == (counts["instroom"])
        )


@pytest.mark.parametrize("name", [e for e in ENGINES if e != "duckdb"])
def test_every_engine_writes_the_same_files_as_duckdb(quick_input: Path, name: str) -> None:
    # given the quick input and its DuckDB selection (fixture)
    options = engine_options(name)

    # when it is selected on another engine
    run = select_run(quick_input / "in", quick_input / name, *options)

    # then uitkomsten.csv and uitleg.json are byte for byte the same (uitleg.json has no
    # engine-specific field), and the receipt differs only in engine and timestamps
    assert run.exit_code == 0, run.stderr
    reference = quick_input / "duckdb"
    for output in ("uitkomsten.csv", "uitleg.json"):
        assert (run.output / output).read_bytes() == (reference / output).read_bytes()
    receipt, reference_receipt = (json_read(p / "receipt.json") for p in (run.output, reference))
    assert receipt["engine"]["naam"] == name
    for data in (receipt, reference_receipt):
        for field in ("engine", "gestart", "klaar"):
            del data[field]
    assert receipt == reference_receipt
