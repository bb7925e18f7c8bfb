"""From delivered rows to identity records: one per distinct (BSN, name, date of birth)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Final

import duckdb
import pyarrow as pa

from regie.linkage.linking import RECORD_SCHEMA

#: The columns of the rows table given to :func:`records_from_rows`.
ROW_SCHEMA: Final = pa.schema(
    [
        ("rij", pa.int64()),  # the caller's row number; the mapping comes back by it
        ("bsn", pa.string()),
        ("achternaam", pa.string()),
        ("tussenvoegsel", pa.string()),
        ("voornamen", pa.string()),
        ("geboortedatum", pa.date32()),
        ("bron", pa.string()),
        ("soort", pa.string()),
        ("categorie", pa.string()),
        ("datum", pa.date32()),
    ]
)

# A record's id is a hash of its identity, so that the same identity delivered again
# (in a later delivery, a later run) is the same record, and decisions about it still hold.
_RECORDS_SQL: Final = """
CREATE OR REPLACE TABLE lk_rows AS
SELECT rij, bsn, achternaam, tussenvoegsel, voornamen, geboortedatum, bron, soort, categorie,
    datum,
    substr(sha256(concat_ws(chr(31), coalesce(bsn, ''), achternaam,
        coalesce(tussenvoegsel, ''), voornamen, strftime(geboortedatum, '%Y-%m-%d'))), 1, 24)
        AS record_id
FROM lk_rows_input;

CREATE OR REPLACE TABLE lk_record_table AS
WITH residence AS (  -- the municipality of a BSN's latest registered residence
    SELECT bsn, arg_max(categorie, datum) AS gemeente
    FROM lk_rows WHERE soort = 'inschrijving' AND bsn IS NOT NULL GROUP BY bsn
), supplier AS (  -- rows without a BSN: the municipality that delivered them, if any
    SELECT record_id, mode(substr(bron, 10)) AS gemeente
    FROM lk_rows WHERE bsn IS NULL AND bron LIKE 'gemeente\\_%' ESCAPE '\\'
    GROUP BY record_id
)
SELECT r.record_id, any_value(r.bsn) AS bsn, any_value(r.achternaam) AS achternaam,
    any_value(r.tussenvoegsel) AS tussenvoegsel, any_value(r.voornamen) AS voornamen,
    any_value(r.geboortedatum) AS geboortedatum,
    coalesce(any_value(residence.gemeente), any_value(supplier.gemeente)) AS gemeente,
    count(*) AS rijen
FROM lk_rows r
LEFT JOIN residence ON r.bsn = residence.bsn
LEFT JOIN supplier ON r.record_id = supplier.record_id
GROUP BY r.record_id
ORDER BY r.record_id;
"""


def records_from_rows(rows: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The identity records of ``rows`` (schema :data:`ROW_SCHEMA`) and each row's record.

    Returns (records with :data:`RECORD_SCHEMA`, a table of ``rij`` and ``record_id``).
    The municipality of a record is that of the BSN's latest ``inschrijving``; for a
    record without a BSN, the municipality that delivered it; otherwise unknown.
    """
    con = duckdb.connect()
    try:
        con.register("lk_rows_input", rows.select(ROW_SCHEMA.names).cast(ROW_SCHEMA))
        con.execute(_RECORDS_SQL)
        records = con.sql("SELECT * FROM lk_record_table").to_arrow_table()
        mapping = con.sql("SELECT rij, record_id FROM lk_rows ORDER BY rij").to_arrow_table()
    finally:
        con.close()
    return records.cast(RECORD_SCHEMA), mapping


def record_id_of(
    bsn: str | None,
    achternaam: str,
    tussenvoegsel: str | None,
    voornamen: str,
    geboortedatum: date,
) -> str:
    """The record id of one delivered identity, as :func:`records_from_rows` computes it."""
    text = "\x1f".join(
        (bsn or "", achternaam, tussenvoegsel or "", voornamen, geboortedatum.isoformat())
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]
