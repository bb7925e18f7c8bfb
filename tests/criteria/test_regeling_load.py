"""Loading regelingen and showing them in Dutch (spec: criteria.md; regie regeling show/check).

The shipped files load; a malformed file is refused on load with a message naming the
file, the rule and the problem; the Dutch text is generated from the file itself. Every
bad file is the shipped Top400 regeling with exactly one thing changed, written to
``<tmp>/top400/2022-01-01.yaml``, the name the loader demands for a Top400 file valid
from 2022-01-01.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from regie import cli
from regie.criteria.describe import regeling_text
from regie.criteria.regeling import (
    REGELINGEN_DIR,
    RegelingError,
    regeling_for,
    regeling_load,
    regeling_paths,
)

TOP400 = REGELINGEN_DIR / "top400" / "2022-01-01.yaml"
TOP600 = REGELINGEN_DIR / "top600" / "2022-01-01.yaml"
FILE = "top400/2022-01-01.yaml"
PEILDATUM = "2026-02-01"
FORBIDDEN = (
    "mag nooit in een criterium staan: selectie gebruikt geen etniciteit, nationaliteit, "
    "religie, geboorteland, postcode, wijk of gegevens over familieleden"
)
ZORG_CHILDREN = (
    "heeft op de peildatum een justitiële maatregel; heeft op de peildatum een "
    "civielrechtelijke maatregel; heeft een zorgsignaal over school; was in de laatste 5 jaar "
    "betrokken bij een incident van huiselijk geweld; is aangehouden op een leeftijd van 12 tot "
    "en met 13 jaar; is in de laatste 5 jaar aangehouden voor het dealen van nepdope; hoort op de "
    "peildatum bij een geprioriteerde jeugdgroep."
)

Regelingdata = dict[str, Any]
Mutation = Callable[[Regelingdata], None]


def top400_data() -> Regelingdata:
    data: Regelingdata = yaml.safe_load(TOP400.read_text(encoding="utf-8"))
    return data


def rule_of(data: Regelingdata, rule_id: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [r for r in data["regels"] if r["id"] == rule_id]
    (rule,) = matches
    return rule


def regeling_write(directory: Path, data: Regelingdata) -> Path:
    """Write ``data`` where the loader expects the Top400 file valid from 2022-01-01."""
    path = directory / "top400" / "2022-01-01.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(cli.app, list(args))


# --- mutations: each changes exactly one thing in the shipped Top400 regeling -----------


def rule_set(rule_id: str, key: str, value: Any) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        rule_of(data, rule_id)[key] = value

    return mutate


def rule_drop(rule_id: str, key: str) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        del rule_of(data, rule_id)[key]

    return mutate


def parameter_set(name: str, key: str, value: Any) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        data["parameters"][name][key] = value

    return mutate


def parameter_drop(name: str, key: str | None = None) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        if key is None:
            del data["parameters"][name]
        else:
            del data["parameters"][name][key]

    return mutate


def parameter_add(name: str, spec: dict[str, Any]) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        data["parameters"][name] = spec

    return mutate


def section_set(section: str, key: str | int, value: Any) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        data[section][key] = value

    return mutate


def outflow_step_set(number: int, key: str, value: Any) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        data["uitstroom"][number - 1][key] = value

    return mutate


def outflow_last_step_drop(data: Regelingdata) -> None:
    data["uitstroom"].pop()


def top_set(key: str, value: Any) -> Mutation:
    def mutate(data: Regelingdata) -> None:
        data[key] = value

    return mutate


MALFORMED = [
    pytest.param(
        rule_set("zorgcriterium", "blok", "meerderheid_van"),
        "zorgcriterium",
        "onbekend bouwblok 'meerderheid_van'; bekende bouwblokken: telling, dagen_in_periode, "
        "periode_op_peildatum, leeftijd, ten_minste_k_van, alle_van, een_van, niet",
        id="een onbekend bouwblok",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "feit", "staandehouding"),
        "politie_hic_aanhouding",
        "onbekende soort feit 'staandehouding'; het aanleverformaat kent: inschrijving, "
        "aanhouding, verdachte, voorgeleiding, veroordeling, maatregel, detentie, leerplicht, "
        "huiselijk_geweld, jeugdgroep",
        id="een onbekende soort feit",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "feit", ["aanhouding"]),
        "politie_hic_aanhouding",
        "onbekende soort feit '['aanhouding']'; het aanleverformaat kent: inschrijving, "
        "aanhouding, verdachte, voorgeleiding, veroordeling, maatregel, detentie, leerplicht, "
        "huiselijk_geweld, jeugdgroep",
        id="een lijst als soort feit",
    ),
    pytest.param(
        rule_set("in_regio", "feit", "aanhouding"),
        "in_regio",
        "bouwblok periode_op_peildatum vraagt een periode, en 'aanhouding' is geen periode",
        id="een periode op de peildatum van een feit dat geen periode is",
    ),
    pytest.param(
        parameter_set(
            "hic_delicten",
            "waarde",
            ["overval", "straatroof", "zakkenrollerij"],
        ),
        "politie_hic_aanhouding",
        "parameter 'hic_delicten' bevat code(s) zakkenrollerij die het aanleverformaat niet kent "
        "voor categorie van aanhouding",
        id="een delictcode die het aanleverformaat niet kent",
    ),
    pytest.param(
        parameter_set("justitiele_maatregelen", "waarde", ["jeugdreclassering"]),
        "zorg_a_justitiele_maatregel",
        "parameter 'justitiele_maatregelen' bevat code(s) jeugdreclassering die het "
        "aanleverformaat niet kent voor categorie van maatregel",
        id="een detailcode in een filter op categorie",
    ),
    pytest.param(
        parameter_drop("politie_hic_aantal"),
        "politie_hic_aanhouding",
        "het label noemt de parameter 'politie_hic_aantal', die niet bestaat",
        id="een parameter die een label noemt maar niet bestaat",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "label", "is in de laatste {hic_delicten} jaar"),
        "politie_hic_aanhouding",
        "het label noemt de parameter 'hic_delicten', maar alleen een getal kan in een label staan",
        id="een codelijst in een label",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "label", "is {politie_hic_aantal:letters} keer"),
        "politie_hic_aanhouding",
        "onbekende vorm 'letters' in het label bij 'politie_hic_aantal'; gebruik "
        "{politie_hic_aantal} of {politie_hic_aantal:woord}",
        id="een onbekende vorm in een label",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "label", "is {politie_hic_aantal keer"),
        "politie_hic_aanhouding",
        "het label heeft een accolade die geen parameter noemt",
        id="een losse accolade in een label",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "ten_minste", 1),
        "politie_hic_aanhouding",
        "'ten_minste' moet naar een benoemde parameter verwijzen ($naam), niet een letterlijke "
        "waarde 1: elke drempel, elk venster en elke codelijst staat als parameter in het bestand",
        id="een letterlijke drempel in plaats van een parameter",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "venster", "$politie_hic_aantal"),
        "politie_hic_aanhouding",
        "'venster' verwacht een parameter van soort jaren, maar 'politie_hic_aantal' is van "
        "soort aantal",
        id="een aantal als venster",
    ),
    pytest.param(
        rule_set("in_regio", "filter", {"nationaliteit": "$regiogemeenten"}),
        "in_regio",
        f"'nationaliteit' {FORBIDDEN}",
        id="een filter op nationaliteit",
    ),
    pytest.param(
        rule_set("in_regio", "filter", {"postcode": "$regiogemeenten"}),
        "in_regio",
        f"'postcode' {FORBIDDEN}",
        id="een filter op postcode",
    ),
    pytest.param(
        rule_set("in_regio", "etniciteit", "$regiogemeenten"),
        "in_regio",
        f"'etniciteit' {FORBIDDEN}",
        id="een sleutel etniciteit in een regel",
    ),
    pytest.param(
        rule_set("in_regio", "filter", {"bron": "$regiogemeenten"}),
        "in_regio",
        "filter op 'bron': dat kenmerk staat niet in het aanleverformaat als code; filteren kan "
        "op categorie en detail",
        id="een filter op een kolom zonder codes",
    ),
    pytest.param(
        rule_set("politie_hic_aanhouding", "filter", {"detail": "$hic_delicten"}),
        "politie_hic_aanhouding",
        "'aanhouding' heeft geen codes in de kolom detail; filteren kan daar niet",
        id="een filter op detail van een aanhouding",
    ),
    pytest.param(
        parameter_add(
            "extra_venster",
            {"soort": "jaren", "waarde": 3, "bron": "binnen drie jaar"},
        ),
        None,
        "parameter(s) gedefinieerd maar nergens gebruikt: extra_venster",
        id="een parameter die nergens gebruikt wordt",
    ),
    pytest.param(
        rule_set("politiecriterium", "van", ["politie_hic_aanhouding", "politie_geweld"]),
        "politiecriterium",
        "verwijst naar regel 'politie_geweld', die niet bestaat",
        id="een samengestelde regel met een onbekende regel",
    ),
    pytest.param(
        rule_set(
            "zorg_c_school",
            "van",
            [
                "zorg_c_school_signaal",
                "zorg_c_schoolwissels_po",
                "zorg_c_schoolwissels_vo",
                "zorgcriterium",
            ],
        ),
        "zorg_c_school",
        "kringverwijzing: zorg_c_school -> zorgcriterium -> zorg_c_school",
        id="een kring tussen twee regels",
    ),
    pytest.param(
        parameter_set("zorg_minimaal_signalen", "waarde", 8),
        "zorgcriterium",
        "k = 8 moet tussen 1 en het aantal regels (7) liggen",
        id="k groter dan het aantal regels",
    ),
    pytest.param(
        parameter_set("zorg_minimaal_signalen", "waarde", 0),
        "zorgcriterium",
        "k = 0 moet tussen 1 en het aantal regels (7) liggen",
        id="k gelijk aan nul",
    ),
    pytest.param(
        parameter_drop("zorg_minimaal_signalen", "bron"),
        None,
        "parameter zorg_minimaal_signalen: een parameter heeft precies de sleutels soort, waarde "
        "en bron",
        id="een parameter zonder bron",
    ),
    pytest.param(
        parameter_set("zorg_minimaal_signalen", "bron", "   "),
        None,
        "parameter zorg_minimaal_signalen: de bron (de zin uit de brontekst) ontbreekt",
        id="een parameter met een lege bron",
    ),
    pytest.param(
        rule_drop("zorgcriterium", "label"),
        "zorgcriterium",
        "'label' ontbreekt of is leeg",
        id="een regel zonder label",
    ),
    pytest.param(
        rule_set("zorgcriterium", "bron", ""),
        "zorgcriterium",
        "'bron' ontbreekt of is leeg",
        id="een regel met een lege bron",
    ),
    pytest.param(
        section_set("instroom", "regel", ["instroom"]),
        None,
        "instroom verwijst naar regel '['instroom']', die niet bestaat",
        id="een lijst als instroomregel",
    ),
    pytest.param(
        section_set("instroom", "redenen", [["zorg_c_school"]]),
        None,
        "instroom.redenen noemt regel '['zorg_c_school']', die niet bestaat",
        id="een lijst als instroomreden",
    ),
    pytest.param(
        outflow_step_set(2, "als", ["detentie_dagen"]),
        None,
        "uitstroom stap 2: verwijst naar regel '['detentie_dagen']', die niet bestaat",
        id="een lijst als voorwaarde van een uitstroomstap",
    ),
    pytest.param(
        outflow_last_step_drop,
        None,
        "de laatste uitstroomstap moet 'anders' zijn, zodat elke deelnemer een uitkomst krijgt",
        id="uitstroom zonder anders",
    ),
    pytest.param(
        top_set("aanpak", "top600"),
        None,
        "het bestand moet regelingen/top600/2022-01-01.yaml heten (één bestand per aanpak per "
        "geldig-vanaf-datum)",
        id="een aanpak die niet bij de map past",
    ),
]


# --- the shipped regelingen --------------------------------------------------------------


@pytest.mark.parametrize(
    ("approach", "rules", "parameters"),
    [("top400", 20, 34), ("top600", 32, 22)],
)
def test_a_shipped_regeling_loads_with_a_source_for_every_parameter_and_rule(
    approach: str, rules: int, parameters: int
) -> None:
    # given the one shipped file of the approach
    paths = regeling_paths(approach)
    assert [p.name for p in paths] == ["2022-01-01.yaml"]
    # when it is loaded
    regeling = regeling_load(paths[0])
    # then it is valid from 2022-01-01 with every rule and parameter sourced
    assert (regeling.approach, regeling.valid_from) == (approach, date(2022, 1, 1))
    assert (len(regeling.rules), len(regeling.parameters)) == (rules, parameters)
    assert [p.name for p in regeling.parameters.values() if not p.source.strip()] == []
    assert [r.id for r in regeling.rules.values() if not r.label.strip()] == []
    assert [r.id for r in regeling.rules.values() if not r.source.strip()] == []


def test_the_shipped_top400_copied_unchanged_to_a_temporary_folder_loads(tmp_path: Path) -> None:
    # given the shipped Top400 regeling, read and dumped again without changes
    path = regeling_write(tmp_path, top400_data())
    # when it is loaded
    regeling = regeling_load(path)
    # then it is the same regeling, so a refusal below comes from the one change made
    assert regeling.file_label == FILE
    assert regeling.parameters == regeling_load(TOP400).parameters
    assert list(regeling.rules) == list(regeling_load(TOP400).rules)


# --- malformed regelingen ----------------------------------------------------------------


@pytest.mark.parametrize(("mutate", "rule", "problem"), MALFORMED)
def test_a_malformed_regeling_is_refused_naming_the_file_the_rule_and_the_problem(
    tmp_path: Path, mutate: Mutation, rule: str | None, problem: str
) -> None:
    # given the shipped Top400 regeling with one thing wrong
    data = top400_data()
    mutate(data)
    path = regeling_write(tmp_path, data)
    # when it is loaded
    with pytest.raises(RegelingError) as refused:
        regeling_load(path)
    # then the refusal names the file, the rule and the problem
    assert (refused.value.file, refused.value.rule, refused.value.problem) == (FILE, rule, problem)
    where = f"{FILE}, regel {rule}" if rule else FILE
    assert str(refused.value) == f"{where}: {problem}"


def test_a_regeling_that_is_not_valid_yaml_is_refused_with_the_line_and_column(
    tmp_path: Path,
) -> None:
    # given a file whose list is never closed
    path = tmp_path / "top400" / "2022-01-01.yaml"
    path.parent.mkdir()
    path.write_text("aanpak: top400\nnaam: [Top400\n", encoding="utf-8")
    # when it is loaded
    with pytest.raises(RegelingError) as refused:
        regeling_load(path)
    # then the refusal names the file and where the YAML breaks
    assert (refused.value.file, refused.value.rule) == (FILE, None)
    assert refused.value.problem.splitlines()[:3] == [
        "geen geldige YAML: while parsing a flow sequence",
        '  in "<byte string>", line 2, column 7:',
        "    naam: [Top400",
    ]


@pytest.mark.parametrize("text", ["", "- top400\n- top600\n"], ids=["leeg", "een lijst"])
def test_a_regeling_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str) -> None:
    # given a file that is valid YAML but not a mapping
    path = tmp_path / "top400" / "2022-01-01.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    # when it is loaded
    with pytest.raises(RegelingError) as refused:
        regeling_load(path)
    # then the refusal says what the file must be
    assert str(refused.value) == (
        f"{FILE}: het bestand moet een mapping met de sleutels van een regeling zijn"
    )


# --- the regeling in Dutch ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("approach", "expected_lines"),
    [
        pytest.param(
            "top400",
            [
                "Top400: instroom- en uitstroomcriteria",
                "Geldig vanaf 2022-01-01 (bestand top400/2022-01-01.yaml).",
                "    - is 12 tot en met 23 jaar oud op de peildatum [leeftijd]",
                "      De leeftijd op de peildatum is minstens 12 jaar en hoogstens 23 jaar "
                "(in volle jaren).",
                "    - heeft minstens 3 van de 7 zorgsignalen [zorgcriterium]",
                f"      Minstens drie van de volgende 7 voorwaarden gelden: {ZORG_CHILDREN}",
                '      Brontekst: "Bevat minstens drie van de onderstaande criteria"',
                "        Het aantal aanhoudingen voor overval, straatroof, woninginbraak, zware "
                "mishandeling, moord doodslag of openlijke geweldpleging in de laatste 5 jaar "
                "tot en met de peildatum is minstens 1.",
                "  1. Als het volgende niet geldt: de persoon zit minstens 2 jaar in de Top400. "
                "Dan: blijft in de aanpak (reden: min_duur).",
                "  2. Als het volgende geldt: de persoon was in de laatste 2 jaar meer dan 100 "
                "dagen in detentie. Dan: blijft in de aanpak (reden: detentie).",
                "     Het aantal dagen in de laatste 2 jaar tot en met de peildatum waarop een "
                "periode in detentie liep is meer dan 100 dagen (overlappende perioden tellen "
                "één keer; zonder einddatum loopt een periode tot de peildatum).",
                "  4. Anders: blijft in de aanpak (reden: meerdere_aanhoudingen).",
                "  zorg_minimaal_signalen (aantal) = 3",
            ],
            id="top400",
        ),
        pytest.param(
            "top600",
            [
                "Top600: instroom- en uitstroomcriteria",
                "Geldig vanaf 2022-01-01 (bestand top600/2022-01-01.yaml).",
                "            - is in de laatste 5 jaar drie keer of vaker aangehouden voor een "
                "high impact crime [hic_aanhoudingen_drie]",
                "              Het aantal aanhoudingen voor overval, straatroof, woninginbraak, "
                "zware mishandeling, moord doodslag of openlijke geweldpleging in de laatste 5 "
                "jaar tot en met de peildatum is minstens 3.",
                "            - is 21 jaar of ouder op de peildatum [leeftijd_21_plus]",
                "              De leeftijd op de peildatum is minstens 21 jaar (in volle jaren).",
            ],
            id="top600",
        ),
    ],
)
def test_regeling_show_prints_the_rules_as_dutch_sentences_generated_from_the_file(
    approach: str, expected_lines: list[str]
) -> None:
    # when the regeling in force on the peildatum is shown
    result = run("regeling", "show", approach, "--peildatum", PEILDATUM)
    # then it succeeds and prints these exact lines, each whole on one line
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line for line in expected_lines if line not in lines] == []


@pytest.mark.parametrize(
    ("parameter", "value", "old_line", "new_line"),
    [
        pytest.param(
            "zorg_minimaal_signalen",
            4,
            f"      Minstens drie van de volgende 7 voorwaarden gelden: {ZORG_CHILDREN}",
            f"      Minstens vier van de volgende 7 voorwaarden gelden: {ZORG_CHILDREN}",
            id="zorgsignalen minstens 4",
        ),
        pytest.param(
            "leeftijd_maximaal",
            22,
            "      De leeftijd op de peildatum is minstens 12 jaar en hoogstens 23 jaar "
            "(in volle jaren).",
            "      De leeftijd op de peildatum is minstens 12 jaar en hoogstens 22 jaar "
            "(in volle jaren).",
            id="leeftijd hoogstens 22",
        ),
        pytest.param(
            "detentie_grens",
            90,
            "     Het aantal dagen in de laatste 2 jaar tot en met de peildatum waarop een "
            "periode in detentie liep is meer dan 100 dagen (overlappende perioden tellen "
            "één keer; zonder einddatum loopt een periode tot de peildatum).",
            "     Het aantal dagen in de laatste 2 jaar tot en met de peildatum waarop een "
            "periode in detentie liep is meer dan 90 dagen (overlappende perioden tellen "
            "één keer; zonder einddatum loopt een periode tot de peildatum).",
            id="detentie meer dan 90 dagen",
        ),
    ],
)
def test_changing_a_parameter_in_the_file_changes_the_generated_sentence(
    tmp_path: Path, parameter: str, value: int, old_line: str, new_line: str
) -> None:
    # given a copy of the Top400 regeling with one parameter changed
    data = top400_data()
    data["parameters"][parameter]["waarde"] = value
    path = regeling_write(tmp_path, data)
    # when its text is generated
    lines = regeling_text(regeling_load(path)).splitlines()
    # then the sentence and the parameter list follow the file, and the old sentence is gone
    assert old_line in regeling_text(regeling_load(TOP400)).splitlines()
    assert (new_line in lines, old_line in lines) == (True, False)
    assert f"  {parameter} ({data['parameters'][parameter]['soort']}) = {value}" in lines


def test_a_label_names_its_parameters_so_that_it_follows_a_changed_threshold(
    tmp_path: Path,
) -> None:
    # given a copy of the Top400 regeling with four care signals and a 90-day limit
    data = top400_data()
    data["parameters"]["zorg_minimaal_signalen"]["waarde"] = 4
    data["parameters"]["detentie_grens"]["waarde"] = 90
    data["parameters"]["politie_misdrijf_aantal"]["waarde"] = 3
    # when it is loaded
    regeling = regeling_load(regeling_write(tmp_path, data))
    # then the labels carry the new numbers, in digits or in words as the file asks
    assert regeling.rules["zorgcriterium"].label == "heeft minstens 4 van de 7 zorgsignalen"
    assert regeling.rules["detentie_dagen"].label == (
        "was in de laatste 2 jaar meer dan 90 dagen in detentie"
    )
    assert regeling.rules["politie_misdrijf_aanhoudingen"].label == (
        "is in de laatste 2 jaar minstens drie keer aangehouden voor een misdrijf"
    )


def test_regeling_show_of_an_unknown_approach_exits_2_with_the_known_approaches() -> None:
    # when an approach is shown that does not exist
    result = run("regeling", "show", "onbekend")
    # then it exits 2, names the known approaches and prints no regeling
    assert result.exit_code == 2
    assert result.stderr == "Onbekende aanpak 'onbekend'; kies uit top400, top600.\n"
    assert result.stdout == ""


def test_regeling_show_before_the_first_regeling_exits_2_saying_none_applies() -> None:
    # when the Top400 is shown for a peildatum before its first regeling
    result = run("regeling", "show", "top400", "--peildatum", "2021-12-31")
    # then it exits 2 and says no regeling applies on that date
    assert result.exit_code == 2
    assert result.stderr == (
        "Regeling geweigerd: top400/: geen regeling voor top400 die geldt op 2021-12-31\n"
    )
    assert result.stdout == ""


def test_regeling_show_of_a_malformed_regeling_exits_2_naming_file_rule_and_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a regelingen folder whose Top400 file has k larger than its number of rules
    data = top400_data()
    data["parameters"]["zorg_minimaal_signalen"]["waarde"] = 8
    regeling_write(tmp_path, data)
    monkeypatch.setattr(cli, "regeling_for", functools.partial(regeling_for, directory=tmp_path))
    # when the Top400 is shown
    result = run("regeling", "show", "top400", "--peildatum", PEILDATUM)
    # then it exits 2 with the refusal on one line, and prints no regeling
    assert result.exit_code == 2
    assert result.stderr == (
        f"Regeling geweigerd: {FILE}, regel zorgcriterium: "
        "k = 8 moet tussen 1 en het aantal regels (7) liggen\n"
    )
    assert result.stdout == ""


# --- regie regeling check ----------------------------------------------------------------


def test_regeling_check_accepts_the_shipped_regelingen() -> None:
    # when the shipped files are checked
    result = run("regeling", "check")
    # then both are good and it exits 0
    assert result.exit_code == 0
    assert result.stdout == (
        "goed  top400/2022-01-01.yaml: 20 regels, 34 parameters\n"
        "goed  top600/2022-01-01.yaml: 32 regels, 22 parameters\n"
    )
    assert result.stderr == ""


def test_regeling_check_exits_1_on_a_bad_file_printing_file_rule_and_problem_on_one_line(
    tmp_path: Path,
) -> None:
    # given a Top400 file that filters on postcode, and the good shipped Top600 file
    data = top400_data()
    rule_of(data, "in_regio")["filter"] = {"postcode": "$regiogemeenten"}
    bad = regeling_write(tmp_path, data)
    # when both are checked
    result = run("regeling", "check", str(bad), str(TOP600))
    # then it exits 1, refuses the bad file on one line and still accepts the good one
    assert result.exit_code == 1
    assert result.stderr == f"fout  {FILE}, regel in_regio: 'postcode' {FORBIDDEN}\n"
    assert result.stdout == "goed  top600/2022-01-01.yaml: 32 regels, 22 parameters\n"


def test_regeling_check_of_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    # given a path where no file is
    missing = tmp_path / "top400" / "2030-01-01.yaml"
    # when it is checked
    result = run("regeling", "check", str(missing))
    # then it exits 1 and says so in Dutch, naming the path
    assert result.exit_code == 1
    assert result.stderr == f"fout  {missing}: bestaat niet\n"


def test_regeling_check_prints_yaml_with_brackets_as_written(tmp_path: Path) -> None:
    # given a file with a stray closing bracket after a list
    path = tmp_path / "top400" / "2022-01-01.yaml"
    path.parent.mkdir()
    path.write_text(
        "aanpak: top400\nparameters:\n  x: {soort: codes, waarde: [a, b]]}\n", encoding="utf-8"
    )
    # when it is checked
    result = run("regeling", "check", str(path))
    # then it exits 1 and quotes the broken line as it is, brackets included
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:4] == [
        f"fout  {FILE}: geen geldige YAML: while parsing a flow mapping",
        '  in "<byte string>", line 3, column 6:',
        "      x: {soort: codes, waarde: [a, b]]}",
        "         ^",
    ]
    assert result.stdout == ""
