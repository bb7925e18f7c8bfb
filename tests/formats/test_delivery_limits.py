"""Values the database could not hold are refused by the reader, with line and column,
instead of failing at storage: over-long free text and the NUL character."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from regie.deliveries.models import Fact
from regie.formats.delivery import MAX_LENGTHS, Problem, read_delivery

DAY = date(2026, 2, 1)
HEADER = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)
GOOD = "politie,p-1,200000007,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"


def test_over_long_names_ids_prefixes_and_group_ids_are_refused(tmp_path: Path) -> None:
    # given rows with a value one character too long in each free-text column
    path = tmp_path / "politie.csv"
    long_id = "p" * 101
    path.write_text(
        HEADER
        + GOOD
        + f"politie,{long_id},,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
        + f"politie,p-3,,{'V' * 201},{'v' * 51},{'D' * 201},2009-06-12,verdachte,2025-03-10,,"
        + "diefstal,\n",
        encoding="utf-8",
    )
    gemeente = tmp_path / "gemeente_amsterdam.csv"
    gemeente.write_text(
        HEADER + "gemeente_amsterdam,g-1,,Visser,,Daan,2009-06-12,jeugdgroep,2025-01-01,,"
        f"geprioriteerd,{'g' * 201}\n",
        encoding="utf-8",
    )
    # when they are read
    _, problems, _ = read_delivery(path, delivery_date=DAY)
    _, group_problems, _ = read_delivery(gemeente, delivery_date=DAY)
    # then each is refused with its line, column and the limit
    assert problems == [
        Problem("politie.csv", 3, "bron_id", "te lang: 101 tekens, ten hoogste 100"),
        Problem("politie.csv", 4, "achternaam", "te lang: 201 tekens, ten hoogste 200"),
        Problem("politie.csv", 4, "tussenvoegsel", "te lang: 51 tekens, ten hoogste 50"),
        Problem("politie.csv", 4, "voornamen", "te lang: 201 tekens, ten hoogste 200"),
    ]
    assert group_problems == [
        Problem("gemeente_amsterdam.csv", 2, "detail", "te lang: 201 tekens, ten hoogste 200")
    ]


def test_a_nul_character_is_refused_in_csv_and_parquet(tmp_path: Path) -> None:
    # given a CSV with a NUL character on line 3, and a Parquet file with one in row 2
    path = tmp_path / "politie.csv"
    path.write_text(HEADER + GOOD + GOOD.replace("p-1", "p-2").replace("Daan", "Da\x00an"))
    columns = [name.strip() for name in HEADER.split(",")]
    values = [GOOD.strip().split(","), GOOD.strip().replace("Daan", "Da\x00an").split(",")]
    values[1][1] = "p-2"
    parquet = tmp_path / "politie.parquet"
    pq.write_table(
        pa.table({name: [row[i] for row in values] for i, name in enumerate(columns)}), parquet
    )
    message = (
        "bevat een NUL-teken (code 0): dat is geen tekst; sla het bestand opnieuw op als tekst"
    )
    # when they are read, then each is refused where the NUL is
    assert read_delivery(path, delivery_date=DAY)[1] == [Problem("politie.csv", 3, None, message)]
    assert read_delivery(parquet, delivery_date=DAY)[1] == [
        Problem("politie.parquet", 3, "voornamen", message)
    ]


def test_the_limits_are_the_database_columns() -> None:
    # the reader refuses exactly what the fact table could not store
    for column, limit in MAX_LENGTHS.items():
        assert Fact._meta.get_field(column).max_length == limit, column
