"""Reading and validating deliveries and deelnemers.csv (spec: delivery-format.md, "Bad input").

Only synthetic data: the BSNs pass (or, where a test says so, fail) the 11-test.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from regie.formats import delivery
from regie.formats.codes import FACT_COLUMNS, PARTICIPANT_COLUMNS
from regie.formats.delivery import (
    FactTable,
    InputFile,
    InputRefused,
    Problem,
    read_delivery,
    read_input_folder,
    read_participants,
)

DELIVERY_DATE = date(2026, 2, 1)
EXAMPLE = Path(__file__).parent.parent / "data" / "spec_example"  # a copy of the spec example
HEADER = ",".join(FACT_COLUMNS)
PARTICIPANTS_HEADER = ",".join(PARTICIPANT_COLUMNS)
DEFAULTS = {
    "bron": "politie",
    "bron_id": "politie-1",
    "bsn": "200000007",
    "achternaam": "Testpersoon",
    "tussenvoegsel": "",
    "voornamen": "Kees",
    "geboortedatum": "2005-04-03",
    "soort": "aanhouding",
    "datum": "2025-06-01",
    "einddatum": "",
    "categorie": "straatroof",
    "detail": "",
}


def fact(**values: str) -> str:
    """One delivery line: the defaults above with ``values`` replaced."""
    row = {**DEFAULTS, **values}
    return ",".join(row[column] for column in FACT_COLUMNS)


def participant(**values: str) -> str:
    row = {
        "bsn": "200000020",
        "achternaam": "Testpersoon",
        "tussenvoegsel": "",
        "voornamen": "Kees",
        "geboortedatum": "2005-10-10",
        "aanpak": "top400",
        "instroomdatum": "2023-09-01",
        **values,
    }
    return ",".join(row[column] for column in PARTICIPANT_COLUMNS)


def write(folder: Path, name: str, *lines: str, header: str = HEADER) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def read(path: Path, *, bsn_required: bool = False) -> tuple[FactTable, list[Problem], InputFile]:
    return read_delivery(path, delivery_date=DELIVERY_DATE, bsn_required=bsn_required)


def where(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(problem.line, problem.column) for problem in problems]


# --- good files -------------------------------------------------------------------------


def test_good_delivery_gives_every_column(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "politie.csv",
        fact(bsn="", tussenvoegsel=" van der ", voornamen=" Kees Jan "),
        fact(bron_id="politie-2", bsn="200000019", soort="voorgeleiding", detail="rc"),
    )

    # when
    table, problems, info = read(path)

    # then
    assert problems == []
    assert len(table) == 2
    assert table.bron == ["politie", "politie"]
    assert table.bron_id == ["politie-1", "politie-2"]
    assert table.bsn == [None, "200000019"]
    assert table.achternaam == ["Testpersoon", "Testpersoon"]
    assert table.tussenvoegsel == ["van der", None]
    assert table.voornamen == ["Kees Jan", "Kees"]
    assert table.geboortedatum == [date(2005, 4, 3), date(2005, 4, 3)]
    assert table.soort == ["aanhouding", "voorgeleiding"]
    assert table.datum == [date(2025, 6, 1), date(2025, 6, 1)]
    assert table.einddatum == [None, None]
    assert table.categorie == ["straatroof", "straatroof"]
    assert table.detail == [None, "rc"]
    assert table.bestand == ["politie.csv", "politie.csv"]
    assert table.regel == [2, 3]
    assert info == InputFile(
        name="politie.csv",
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        rows=2,
        partners=("politie",),
    )


def test_periods_of_a_municipality_with_a_future_einddatum_are_accepted(tmp_path: Path) -> None:
    # given: a youth group membership that is planned to end after the delivery date
    base = {"bron": "gemeente_amsterdam", "detail": ""}
    path = write(
        tmp_path,
        "gemeente_amsterdam.csv",
        fact(**base, bron_id="g-1", soort="inschrijving", datum="2000-01-01", categorie="overig"),
        fact(
            **{**base, "detail": "groep-7"},
            bron_id="g-2",
            soort="jeugdgroep",
            datum="2025-02-01",
            einddatum="2026-12-31",
            categorie="geprioriteerd",
        ),
    )

    # when
    table, problems, _ = read(path)

    # then
    assert problems == []
    assert table.soort == ["inschrijving", "jeugdgroep"]
    assert table.einddatum == [None, date(2026, 12, 31)]
    assert table.categorie == ["overig", "geprioriteerd"]
    assert table.detail == [None, "groep-7"]


def test_columns_may_come_in_any_order_and_optional_columns_may_be_absent(
    tmp_path: Path,
) -> None:
    # given
    path = write(
        tmp_path,
        "om.csv",
        "veroordeling,om,om-1,2024-09-09,Testpersoon,Kees,1999-07-30,heling,geldboete",
        header="soort,bron,bron_id,datum,achternaam,voornamen,geboortedatum,categorie,detail",
    )

    # when
    table, problems, info = read(path)

    # then
    assert problems == []
    assert (table.bron, table.bron_id, table.soort) == (["om"], ["om-1"], ["veroordeling"])
    assert (table.bsn, table.tussenvoegsel, table.einddatum) == ([None], [None], [None])
    assert (table.categorie, table.detail) == (["heling"], ["geldboete"])
    assert (table.datum, table.geboortedatum) == ([date(2024, 9, 9)], [date(1999, 7, 30)])
    assert info.partners == ("om",)


def test_a_utf8_bom_is_stripped(tmp_path: Path) -> None:
    # given
    path = tmp_path / "politie.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\n{fact()}\n".encode())

    # when
    table, problems, _ = read(path)

    # then
    assert problems == []
    assert table.bron == ["politie"]


def test_blank_lines_are_skipped_and_lines_count_physical_lines(tmp_path: Path) -> None:
    # given: a blank line, and a quoted name spanning two lines
    path = write(
        tmp_path,
        "politie.csv",
        fact(),
        "",
        fact(bron_id="politie-2", achternaam='"Test\npersoon"'),
        fact(bron_id="politie-3", datum="2025-13-01"),
    )

    # when
    table, problems, info = read(path)

    # then
    assert where(problems) == [(6, "datum")]
    assert table.regel == [2, 4]
    assert table.achternaam == ["Testpersoon", "Test\npersoon"]
    assert info.rows == 3


def test_a_header_without_rows_is_accepted_and_named_after_its_partner(tmp_path: Path) -> None:
    # given
    named = write(tmp_path, "gemeente_diemen_2026-01.csv")
    unnamed = write(tmp_path, "levering.csv")

    # when
    named_table, named_problems, named_info = read(named)
    _, unnamed_problems, unnamed_info = read(unnamed)

    # then
    assert (named_problems, len(named_table)) == ([], 0)
    assert named_info.rows == 0
    assert named_info.partners == ("gemeente_diemen",)
    assert unnamed_problems == []
    assert unnamed_info.partners == ()


# --- file level -------------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    # given: UTF-16 with its byte order mark
    path = tmp_path / "politie.csv"
    path.write_bytes(b"\xff\xfe" + f"{HEADER}\n".encode("utf-16-le"))

    # when
    table, problems, info = read(path)

    # then
    assert where(problems) == [(None, None)]
    assert "geen UTF-8" in problems[0].message
    assert len(table) == 0
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    # given
    path = tmp_path / "politie.csv"
    path.write_bytes(b"")

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [(None, None)]
    assert problems[0].message == "het bestand is leeg: er is geen kopregel"


def test_a_blank_first_line_is_no_header(tmp_path: Path) -> None:
    # given
    path = write(tmp_path, "politie.csv", HEADER, fact(), header="")

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [(1, None)]
    assert "kopregel ontbreekt" in problems[0].message


def test_the_column_nationaliteit_is_refused_and_rows_are_not_checked(tmp_path: Path) -> None:
    # given: a bad row too, which is not looked at while the header is bad
    path = write(
        tmp_path,
        "politie.csv",
        fact() + ",NL",
        fact(bron_id="politie-2", datum="gisteren") + ",NL",
        header=HEADER + ",nationaliteit",
    )

    # when
    table, problems, _ = read(path)

    # then
    assert where(problems) == [(1, "nationaliteit")]
    assert "aanvaardt nooit" in problems[0].message
    assert "nationaliteit" in problems[0].message
    assert len(table) == 0


def test_bad_header_columns_are_each_reported(tmp_path: Path) -> None:
    # given: a duplicate, an unknown column, a column with a forbidden word, a capital,
    # and voornamen missing
    header = "bron,bron_id,bron_id,achternaam,geboortedatum,soort,datum,opmerking,Woonwijk,BSN"
    path = write(tmp_path, "politie.csv", header=header)

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [
        (1, "bron_id"),
        (1, "opmerking"),
        (1, "Woonwijk"),
        (1, "BSN"),
        (1, "voornamen"),
    ]
    assert "meer dan eens" in problems[0].message
    assert problems[1].message.startswith("onbekende kolom 'opmerking'; het formaat kent alleen")
    assert "aanvaardt nooit" in problems[2].message
    assert "kleine letters" in problems[3].message
    assert problems[4].message == "verplichte kolom 'voornamen' ontbreekt"


def test_a_row_with_another_number_of_fields_is_refused(tmp_path: Path) -> None:
    # given
    path = write(tmp_path, "politie.csv", fact() + ",extra", "politie,politie-2")

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [(2, None), (3, None)]
    assert problems[0].message == "de regel heeft 13 velden, de kopregel 12"
    assert problems[1].message == "de regel heeft 2 velden, de kopregel 12"


# --- values -----------------------------------------------------------------------------


def test_missing_required_values_are_refused(tmp_path: Path) -> None:
    # given: whitespace counts as empty
    path = write(
        tmp_path,
        "politie.csv",
        fact(bron=" ", bron_id="", achternaam="  ", voornamen="", soort="", datum=""),
        fact(bron_id="politie-2", geboortedatum=""),
    )

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [
        (2, "bron"),
        (2, "bron_id"),
        (2, "achternaam"),
        (2, "voornamen"),
        (2, "soort"),
        (2, "datum"),
        (3, "geboortedatum"),
    ]
    assert {problem.message for problem in problems} == {"verplichte waarde ontbreekt"}


def test_unknown_codes_and_kinds_a_partner_may_not_deliver_are_refused(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "levering.csv",
        fact(bron="polite"),
        fact(bron_id="politie-2", soort="arrestatie"),
        fact(bron="om", bron_id="om-1", soort="aanhouding"),
    )

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [(2, "bron"), (3, "soort"), (4, "soort")]
    assert problems[0].message.startswith("onbekende partnercode 'polite'; toegestaan: politie, om")
    assert problems[1].message.startswith("onbekende soort 'arrestatie'; toegestaan: inschrijving")
    assert problems[2].message == (
        "'om' mag soort 'aanhouding' niet leveren: een partner mag alleen leveren wat zijn "
        "convenant toestaat (soort 'aanhouding' mag komen van: politie)"
    )


def test_a_bsn_that_fails_the_11_test_is_refused(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "politie.csv",
        fact(bsn="123456789"),
        fact(bron_id="politie-2", bsn="12345678"),
        fact(bron_id="politie-3", bsn="123456782"),
    )

    # when
    table, problems, _ = read(path)

    # then
    assert where(problems) == [(2, "bsn"), (3, "bsn")]
    assert "elfproef" in problems[0].message
    assert table.bsn == ["123456782"]


def test_when_bsn_is_required_a_row_without_bsn_is_refused(tmp_path: Path) -> None:
    # given
    path = write(tmp_path, "politie.csv", fact(bsn=""), fact(bron_id="politie-2"))

    # when
    _, problems, _ = read(path, bsn_required=True)

    # then
    assert where(problems) == [(2, "bsn")]
    assert "alleen aan hun BSN" in problems[0].message
    assert "identiteitsvaststelling" in problems[0].message


def test_when_bsn_is_required_a_file_without_the_bsn_column_is_refused_once(
    tmp_path: Path,
) -> None:
    # given
    header = ",".join(column for column in FACT_COLUMNS if column != "bsn")
    line = ",".join(DEFAULTS[column] for column in FACT_COLUMNS if column != "bsn")
    path = write(tmp_path, "politie.csv", line, header=header)

    # when
    _, problems, _ = read(path, bsn_required=True)
    _, problems_without_requirement, _ = read(path)

    # then
    assert where(problems) == [(1, "bsn")]
    assert "alleen aan hun BSN" in problems[0].message
    assert problems_without_requirement == []


def test_dates_must_have_the_exact_iso_shape(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "politie.csv",
        fact(datum="2024-1-5"),
        fact(bron_id="politie-2", datum="20240105"),
        fact(bron_id="politie-3", datum="2024-02-30"),
        fact(bron_id="politie-4", geboortedatum="05-04-2005"),
        fact(bron_id="politie-5", datum="2024-02-29"),
    )

    # when
    table, problems, _ = read(path)

    # then
    assert where(problems) == [(2, "datum"), (3, "datum"), (4, "datum"), (5, "geboortedatum")]
    assert problems[0].message == "'2024-1-5' is geen geldige datum (JJJJ-MM-DD)"
    assert problems[1].message == "'20240105' is geen geldige datum (JJJJ-MM-DD)"
    assert problems[2].message == "'2024-02-30' is geen geldige datum (JJJJ-MM-DD)"
    assert table.datum == [date(2024, 2, 29)]


def test_dates_after_the_delivery_date_are_refused(tmp_path: Path) -> None:
    # given: the delivery date itself is fine
    path = write(
        tmp_path,
        "politie.csv",
        fact(datum="2026-02-02"),
        fact(bron_id="politie-2", geboortedatum="2026-03-01"),
        fact(bron_id="politie-3", datum="2026-02-01"),
    )

    # when
    table, problems, _ = read(path)

    # then
    assert where(problems) == [(2, "datum"), (3, "geboortedatum")]
    assert problems[0].message == "'2026-02-02' ligt na de leverdatum 2026-02-01"
    assert problems[1].message == "'2026-03-01' ligt na de leverdatum 2026-02-01"
    assert table.datum == [date(2026, 2, 1)]


def test_an_einddatum_before_datum_or_on_a_kind_without_period_is_refused(
    tmp_path: Path,
) -> None:
    # given
    path = write(
        tmp_path,
        "dji.csv",
        fact(
            bron="dji",
            bron_id="d-1",
            soort="detentie",
            categorie="",
            datum="2025-07-01",
            einddatum="2025-06-30",
        ),
        fact(
            bron="dji",
            bron_id="d-2",
            soort="detentie",
            categorie="",
            datum="2025-07-01",
            einddatum="2025-07-01",
        ),
        fact(bron="dji", bron_id="d-3", soort="detentie", categorie="", einddatum="2025-7-1"),
    )
    police = write(tmp_path, "politie.csv", fact(einddatum="2025-07-01"))

    # when
    table, problems, _ = read(path)
    _, police_problems, _ = read(police)

    # then
    assert where(problems) == [(2, "einddatum"), (4, "einddatum")]
    assert problems[0].message == "einddatum '2025-06-30' ligt voor datum '2025-07-01'"
    assert problems[1].message == "'2025-7-1' is geen geldige datum (JJJJ-MM-DD)"
    assert table.einddatum == [date(2025, 7, 1)]
    assert where(police_problems) == [(2, "einddatum")]
    assert "'aanhouding' is geen periode" in police_problems[0].message


def test_categorie_and_detail_follow_the_kind(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "politie.csv",
        fact(bron_id="p-1", categorie=""),
        fact(bron_id="p-2", categorie="zakkenrollen"),
        fact(bron_id="p-3", detail="ovj"),
        fact(bron_id="p-4", soort="voorgeleiding", detail="rechter"),
        fact(bron_id="p-5", soort="huiselijk_geweld", categorie="mishandeling", detail=""),
        fact(bron_id="p-6", soort="huiselijk_geweld", categorie="", detail="getuige"),
    )

    # when
    table, problems, _ = read(path)

    # then
    assert where(problems) == [
        (2, "categorie"),
        (3, "categorie"),
        (4, "detail"),
        (5, "detail"),
        (6, "categorie"),
        (6, "detail"),
    ]
    assert problems[0].message.startswith("soort 'aanhouding' vraagt een categorie; toegestaan: ")
    assert problems[1].message.startswith("onbekende code 'zakkenrollen' voor soort 'aanhouding'")
    assert "overval, straatroof" in problems[1].message
    assert problems[2].message == (
        "soort 'aanhouding' heeft geen detail: laat deze kolom leeg (gevonden: 'ovj')"
    )
    assert problems[3].message == (
        "onbekende code 'rechter' voor soort 'voorgeleiding'; toegestaan: ovj, rc"
    )
    assert problems[4].message.startswith("soort 'huiselijk_geweld' heeft geen categorie")
    assert problems[5].message == (
        "soort 'huiselijk_geweld' vraagt een detail; toegestaan: "
        "pleger, slachtoffer, getuige, betrokkene"
    )
    assert table.detail == ["getuige"]


def test_a_youth_group_needs_its_id_and_a_measure_detail_its_categorie(tmp_path: Path) -> None:
    # given
    municipality = write(
        tmp_path,
        "gemeente_amstelveen.csv",
        fact(bron="gemeente_amstelveen", bron_id="g-1", soort="jeugdgroep", categorie="overig"),
    )
    jbra = write(
        tmp_path,
        "jbra.csv",
        fact(bron="jbra", bron_id="j-1", soort="maatregel", categorie="justitieel", detail="ots"),
        fact(bron="jbra", bron_id="j-2", soort="maatregel", categorie="civiel", detail="ots"),
    )

    # when
    _, municipality_problems, _ = read(municipality)
    jbra_table, jbra_problems, _ = read(jbra)

    # then
    assert where(municipality_problems) == [(2, "detail")]
    assert "'jeugdgroep' vraagt een detail" in municipality_problems[0].message
    assert where(jbra_problems) == [(2, "detail")]
    assert jbra_problems[0].message == (
        "maatregel 'ots' hoort niet bij categorie 'justitieel'; toegestaan bij 'justitieel': "
        "jeugdreclassering, reclasseringstoezicht, pij, gbm, isd"
    )
    assert jbra_table.detail == ["ots"]


def test_a_duplicate_bron_id_names_the_first_occurrence(tmp_path: Path) -> None:
    # given: the same id from another partner is no duplicate
    path = write(
        tmp_path,
        "levering.csv",
        fact(bron_id="x-1"),
        fact(bron_id="x-2"),
        fact(bron_id="x-1"),
        fact(bron="om", bron_id="x-1", soort="veroordeling", detail="geen"),
    )

    # when
    _, problems, _ = read(path)

    # then
    assert where(problems) == [(4, "bron_id")]
    assert problems[0].message == (
        "bron_id 'x-1' komt al voor bij bron 'politie' (eerste keer: levering.csv:2)"
    )


def test_seen_ids_carry_over_between_calls(tmp_path: Path) -> None:
    # given
    first = write(tmp_path, "a.csv", fact())
    second = write(tmp_path, "b.csv", fact())
    seen: dict[tuple[str, str], str] = {}

    # when
    read_delivery(first, delivery_date=DELIVERY_DATE, seen_ids=seen)
    _, problems, _ = read_delivery(second, delivery_date=DELIVERY_DATE, seen_ids=seen)

    # then
    assert seen == {("politie", "politie-1"): "a.csv:2"}
    assert where(problems) == [(2, "bron_id")]
    assert "(eerste keer: a.csv:2)" in problems[0].message


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "politie.csv",
        fact(bron_id="p-1"),
        fact(bron_id="p-2", bsn="123456789", datum="2026-13-01", categorie="overvallen"),
        fact(bron_id="p-3"),
        fact(bron_id="p-1", soort="detentie", categorie="", einddatum="2025-01-01"),
        "politie,p-5",
        fact(bron_id="p-6", geboortedatum="2030-01-01", detail="ovj"),
    )

    # when
    table, problems, info = read(path)

    # then
    assert where(problems) == [
        (3, "bsn"),
        (3, "datum"),
        (3, "categorie"),
        (5, "bron_id"),
        (5, "soort"),
        (5, "einddatum"),
        (6, None),
        (7, "geboortedatum"),
        (7, "detail"),
    ]
    assert problems[1].message == "'2026-13-01' is geen geldige datum (JJJJ-MM-DD)"
    assert problems[4].message.startswith("'politie' mag soort 'detentie' niet leveren")
    assert problems[5].message == "einddatum '2025-01-01' ligt voor datum '2025-06-01'"
    assert table.bron_id == ["p-1", "p-3"]
    assert info.rows == 6


# --- participants -----------------------------------------------------------------------


def test_good_participants_give_every_column(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "deelnemers.csv",
        participant(),
        participant(bsn="200000007", tussenvoegsel="de", aanpak="top600"),
        participant(aanpak="top600"),
        header=PARTICIPANTS_HEADER,
    )

    # when
    table, problems, info = read_participants(path, delivery_date=DELIVERY_DATE)

    # then
    assert problems == []
    assert table.bsn == ["200000020", "200000007", "200000020"]
    assert table.achternaam == ["Testpersoon"] * 3
    assert table.tussenvoegsel == [None, "de", None]
    assert table.voornamen == ["Kees"] * 3
    assert table.geboortedatum == [date(2005, 10, 10)] * 3
    assert table.aanpak == ["top400", "top600", "top600"]
    assert table.instroomdatum == [date(2023, 9, 1)] * 3
    assert table.regel == [2, 3, 4]
    assert (info.name, info.rows, info.partners) == ("deelnemers.csv", 3, ())


def test_bad_participants_are_each_reported(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path,
        "deelnemers.csv",
        participant(),
        participant(bsn="", aanpak="top1000"),
        participant(bsn="123456789", geboortedatum="2005-02-30", instroomdatum="2026-02-02"),
        participant(achternaam="Ander"),
        header=PARTICIPANTS_HEADER,
    )

    # when
    table, problems, _ = read_participants(path, delivery_date=DELIVERY_DATE)

    # then
    assert where(problems) == [
        (3, "bsn"),
        (3, "aanpak"),
        (4, "bsn"),
        (4, "geboortedatum"),
        (4, "instroomdatum"),
        (5, "bsn"),
    ]
    assert problems[0].message == "verplichte waarde ontbreekt"
    assert problems[1].message == "onbekende aanpak 'top1000'; toegestaan: top400, top600"
    assert "elfproef" in problems[2].message
    assert problems[4].message == "'2026-02-02' ligt na de leverdatum 2026-02-01"
    assert problems[5].message == "deze deelnemer staat al in aanpak 'top400' op regel 2"
    assert table.regel == [2]


def test_participants_refuse_unknown_and_forbidden_columns(tmp_path: Path) -> None:
    # given
    path = write(
        tmp_path, "deelnemers.csv", header=PARTICIPANTS_HEADER.replace("voornamen", "religie")
    )

    # when
    _, problems, _ = read_participants(path, delivery_date=DELIVERY_DATE)

    # then
    assert where(problems) == [(1, "religie"), (1, "voornamen")]
    assert "aanvaardt nooit" in problems[0].message


# --- folders ----------------------------------------------------------------------------


def test_a_folder_reads_every_delivery_and_the_participants(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie.csv", fact())
    write(tmp_path, "om.csv", fact(bron="om", bron_id="om-1", soort="veroordeling", detail="geen"))
    write(tmp_path, "reclassering.csv")
    write(tmp_path, "deelnemers.csv", participant(), header=PARTICIPANTS_HEADER)
    (tmp_path / "README.md").write_text("geen levering", encoding="utf-8")

    # when
    folder = read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert folder.facts.bron == ["om", "politie"]
    assert folder.facts.bestand == ["om.csv", "politie.csv"]
    assert folder.participants.bsn == ["200000020"]
    assert [(f.name, f.rows, f.partners) for f in folder.files] == [
        ("deelnemers.csv", 1, ()),
        ("om.csv", 1, ("om",)),
        ("politie.csv", 1, ("politie",)),
        ("reclassering.csv", 0, ("reclassering",)),
    ]
    assert folder.delivered_partners == frozenset({"om", "politie", "reclassering"})


def test_a_folder_without_participants_has_none(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie.csv", fact())

    # when
    folder = read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=False)

    # then
    assert len(folder.participants) == 0
    assert len(folder.facts) == 1


def test_a_duplicate_bron_id_across_two_files_of_a_folder_is_refused(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie_2025.csv", fact(), fact(bron_id="politie-2"))
    write(tmp_path, "politie_2026.csv", fact(bron_id="politie-3"), fact(bron_id="politie-2"))

    # when
    with pytest.raises(InputRefused) as refused:
        read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    problems = refused.value.problems
    assert [(p.file, p.line, p.column) for p in problems] == [("politie_2026.csv", 3, "bron_id")]
    assert "(eerste keer: politie_2025.csv:3)" in problems[0].message
    assert str(refused.value) == "invoer geweigerd: 1 probleem in 1 bestand"


def test_a_folder_reports_the_problems_of_every_file(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie.csv", fact(bsn=""))
    write(tmp_path, "om.csv", fact(bron="om", bron_id="om-1"))
    write(tmp_path, "deelnemers.csv", participant(aanpak=""), header=PARTICIPANTS_HEADER)

    # when
    with pytest.raises(InputRefused) as refused:
        read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert [(p.file, p.line, p.column) for p in refused.value.problems] == [
        ("deelnemers.csv", 2, "aanpak"),
        ("om.csv", 2, "soort"),
        ("politie.csv", 2, "bsn"),
    ]
    assert str(refused.value) == "invoer geweigerd: 3 problemen in 3 bestanden"


def test_an_empty_delivery_that_names_no_partner_is_refused_in_a_folder(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie.csv", fact())
    write(tmp_path, "export.csv")

    # when
    with pytest.raises(InputRefused) as refused:
        read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert [(p.file, p.line, p.column) for p in refused.value.problems] == [
        ("export.csv", None, None)
    ]
    assert "niet te zien welke partner" in refused.value.problems[0].message


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    # given: one folder with nothing, one with only the participants
    empty = tmp_path / "leeg"
    empty.mkdir()
    participants_only = tmp_path / "alleen-deelnemers"
    participants_only.mkdir()
    write(participants_only, "deelnemers.csv", participant(), header=PARTICIPANTS_HEADER)

    # when
    with pytest.raises(InputRefused) as empty_refused:
        read_input_folder(empty, delivery_date=DELIVERY_DATE, bsn_required=True)
    with pytest.raises(InputRefused) as participants_refused:
        read_input_folder(participants_only, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    message = (
        "de map bevat geen leveringen: geen enkel .csv-, .xlsx- of .parquet-bestand naast "
        "deelnemers.csv"
    )
    assert empty_refused.value.problems == [Problem("leeg", None, None, message)]
    assert participants_refused.value.problems == [
        Problem("alleen-deelnemers", None, None, message)
    ]


def test_a_missing_folder_or_a_file_is_refused(tmp_path: Path) -> None:
    # given
    missing = tmp_path / "bestaat-niet"
    not_a_folder = write(tmp_path, "politie.csv", fact())

    # when
    with pytest.raises(InputRefused) as missing_refused:
        read_input_folder(missing, delivery_date=DELIVERY_DATE, bsn_required=True)
    with pytest.raises(InputRefused) as file_refused:
        read_input_folder(not_a_folder, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert missing_refused.value.problems == [
        Problem("bestaat-niet", None, None, "de map bestaat niet")
    ]
    assert file_refused.value.problems == [Problem("politie.csv", None, None, "dit is geen map")]


def test_progress_is_reported_every_n_rows_and_at_the_end_of_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a report every 2 rows; files are read in name order
    monkeypatch.setattr(delivery, "PROGRESS_EVERY", 2)
    write(tmp_path, "deelnemers.csv", participant(), header=PARTICIPANTS_HEADER)
    write(
        tmp_path,
        "om.csv",
        *(fact(bron="om", bron_id=f"om-{i}", soort="veroordeling", detail="geen") for i in (1, 2)),
    )
    write(tmp_path, "politie.csv", *(fact(bron_id=f"p-{i}") for i in range(4)))
    calls: list[int] = []

    # when
    read_input_folder(
        tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True, on_progress=calls.append
    )

    # then
    assert calls == [1, 2, 3, 4, 6, 7]


def test_progress_counts_real_batches_of_50000_rows(tmp_path: Path) -> None:
    # given
    write(tmp_path, "politie.csv", *(fact(bron_id=f"p-{i}") for i in range(50_001)))
    calls: list[int] = []

    # when
    read_input_folder(
        tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True, on_progress=calls.append
    )

    # then
    assert calls == [50_000, 50_001]


def test_read_delivery_reports_progress_and_ends_with_the_number_of_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a report every 2 rows and a file of 5 rows (a blank line is no row)
    monkeypatch.setattr(delivery, "PROGRESS_EVERY", 2)
    path = write(tmp_path, "politie.csv", *(fact(bron_id=f"p-{i}") for i in range(3)), "", fact())
    calls: list[int] = []

    # when
    _, problems, input_file = read_delivery(
        path, delivery_date=DELIVERY_DATE, on_progress=calls.append
    )

    # then
    assert problems == []
    assert input_file.rows == 4
    assert calls == [2, 4]


def test_read_delivery_reports_the_rows_of_a_refused_file_too(tmp_path: Path) -> None:
    # given: three rows, one bad
    path = write(tmp_path, "politie.csv", fact(bron_id="p-1"), fact(bron_id=""), fact())
    calls: list[int] = []

    # when
    _, problems, _ = read_delivery(path, delivery_date=DELIVERY_DATE, on_progress=calls.append)

    # then
    assert where(problems) == [(3, "bron_id")]
    assert calls == [3]


# --- small parts ------------------------------------------------------------------------


def test_a_problem_reads_as_file_line_column_and_message() -> None:
    # given
    problems = [
        Problem("politie.csv", 5, "datum", "'2024-13-01' is geen geldige datum (JJJJ-MM-DD)"),
        Problem("politie.csv", 7, None, "de regel heeft 2 velden, de kopregel 12"),
        Problem("politie.csv", None, None, "het bestand is leeg: er is geen kopregel"),
    ]

    # when
    texts = [str(problem) for problem in problems]

    # then
    assert texts == [
        "politie.csv, regel 5, kolom datum: '2024-13-01' is geen geldige datum (JJJJ-MM-DD)",
        "politie.csv, regel 7: de regel heeft 2 velden, de kopregel 12",
        "politie.csv: het bestand is leeg: er is geen kopregel",
    ]


def test_fact_tables_extend_column_by_column(tmp_path: Path) -> None:
    # given
    first, _, _ = read(write(tmp_path, "a.csv", fact()))
    second, _, _ = read(write(tmp_path, "b.csv", fact(bron_id="politie-2"), fact(bron_id="p-3")))
    table = FactTable.empty()

    # when
    table.extend(first)
    table.extend(second)

    # then
    assert len(table) == 3
    assert table.bron_id == ["politie-1", "politie-2", "p-3"]
    assert table.bestand == ["a.csv", "b.csv", "b.csv"]
    assert table.regel == [2, 2, 3]


def test_example_folder_reads_clean() -> None:
    # given the spec's three-person example, when it is read
    folder = read_input_folder(EXAMPLE, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then: dji 1, gemeente_amsterdam 5, jbra 1, om 3, politie 7
    assert len(folder.facts) == 17
    assert len(folder.participants) == 1
    assert folder.delivered_partners == frozenset(
        {"dji", "gemeente_amsterdam", "jbra", "om", "politie"}
    )
