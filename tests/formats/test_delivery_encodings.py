"""Deliveries in XLSX and Parquet: the same checks and messages as CSV (docs/delivery-encodings.md).

Only synthetic data, made here with openpyxl and pyarrow: the BSNs pass (or, where a test
says so, fail) the 11-test.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regie.formats.codes import FACT_COLUMNS, FACT_KINDS
from regie.formats.delivery import (
    FactTable,
    InputFile,
    InputRefused,
    Problem,
    read_delivery,
    read_input_folder,
)

DELIVERY_DATE = date(2026, 2, 1)
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
BSN_INVALID = "geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef"
ENCODINGS = ("csv", "xlsx", "parquet")


def fact(**values: str) -> list[str]:
    """One delivery row as text: the defaults above with ``values`` replaced."""
    row = {**DEFAULTS, **values}
    return [row[column] for column in FACT_COLUMNS]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def write_xlsx(
    path: Path,
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    **other_sheets: Sequence[Sequence[object]],
) -> Path:
    """A workbook whose first worksheet holds ``header`` and ``rows`` (an empty row: [])."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "levering"
    for row in [header, *rows]:
        sheet.append(row)
    for title, other_rows in other_sheets.items():
        other = workbook.create_sheet(title)
        for row in other_rows:
            other.append(row)
    workbook.save(path)
    return path


def write_parquet(
    path: Path,
    header: list[str],
    rows: Sequence[Sequence[object]],
    types: dict[str, pa.DataType] | None = None,
) -> Path:
    """A Parquet file with ``header`` as its columns; text unless ``types`` says otherwise."""
    types = types or {}
    arrays = [
        pa.array([row[at] for row in rows], type=types.get(name, pa.string()))
        for at, name in enumerate(header)
    ]
    pq.write_table(pa.table(arrays, names=header), path)
    return path


def write(folder: Path, stem: str, encoding: str, rows: list[list[str]]) -> Path:
    """The same text rows, with the format's header, in ``encoding``."""
    path = folder / f"{stem}.{encoding}"
    header = list(FACT_COLUMNS)
    if encoding == "csv":
        return write_csv(path, header, rows)
    if encoding == "xlsx":
        return write_xlsx(path, header, rows)
    return write_parquet(path, header, rows)


def read(path: Path) -> tuple[FactTable, list[Problem], InputFile]:
    return read_delivery(path, delivery_date=DELIVERY_DATE)


def columns(table: FactTable) -> dict[str, list[object]]:
    """Every column of ``table`` but the file name."""
    return {f.name: getattr(table, f.name) for f in fields(table) if f.name != "bestand"}


def messages(problems: list[Problem]) -> list[tuple[int | None, str | None, str]]:
    return [(problem.line, problem.column, problem.message) for problem in problems]


# --- the same rows in every encoding ----------------------------------------------------


def test_the_same_rows_give_the_same_table_in_every_encoding(tmp_path: Path) -> None:
    # given: three rows as CSV text; the same rows in XLSX and Parquet with typed cells
    header = list(FACT_COLUMNS)
    text_rows = [
        fact(),
        fact(bron_id="politie-2", bsn="", tussenvoegsel="van der", soort="verdachte"),
        fact(bron_id="politie-3", soort="huiselijk_geweld", categorie="", detail="pleger"),
    ]

    def typed(row: list[str]) -> list[object]:
        values: dict[str, object] = dict(zip(header, row, strict=True))
        values["bsn"] = int(row[2]) if row[2] else None
        values["geboortedatum"] = date.fromisoformat(row[6])
        values["datum"] = datetime.fromisoformat(row[8])  # a date and time at midnight
        return [values[column] for column in header]

    csv_path = write_csv(tmp_path / "politie.csv", header, text_rows)
    xlsx_path = write_xlsx(tmp_path / "politie.xlsx", header, [typed(row) for row in text_rows])
    parquet_path = write_parquet(
        tmp_path / "politie.parquet",
        header,
        [typed(row) for row in text_rows],
        {"bsn": pa.int64(), "geboortedatum": pa.date32(), "datum": pa.timestamp("ms")},
    )

    # when
    from_csv, csv_problems, csv_file = read(csv_path)
    from_xlsx, xlsx_problems, xlsx_file = read(xlsx_path)
    from_parquet, parquet_problems, parquet_file = read(parquet_path)

    # then
    assert csv_problems == xlsx_problems == parquet_problems == []
    assert from_csv.bsn == ["200000007", None, "200000007"]
    assert from_csv.tussenvoegsel == [None, "van der", None]
    assert from_csv.datum == [date(2025, 6, 1)] * 3
    assert from_csv.regel == [2, 3, 4]
    assert columns(from_xlsx) == columns(from_csv)
    assert columns(from_parquet) == columns(from_csv)
    assert from_xlsx.bestand == ["politie.xlsx"] * 3
    assert from_parquet.bestand == ["politie.parquet"] * 3
    assert (csv_file.rows, xlsx_file.rows, parquet_file.rows) == (3, 3, 3)
    assert csv_file.partners == xlsx_file.partners == parquet_file.partners == ("politie",)
    for path, input_file in ((xlsx_path, xlsx_file), (parquet_path, parquet_file)):
        assert input_file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_bad_rows_give_the_same_problems_in_every_encoding(tmp_path: Path) -> None:
    # given: bad rows, as text in every encoding
    rows = [
        fact(),
        fact(bron_id="politie-2", soort="inbraak"),
        fact(bron_id="politie-3", datum="2025-13-01", bsn="123456789"),
        fact(bron_id="politie-4", achternaam="  ", einddatum="2025-01-01"),
        fact(bron_id="politie-1", datum="2026-03-01"),
        fact(bron="om", bron_id="om-1", soort="detentie", categorie=""),
    ]
    expected = [
        (3, "soort", "onbekende soort 'inbraak'; toegestaan: " + ", ".join(FACT_KINDS)),
        (4, "bsn", BSN_INVALID),
        (4, "datum", "'2025-13-01' is geen geldige datum (JJJJ-MM-DD)"),
        (5, "achternaam", "verplichte waarde ontbreekt"),
        (
            5,
            "einddatum",
            "soort 'aanhouding' is geen periode en heeft geen einddatum: laat deze kolom leeg",
        ),
        (6, "bron_id", "bron_id 'politie-1' komt al voor bij bron 'politie' (eerste keer: {}:2)"),
        (6, "datum", "'2026-03-01' ligt na de leverdatum 2026-02-01"),
        (
            7,
            "soort",
            "'om' mag soort 'detentie' niet leveren: een partner mag alleen leveren wat zijn "
            "convenant toestaat (soort 'detentie' mag komen van: dji)",
        ),
    ]

    for encoding in ENCODINGS:
        # when
        table, problems, input_file = read(write(tmp_path, "politie", encoding, rows))

        # then: the line of a row is its line in CSV, its row number in XLSX and Parquet
        name = f"politie.{encoding}"
        assert {problem.file for problem in problems} == {name}
        assert messages(problems) == [
            (line, column, message.format(name)) for line, column, message in expected
        ]
        assert len(table) == 1
        assert input_file.rows == 6


def test_an_unknown_or_forbidden_column_is_refused_in_every_encoding(tmp_path: Path) -> None:
    # given: the format's columns and three it does not know
    header = [*FACT_COLUMNS, "postcode", "Opmerking", "Bron"]
    row = [*fact(), "1012AB", "x", "politie"]
    paths = [
        write_csv(tmp_path / "politie.csv", header, [row]),
        write_xlsx(tmp_path / "politie.xlsx", header, [row]),
        write_parquet(tmp_path / "politie.parquet", header, [row]),
    ]

    for path in paths:
        # when
        table, problems, input_file = read(path)

        # then: the header is refused and no row is read
        assert messages(problems) == [
            (
                1,
                "postcode",
                "kolom 'postcode' geweigerd: het aanleverformaat aanvaardt nooit gegevens als "
                "etniciteit, nationaliteit, religie, geboorteland, postcode, wijk, adres of "
                "familieleden",
            ),
            (
                1,
                "Opmerking",
                "onbekende kolom 'Opmerking'; het formaat kent alleen: " + ", ".join(FACT_COLUMNS),
            ),
            (
                1,
                "Bron",
                "onbekende kolom 'Bron': kolomnamen zijn in kleine letters ('bron')",
            ),
        ]
        assert len(table) == 0
        assert input_file.rows == 0


def test_the_suffix_chooses_the_encoding_in_any_case(tmp_path: Path) -> None:
    # given
    header = list(FACT_COLUMNS)
    xlsx_path = write_xlsx(tmp_path / "POLITIE.XLSX", header, [fact()])
    parquet_path = write_parquet(tmp_path / "Politie.Parquet", header, [fact()])

    # when
    xlsx_table, xlsx_problems, _ = read(xlsx_path)
    parquet_table, parquet_problems, _ = read(parquet_path)

    # then
    assert (xlsx_problems, len(xlsx_table)) == ([], 1)
    assert (parquet_problems, len(parquet_table)) == ([], 1)


# --- file-level refusals ----------------------------------------------------------------


def test_a_csv_renamed_to_xlsx_or_parquet_is_refused_as_a_whole(tmp_path: Path) -> None:
    # given: CSV text under the other suffixes
    text = ",".join(FACT_COLUMNS) + "\n" + ",".join(fact()) + "\n"
    xlsx_path = tmp_path / "politie.xlsx"
    xlsx_path.write_text(text, encoding="utf-8")
    parquet_path = tmp_path / "politie.parquet"
    parquet_path.write_text(text, encoding="utf-8")

    # when
    xlsx_table, xlsx_problems, xlsx_file = read(xlsx_path)
    parquet_table, parquet_problems, parquet_file = read(parquet_path)

    # then
    assert xlsx_problems == [
        Problem(
            "politie.xlsx",
            None,
            None,
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt "
            "tekst (zoals CSV). Klopt dat, geef het dan de naam politie.csv",
        )
    ]
    assert parquet_problems == [
        Problem(
            "politie.parquet",
            None,
            None,
            "de naam eindigt op .parquet, maar het bestand is geen Parquet-bestand: het lijkt "
            "tekst (zoals CSV). Klopt dat, geef het dan de naam politie.csv",
        )
    ]
    assert (len(xlsx_table), len(parquet_table)) == (0, 0)
    assert xlsx_file == InputFile("politie.xlsx", hashlib.sha256(text.encode()).hexdigest(), 0, ())
    assert parquet_file.sha256 == xlsx_file.sha256


def test_a_zip_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    # given: a zip archive without a workbook in it
    path = tmp_path / "politie.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("levering.csv", "bron\n")

    # when
    _, problems, _ = read(path)

    # then
    assert [problem.message for problem in problems] == [
        "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
        "ZIP-archief; een levering is een .csv-, .xlsx- of .parquet-bestand"
    ]


def test_an_unknown_suffix_is_refused_naming_the_accepted_types(tmp_path: Path) -> None:
    # given
    text_path = write_csv(tmp_path / "politie.txt", list(FACT_COLUMNS), [fact()])
    bare_path = write_csv(tmp_path / "politie", list(FACT_COLUMNS), [fact()])

    # when
    table, text_problems, text_file = read(text_path)
    _, bare_problems, _ = read(bare_path)

    # then
    assert text_problems == [
        Problem(
            "politie.txt",
            None,
            None,
            "onbekend bestandstype '.txt': een levering is een .csv-, .xlsx- of .parquet-bestand",
        )
    ]
    assert bare_problems == [
        Problem(
            "politie",
            None,
            None,
            "onbekend bestandstype (de naam heeft geen extensie): een levering is een .csv-, "
            ".xlsx- of .parquet-bestand",
        )
    ]
    assert len(table) == 0
    assert text_file.sha256 == hashlib.sha256(text_path.read_bytes()).hexdigest()


def test_a_workbook_with_more_than_one_filled_sheet_is_refused(tmp_path: Path) -> None:
    # given: the delivery, an empty sheet and a sheet with notes
    path = write_xlsx(
        tmp_path / "politie.xlsx",
        list(FACT_COLUMNS),
        [fact()],
        Leeg=[],
        Toelichting=[[None], [None, "geleverd door team 3"]],
    )

    # when
    table, problems, input_file = read(path)

    # then
    assert problems == [
        Problem(
            "politie.xlsx",
            None,
            None,
            "de werkmap heeft meer dan één gevuld werkblad ('levering', 'Toelichting'); een "
            "levering is één tabel: laat alleen het werkblad met de levering gevuld",
        )
    ]
    assert (len(table), input_file.rows) == (0, 0)


def test_a_workbook_with_one_filled_sheet_reads_that_sheet(tmp_path: Path) -> None:
    # given: an empty first sheet and the delivery on the second
    workbook = openpyxl.Workbook()
    workbook.active.title = "Leeg"
    sheet = workbook.create_sheet("levering")
    sheet.append(list(FACT_COLUMNS))
    sheet.append(fact())
    path = tmp_path / "politie.xlsx"
    workbook.save(path)

    # when
    table, problems, _ = read(path)

    # then
    assert problems == []
    assert (table.bron_id, table.regel) == (["politie-1"], [2])


def test_an_empty_workbook_or_parquet_without_columns_is_refused(tmp_path: Path) -> None:
    # given
    workbook_path = tmp_path / "politie.xlsx"
    openpyxl.Workbook().save(workbook_path)
    parquet_path = tmp_path / "om.parquet"
    pq.write_table(pa.table({}), parquet_path)

    # when
    _, workbook_problems, _ = read(workbook_path)
    _, parquet_problems, _ = read(parquet_path)

    # then
    assert workbook_problems == [
        Problem("politie.xlsx", None, None, "het bestand is leeg: er is geen kopregel")
    ]
    assert parquet_problems == [
        Problem("om.parquet", None, None, "het bestand is leeg: er is geen kopregel")
    ]


def test_a_parquet_column_of_another_type_is_refused_naming_its_type(tmp_path: Path) -> None:
    # given: a BSN as a floating-point number and a date with a time zone
    header = list(FACT_COLUMNS)
    row: list[object] = list(fact())
    row[2] = 200000007.0
    row[8] = datetime(2025, 6, 1)
    path = write_parquet(
        tmp_path / "politie.parquet",
        header,
        [row],
        {"bsn": pa.float64(), "datum": pa.timestamp("us", tz="Europe/Amsterdam")},
    )
    accepted = (
        "het formaat aanvaardt tekst (string), datums (date32, date64), tijdstippen om "
        "middernacht (timestamp zonder tijdzone) en gehele getallen (int)"
    )

    # when
    table, problems, input_file = read(path)

    # then
    assert messages(problems) == [
        (
            1,
            "bsn",
            f"kolom 'bsn' heeft type double (geen tekst, datum of geheel getal); {accepted}",
        ),
        (
            1,
            "datum",
            "kolom 'datum' heeft type timestamp[us, tz=Europe/Amsterdam] (een tijdstip met "
            f"tijdzone); {accepted}",
        ),
    ]
    assert (len(table), input_file.rows) == (0, 0)


def test_a_file_damaged_halfway_is_reported_where_reading_stopped(tmp_path: Path) -> None:
    # given: a CSV whose third line holds a field beyond the csv module's limit, and a
    # workbook whose worksheet is cut off in row 3
    header = list(FACT_COLUMNS)
    csv_path = write_csv(tmp_path / "politie.csv", header, [fact(), fact(achternaam="x" * 200_000)])
    whole = write_xlsx(tmp_path / "heel.xlsx", header, [fact(), fact(bron_id="politie-2")])
    xlsx_path = tmp_path / "politie.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(xlsx_path, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b'<row r="3"') + 20]
            damaged.writestr(item, data)

    # when
    csv_table, csv_problems, csv_file = read(csv_path)
    xlsx_table, xlsx_problems, xlsx_file = read(xlsx_path)

    # then: the rows before count, the problem names the line after them
    assert csv_problems == [
        Problem(
            "politie.csv",
            3,
            None,
            "onleesbare CSV, lezen gestopt: field larger than field limit (131072)",
        )
    ]
    assert xlsx_problems == [
        Problem(
            "politie.xlsx",
            3,
            None,
            "onleesbaar werkblad, lezen gestopt: de werkmap is beschadigd",
        )
    ]
    assert (csv_table.bron_id, csv_file.rows) == (["politie-1"], 1)
    assert (xlsx_table.bron_id, xlsx_file.rows) == (["politie-1"], 1)


# --- typed cells ------------------------------------------------------------------------


def test_a_date_cell_is_a_date_and_a_time_of_day_is_refused(tmp_path: Path) -> None:
    # given: a date, a date and time at midnight, and a time of day, as typed cells
    header = list(FACT_COLUMNS)
    typed_rows: list[list[object]] = [list(fact(bron_id=f"politie-{n}")) for n in (1, 2, 3)]
    for row, datum in zip(
        typed_rows,
        (date(2025, 6, 1), datetime(2025, 6, 1, 0, 0), datetime(2025, 6, 1, 13, 45)),
        strict=True,
    ):
        row[8] = datum
    xlsx_path = write_xlsx(tmp_path / "politie.xlsx", header, typed_rows)
    typed_rows[0][8] = datetime(2025, 6, 1)  # Parquet: every value of a column has its type
    parquet_path = write_parquet(
        tmp_path / "politie.parquet", header, typed_rows, {"datum": pa.timestamp("us")}
    )
    # and the same time of day as CSV text
    csv_path = write_csv(
        tmp_path / "politie.csv",
        header,
        [
            fact(bron_id="politie-1"),
            fact(bron_id="politie-2"),
            fact(bron_id="politie-3", datum="2025-06-01 13:45:00"),
        ],
    )
    refused = [(4, "datum", "'2025-06-01 13:45:00' is een tijdstip, geen datum (JJJJ-MM-DD)")]

    for path in (xlsx_path, parquet_path, csv_path):
        # when
        table, problems, _ = read(path)

        # then
        assert messages(problems) == refused
        assert table.datum == [date(2025, 6, 1), date(2025, 6, 1)]


def test_parquet_dates_of_type_date32_and_date64_are_dates(tmp_path: Path) -> None:
    # given
    header = list(FACT_COLUMNS)
    row: list[object] = list(fact(bron="gemeente_amsterdam"))
    row[7:12] = ["inschrijving", date(2020, 1, 1), date(2025, 12, 31), "amsterdam", None]
    row[6] = date(2005, 4, 3)
    path = write_parquet(
        tmp_path / "gemeente_amsterdam.parquet",
        header,
        [row],
        {"geboortedatum": pa.date64(), "datum": pa.date32(), "einddatum": pa.date32()},
    )

    # when
    table, problems, _ = read(path)

    # then
    assert problems == []
    assert (table.geboortedatum, table.datum, table.einddatum, table.detail) == (
        [date(2005, 4, 3)],
        [date(2020, 1, 1)],
        [date(2025, 12, 31)],
        [None],
    )


def test_a_bsn_typed_as_a_number_gets_back_one_lost_leading_zero(tmp_path: Path) -> None:
    # given: a BSN of 9 digits, one that starts with 0 (8 digits as a number) and one that
    # starts with 00 (7 digits as a number: not padded, so refused)
    header = list(FACT_COLUMNS)
    typed_rows: list[list[object]] = [list(fact(bron_id=f"politie-{n}")) for n in (1, 2, 3)]
    typed_rows[0][2] = 200000007
    typed_rows[1][2] = 10000021  # BSN 010000021
    typed_rows[2][2] = 1000020  # BSN 001000020
    paths = [
        write_xlsx(tmp_path / "politie.xlsx", header, typed_rows),
        write_parquet(tmp_path / "politie.parquet", header, typed_rows, {"bsn": pa.int64()}),
    ]

    for path in paths:
        # when
        table, problems, _ = read(path)

        # then
        assert messages(problems) == [(4, "bsn", BSN_INVALID)]
        assert table.bsn == ["200000007", "010000021"]


def test_a_whole_number_in_a_text_column_is_its_digits(tmp_path: Path) -> None:
    # given: a numeric bron_id, typed as a number (in XLSX also as a float, as Excel does)
    header = list(FACT_COLUMNS)
    int_row: list[object] = list(fact())
    int_row[1] = 4711
    float_row: list[object] = list(fact(bron_id=""))
    float_row[1] = 4712.0
    xlsx_path = write_xlsx(tmp_path / "politie.xlsx", header, [int_row, float_row])
    parquet_path = write_parquet(
        tmp_path / "politie.parquet", header, [int_row], {"bron_id": pa.int32()}
    )

    # when
    xlsx_table, xlsx_problems, _ = read(xlsx_path)
    parquet_table, parquet_problems, _ = read(parquet_path)

    # then
    assert (xlsx_problems, xlsx_table.bron_id) == ([], ["4711", "4712"])
    assert (parquet_problems, parquet_table.bron_id) == ([], ["4711"])


def test_parquet_text_as_a_dictionary_and_a_column_without_values_are_read(
    tmp_path: Path,
) -> None:
    # given: soort as a pandas category (dictionary) and einddatum without any value (null)
    header = list(FACT_COLUMNS)
    rows = [fact(), fact(bron_id="politie-2", soort="verdachte")]
    arrays = [pa.array([row[at] for row in rows]) for at in range(len(header))]
    arrays[header.index("soort")] = pa.array(["aanhouding", "verdachte"]).dictionary_encode()
    arrays[header.index("einddatum")] = pa.nulls(2)
    path = tmp_path / "politie.parquet"
    pq.write_table(pa.table(arrays, names=header), path)

    # when
    table, problems, _ = read(path)

    # then
    assert problems == []
    assert (table.soort, table.einddatum) == (["aanhouding", "verdachte"], [None, None])


def test_xlsx_lines_are_row_numbers_and_empty_rows_and_cells_are_skipped(tmp_path: Path) -> None:
    # given: an empty row 3, a trailing empty header cell, a short row and a cell beyond
    # the header
    header = [*FACT_COLUMNS, None]
    short = fact(bron_id="politie-2")[:-1]  # no detail cell at all
    beyond = [*fact(bron_id="politie-3", achternaam=""), None, "x"]
    path = write_xlsx(tmp_path / "politie.xlsx", header, [fact(), [], short, beyond])

    # when
    table, problems, input_file = read(path)

    # then
    assert messages(problems) == [(5, None, "de regel heeft 14 velden, de kopregel 12")]
    assert (table.bron_id, table.regel) == (["politie-1", "politie-2"], [2, 4])
    assert input_file.rows == 3


# --- a folder ---------------------------------------------------------------------------


def test_a_folder_reads_deliveries_in_every_encoding(tmp_path: Path) -> None:
    # given: participants in CSV; politie in CSV and in XLSX (two files); om in Parquet
    (tmp_path / "deelnemers.csv").write_text(
        "bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,aanpak,instroomdatum\n"
        "200000019,Testpersoon,,Kees,2005-10-10,top400,2023-09-01\n",
        encoding="utf-8",
    )
    write(tmp_path, "politie", "csv", [fact(bron_id="p-1")])
    write(tmp_path, "politie_2026-01", "xlsx", [fact(bron_id="p-2"), fact(bron_id="p-3")])
    om = [fact(bron="om", bron_id="om-1", soort="veroordeling", detail="geen")]
    write(tmp_path, "om", "parquet", om)
    (tmp_path / "toelichting.txt").write_text("niet gelezen", encoding="utf-8")

    # when
    folder = read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert [(file.name, file.rows, file.partners) for file in folder.files] == [
        ("deelnemers.csv", 1, ()),
        ("om.parquet", 1, ("om",)),
        ("politie.csv", 1, ("politie",)),
        ("politie_2026-01.xlsx", 2, ("politie",)),
    ]
    for file in folder.files:
        assert file.sha256 == hashlib.sha256((tmp_path / file.name).read_bytes()).hexdigest()
    facts = folder.facts
    assert list(zip(facts.bestand, facts.bron_id, facts.regel, strict=True)) == [
        ("om.parquet", "om-1", 2),
        ("politie.csv", "p-1", 2),
        ("politie_2026-01.xlsx", "p-2", 2),
        ("politie_2026-01.xlsx", "p-3", 3),
    ]
    assert folder.participants.bsn == ["200000019"]
    assert folder.delivered_partners == frozenset({"om", "politie"})


def test_a_duplicate_across_encodings_and_participants_not_in_csv_are_refused(
    tmp_path: Path,
) -> None:
    # given: the same bron_id in politie.csv and politie.parquet; participants as XLSX
    write(tmp_path, "politie", "csv", [fact(bron_id="p-1")])
    write(tmp_path, "politie", "parquet", [fact(bron_id="p-2"), fact(bron_id="p-1")])
    participants = write_xlsx(tmp_path / "deelnemers.xlsx", ["bsn"], [["200000019"]])

    # when
    with pytest.raises(InputRefused) as refused:
        read_input_folder(tmp_path, delivery_date=DELIVERY_DATE, bsn_required=True)

    # then
    assert refused.value.problems == [
        Problem(
            "deelnemers.xlsx",
            None,
            None,
            "de deelnemers worden alleen als CSV gelezen: lever ze als deelnemers.csv (CSV UTF-8)",
        ),
        Problem(
            "politie.parquet",
            3,
            "bron_id",
            "bron_id 'p-1' komt al voor bij bron 'politie' (eerste keer: politie.csv:2)",
        ),
    ]
    assert participants.exists()
