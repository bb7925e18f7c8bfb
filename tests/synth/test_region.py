"""The realistic synthetic region (``regie synth``): determinism, validity, truth and noise."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regie.cli import app
from regie.formats.codes import PARTNERS
from regie.formats.delivery import read_input_folder
from regie.synth.region import (
    CHUNK_PERSONS,
    NoiseRates,
    RegionSummary,
    _ascii,
    region_write,
)

PEILDATUM = date(2026, 2, 1)
PERSONS = 3000
#: Noise rates raised so that a few thousand persons show every kind of error many times.
LOUD = NoiseRates(
    missing_bsn=0.10,
    name_typo=0.02,
    day_month_swap=0.02,
    prefix_in_surname=0.05,
    diacritics_dropped=0.30,
    twins=0.01,
    namesakes=0.005,
)


def folder_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def delivered_rows(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {
        (row["bron"], row["bron_id"]): row
        for partner in PARTNERS
        for row in rows_of(folder / f"{partner}.csv")
    }


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RegionSummary]:
    folder = tmp_path_factory.mktemp("stil") / "levering"
    summary = region_write(folder, persons=PERSONS, seed=7, peildatum=PEILDATUM, noise=None)
    return folder, summary


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RegionSummary]:
    folder = tmp_path_factory.mktemp("ruis") / "levering"
    summary = region_write(folder, persons=PERSONS, seed=7, peildatum=PEILDATUM, noise=LOUD)
    return folder, summary


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    # given two runs with the same seed, and one with another seed
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        region_write(
            tmp_path / name, persons=800, seed=seed, peildatum=PEILDATUM, noise=NoiseRates()
        )
    # when the files are compared
    first, second, other = (folder_digest(tmp_path / name) for name in ("a", "b", "c"))
    # then the same seed gives the same bytes in every file, and another seed other deliveries
    assert len(first) == len(PARTNERS) + 4
    assert first == second
    assert all(other[f"{partner}.csv"] != first[f"{partner}.csv"] for partner in ("politie", "om"))


def test_worker_processes_give_the_same_files_as_one_process(tmp_path: Path) -> None:
    # given a region of three chunks, written by one process and by two
    persons = 2 * CHUNK_PERSONS + 100
    for name, workers in (("een", 1), ("twee", 2)):
        region_write(
            tmp_path / name,
            persons=persons,
            seed=5,
            peildatum=PEILDATUM,
            noise=NoiseRates(),
            workers=workers,
        )
    # then the files are identical
    assert folder_digest(tmp_path / "een") == folder_digest(tmp_path / "twee")


def test_every_partner_delivers_valid_files_without_noise(
    quiet: tuple[Path, RegionSummary],
) -> None:
    folder, summary = quiet
    # when the folder is read as regie select reads it, with a BSN required on every row
    read = read_input_folder(folder, delivery_date=PEILDATUM, bsn_required=True)
    # then every partner delivered rows, and the counts match the summary
    assert read.delivered_partners == frozenset(PARTNERS)
    assert all(summary.facts[partner] > 0 for partner in PARTNERS)
    assert len(read.facts) == summary.fact_total
    assert len(read.participants) == sum(summary.participants.values())
    assert max(read.facts.datum) <= PEILDATUM
    assert summary.fact_total / summary.persons > 10


def test_without_noise_every_row_carries_the_true_identity(
    quiet: tuple[Path, RegionSummary],
) -> None:
    folder, _ = quiet
    # given the deliveries and the ground truth
    persons = {row["persoon_id"]: row for row in rows_of(folder / "grondwaarheid/personen.csv")}
    truth = rows_of(folder / "grondwaarheid/identiteiten.csv")
    delivered = delivered_rows(folder)
    # then the truth names every delivered row once, without errors, with the true identity
    assert len(truth) == len(delivered)
    assert len(persons) == PERSONS
    columns = ("bsn", "achternaam", "tussenvoegsel", "voornamen", "geboortedatum")
    mismatches = [
        entry
        for entry in truth
        if entry["fouten"]
        or any(
            delivered[(entry["bron"], entry["bron_id"])][c] != persons[entry["persoon_id"]][c]
            for c in columns
        )
    ]
    assert mismatches == []
    assert not any(p["tweeling_van"] or p["naamgenoot_van"] for p in persons.values())


def test_select_runs_on_the_region_without_noise_and_agrees_with_the_generator(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    levering, uitkomst = tmp_path / "levering", tmp_path / "uitkomst"
    # given a region written by the command line without noise
    made = runner.invoke(
        app,
        [
            *("synth", "--personen", "4000", "--seed", "1", "--peildatum", "2026-02-01"),
            *("--zonder-ruis", "--output", str(levering)),
        ],
    )
    assert made.exit_code == 0, made.output
    # when regie select runs on it
    selected = runner.invoke(
        app,
        [
            *("select", "--peildatum", "2026-02-01", "--leverdatum", "2026-02-01"),
            *("--input", str(levering), "--output", str(uitkomst)),
        ],
    )
    # then it selects persons in both approaches, exactly as the generator expected
    assert selected.exit_code == 0, selected.output
    counts: dict[str, dict[str, int]] = {}
    for row in rows_of(uitkomst / "uitkomsten.csv"):
        per_approach = counts.setdefault(row["aanpak"], {})
        per_approach[row["uitkomst"]] = per_approach.get(row["uitkomst"], 0) + 1
    expected = json.loads((levering / "grondwaarheid/samenvatting.json").read_text())["expected"]
    assert counts == {
        approach: {outcome: n for outcome, n in outcomes.items() if n}
        for approach, outcomes in expected.items()
    }
    assert counts == {
        "top400": {"instroom": 7, "blijft": 13, "uitstroom": 1},
        "top600": {"instroom": 9, "blijft": 18, "uitstroom": 3},
    }


def test_noisy_deliveries_pass_the_validator_without_a_required_bsn(
    noisy: tuple[Path, RegionSummary],
) -> None:
    folder, summary = noisy
    read = read_input_folder(folder, delivery_date=PEILDATUM, bsn_required=False)
    assert len(read.facts) == summary.fact_total
    assert read.delivered_partners == frozenset(PARTNERS)


def test_the_truth_records_each_kind_of_identity_error_at_its_rate(
    noisy: tuple[Path, RegionSummary],
) -> None:
    _, summary = noisy
    # then each kind of error was injected, exactly as often as this seed gives
    assert summary.errors == {
        "bsn_ontbreekt": 4164,
        "typefout_achternaam": 559,
        "typefout_voornamen": 575,
        "dag_maand_verwisseld": 434,
        "tussenvoegsel_in_achternaam": 798,
        "diakrieten_weg": 4835,
        "tweeling": 30,
        "naamgenoot": 11,
    }
    # and, over the rows (or persons) it could hit, at roughly its rate
    observed = {
        "missing_bsn": summary.errors["bsn_ontbreekt"] / summary.eligible["bsn_ontbreekt"],
        "name_typo": (summary.errors["typefout_achternaam"] + summary.errors["typefout_voornamen"])
        / summary.eligible["typefout"],
        "day_month_swap": summary.errors["dag_maand_verwisseld"]
        / summary.eligible["dag_maand_verwisseld"],
        "prefix_in_surname": summary.errors["tussenvoegsel_in_achternaam"]
        / summary.eligible["tussenvoegsel_in_achternaam"],
        "diacritics_dropped": summary.errors["diakrieten_weg"] / summary.eligible["diakrieten_weg"],
        "twins": summary.errors["tweeling"] / PERSONS,
        "namesakes": summary.errors["naamgenoot"] / PERSONS,
    }
    for rate, value in observed.items():
        assert value == pytest.approx(getattr(LOUD, rate), rel=0.35), rate


def _swap_day_and_month(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{day}-{month}"


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter replaced, dropped, added, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def test_every_recorded_error_is_really_in_its_row(noisy: tuple[Path, RegionSummary]) -> None:
    folder, _ = noisy
    persons = {row["persoon_id"]: row for row in rows_of(folder / "grondwaarheid/personen.csv")}
    delivered = delivered_rows(folder)
    wrong = []
    for entry in rows_of(folder / "grondwaarheid/identiteiten.csv"):
        row = delivered[(entry["bron"], entry["bron_id"])]
        person = persons[entry["persoon_id"]]
        errors = set(entry["fouten"].split(";")) - {""}
        # rebuild the row's identity from the truth and the recorded errors
        bsn = "" if "bsn_ontbreekt" in errors else person["bsn"]
        surname, prefix, given = person["achternaam"], person["tussenvoegsel"], person["voornamen"]
        birth = person["geboortedatum"]
        if "dag_maand_verwisseld" in errors:
            birth = _swap_day_and_month(birth)
        if "tussenvoegsel_in_achternaam" in errors:
            surname, prefix = f"{prefix} {surname}", ""
        if "diakrieten_weg" in errors:
            surname, given = _ascii(surname), _ascii(given)
        expected_surname_ok = (
            _one_edit_apart(row["achternaam"], surname)
            if "typefout_achternaam" in errors
            else row["achternaam"] == surname
        )
        expected_given_ok = (
            _one_edit_apart(row["voornamen"], given)
            if "typefout_voornamen" in errors
            else row["voornamen"] == given
        )
        if not (
            row["bsn"] == bsn
            and row["tussenvoegsel"] == prefix
            and row["geboortedatum"] == birth
            and expected_surname_ok
            and expected_given_ok
            and (birth != person["geboortedatum"]) == ("dag_maand_verwisseld" in errors)
            and ("bsn_ontbreekt" not in errors or entry["bron"] == "politie")
        ):
            wrong.append((entry, row))
    assert wrong == []


def test_twins_and_namesakes_are_different_persons_with_the_same_name_or_birth_date(
    noisy: tuple[Path, RegionSummary],
) -> None:
    folder, _ = noisy
    persons = {row["persoon_id"]: row for row in rows_of(folder / "grondwaarheid/personen.csv")}
    twins = [p for p in persons.values() if p["tweeling_van"]]
    namesakes = [p for p in persons.values() if p["naamgenoot_van"]]
    assert (len(twins), len(namesakes)) == (30, 11)
    for twin in twins:
        sibling = persons[twin["tweeling_van"]]
        assert twin["bsn"] != sibling["bsn"]
        assert (twin["achternaam"], twin["tussenvoegsel"], twin["geboortedatum"]) == (
            sibling["achternaam"],
            sibling["tussenvoegsel"],
            sibling["geboortedatum"],
        )
        assert twin["voornamen"] != sibling["voornamen"]
    for namesake in namesakes:
        other = persons[namesake["naamgenoot_van"]]
        assert namesake["bsn"] != other["bsn"]
        identity = ("achternaam", "tussenvoegsel", "voornamen", "geboortedatum")
        assert [namesake[c] for c in identity] == [other[c] for c in identity]


def test_synth_refuses_a_negative_number_of_persons(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "--personen", "-5", "--output", str(tmp_path / "uit")]
    )
    assert result.exit_code == 2
    assert "--personen: -5 kan niet; geef minstens 1 persoon." in result.output
    assert not (tmp_path / "uit").exists()


def test_synth_refuses_a_bad_peildatum(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "--peildatum", "2026-02-30", "--output", str(tmp_path / "uit")]
    )
    assert result.exit_code == 2
    assert "--peildatum: '2026-02-30' is geen geldige datum; gebruik JJJJ-MM-DD." in result.output
    assert not (tmp_path / "uit").exists()


def test_synth_refuses_a_rate_outside_zero_to_one_and_noise_with_zonder_ruis(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    out = str(tmp_path / "uit")
    too_high = runner.invoke(app, ["synth", "--ruis-typefout", "1.5", "--output", out])
    both = runner.invoke(
        app, ["synth", "--zonder-ruis", "--ruis-tweelingen", "0.1", "--output", out]
    )
    assert too_high.exit_code == 2
    assert "--ruis-typefout: 1.5 is geen kans; geef een getal van 0 tot en met 1." in (
        too_high.output
    )
    assert both.exit_code == 2
    assert "--zonder-ruis zet alle ruis uit en gaat niet samen met --ruis-tweelingen." in (
        both.output
    )
    assert not (tmp_path / "uit").exists()


def test_synth_refuses_to_overwrite_deliveries_unless_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "uit"
    first = runner.invoke(app, ["synth", "--personen", "50", "--output", str(out)])
    assert first.exit_code == 0, first.output
    before = folder_digest(out)
    # when synth runs again into the same folder with another seed
    again = runner.invoke(app, ["synth", "--personen", "50", "--seed", "2", "--output", str(out)])
    # then it is refused and nothing changed
    assert again.exit_code == 2
    assert f"--output: {out} bevat al leveringen (16 bestanden, zoals deelnemers.csv); " in (
        " ".join(again.output.split())
    )
    assert "geef --overschrijven om ze te vervangen." in " ".join(again.output.split())
    assert folder_digest(out) == before
    # and with --overschrijven the folder holds the new region
    forced = runner.invoke(
        app,
        ["synth", "--personen", "50", "--seed", "2", "--overschrijven", "--output", str(out)],
    )
    assert forced.exit_code == 0, forced.output
    assert folder_digest(out) != before
    assert set(folder_digest(out)) == set(before)


def test_synth_never_deletes_other_csv_files_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    (out / "eigen.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["synth", "--personen", "50", "--overschrijven", "--output", str(out)]
    )
    assert result.exit_code == 2
    assert "bevat andere .csv-bestanden die regie select ook zou lezen" in " ".join(
        result.output.split()
    )
    assert sorted(p.name for p in out.iterdir()) == ["eigen.csv"]
