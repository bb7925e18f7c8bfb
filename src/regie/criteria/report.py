"""The files a selection run writes: uitkomsten.csv, uitleg.json, receipt.json.

The three files are written to a temporary folder next to the output folder and only
then moved into place, so a run that fails leaves the output folder as it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TextIO

from regie import __version__
from regie.criteria.regeling import Regeling
from regie.criteria.selection import SelectionResult, outcome_as_dict, rule_descriptions
from regie.formats.cells import row_neutralised
from regie.formats.delivery import InputFile

OUTCOME_COLUMNS: Final = (
    "bsn",
    "achternaam",
    "voornamen",
    "geboortedatum",
    "aanpak",
    "uitkomst",
    "redenen",
)
#: The identity pairs for an analyst (written when identity resolution ran).
REVIEW_FILE: Final = "te_beoordelen.csv"
#: Outcomes that go into uitkomsten.csv; ``onbekend`` is listed in uitleg.json and the summary.
DECIDED_OUTCOMES: Final = ("instroom", "blijft", "uitstroom")


def outcome_rows(result: SelectionResult) -> list[dict[str, str]]:
    return [
        {
            "bsn": o.person.bsn,
            "achternaam": o.person.achternaam,
            "voornamen": o.person.voornamen,
            "geboortedatum": o.person.geboortedatum.isoformat(),
            "aanpak": o.approach,
            "uitkomst": o.outcome,
            "redenen": ";".join(o.reasons),
        }
        for o in result.outcomes
        if o.outcome in DECIDED_OUTCOMES
    ]


EXPLANATION_TEXT: Final = (
    "Per persoon en aanpak: de uitkomst, de redenen en per criterium of het voldaan is, "
    "het aantal tegenover de drempel, de periode waarover geteld is en de feiten die "
    "meetellen (partner, id, datum, code). 'onbekend' betekent dat een partner die voor "
    "dat criterium nodig is in deze ronde niets heeft geleverd."
)


def explanation_persons(result: SelectionResult) -> Iterator[dict[str, Any]]:
    """The explanation of each person in turn (the outcomes are sorted by person key).

    One person at a time, so that a national round's explanation never needs to be in
    memory whole.
    """
    regelingen = {c.regeling.approach: c.regeling for c in result.compiled}
    descriptions = {
        approach: rule_descriptions(regeling, result.peildatum)
        for approach, regeling in regelingen.items()
    }
    entry: dict[str, Any] | None = None
    for outcome in result.outcomes:
        person = outcome.person
        if entry is None or entry["persoon"] != person.key:
            if entry is not None:
                yield entry
            entry = {
                "persoon": person.key,
                "bsn": person.bsn,
                "achternaam": person.achternaam,
                "tussenvoegsel": person.tussenvoegsel,
                "voornamen": person.voornamen,
                "geboortedatum": person.geboortedatum.isoformat(),
                "identiteitsconflict": person.has_conflict,
                "aanpakken": [],
            }
        entry["aanpakken"].append(
            outcome_as_dict(
                outcome,
                regelingen[outcome.approach],
                result.peildatum,
                descriptions[outcome.approach],
            )
        )
    if entry is not None:
        yield entry


def explanation(result: SelectionResult) -> dict[str, Any]:
    """The whole explanation as one structure (for small rounds and tests)."""
    return {
        "peildatum": result.peildatum.isoformat(),
        "uitleg": EXPLANATION_TEXT,
        "personen": list(explanation_persons(result)),
    }


def receipt(
    result: SelectionResult,
    *,
    regelingen: Sequence[Regeling],
    inputs: Sequence[InputFile],
    delivered: Sequence[str],
    missing: Sequence[str],
    identity_conflicts: int,
    started: datetime,
    finished: datetime,
    linkage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data = {
        "regie_versie": __version__,
        "opdracht": "select",
        "peildatum": result.peildatum.isoformat(),
        "gestart": started.isoformat(timespec="seconds"),
        "klaar": finished.isoformat(timespec="seconds"),
        "engine": {"naam": result.engine, "versie": result.engine_version},
        "regelingen": [
            {
                "aanpak": r.approach,
                "bestand": r.file_label,
                "geldig_vanaf": r.valid_from.isoformat(),
                "sha256": r.sha256,
            }
            for r in regelingen
        ],
        "gecompileerde_sql": [
            {"aanpak": c.regeling.approach, "dialect": "duckdb", "sha256": c.sha256}
            for c in result.compiled
        ],
        "invoer": [
            {"bestand": f.name, "sha256": f.sha256, "rijen": f.rows, "bronnen": list(f.partners)}
            for f in inputs
        ],
        "geleverde_bronnen": list(delivered),
        "ontbrekende_bronnen": list(missing),
        "identiteitsconflicten": identity_conflicts,
        "aantallen": result.counts(),
    }
    if linkage is not None:
        data["identiteitsvaststelling"] = linkage
    return data


def output_write(
    output: Path,
    result: SelectionResult,
    receipt_data: dict[str, Any],
    review: tuple[Sequence[str], Sequence[dict[str, str]]] | None = None,
) -> list[Path]:
    """Write the files atomically into ``output`` (created when missing).

    ``review`` (columns, rows) adds te_beoordelen.csv: the identity pairs that an analyst
    must decide, never merged by the selection.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".regie-", dir=output.parent))
    try:
        with (staging / "uitkomsten.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=OUTCOME_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(row_neutralised(row) for row in outcome_rows(result))
        with (staging / "uitleg.json").open("w", encoding="utf-8") as handle:
            explanation_write(handle, result)
        names = ["uitkomsten.csv", "uitleg.json"]
        if review is not None:
            columns, rows = review
            with (staging / REVIEW_FILE).open("w", newline="", encoding="utf-8") as handle:
                review_writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
                review_writer.writeheader()
                review_writer.writerows(row_neutralised(row) for row in rows)
            names.append(REVIEW_FILE)
        receipt_data = dict(receipt_data)
        receipt_data["uitvoer"] = [
            {"bestand": name, "sha256": _sha256(staging / name)} for name in names
        ]
        with (staging / "receipt.json").open("w", encoding="utf-8") as handle:
            json.dump(receipt_data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        output.mkdir(exist_ok=True)
        written = []
        for name in [*names, "receipt.json"]:
            os.replace(staging / name, output / name)
            written.append(output / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def explanation_write(handle: TextIO, result: SelectionResult) -> None:
    """Write the explanation (uitleg.json) as JSON with one person per line, streaming.

    One line per person keeps the file readable and diffable, and lets the C encoder do
    the work: an indented dump of 100,000 persons takes the pure-Python encoder minutes.
    """
    handle.write("{\n")
    handle.write(f'"peildatum": {json.dumps(result.peildatum.isoformat())},\n')
    handle.write(f'"uitleg": {json.dumps(EXPLANATION_TEXT, ensure_ascii=False)},\n')
    handle.write('"personen": [')
    separator = "\n"
    for person in explanation_persons(result):
        handle.write(separator)
        handle.write(json.dumps(person, ensure_ascii=False, separators=(",", ":")))
        separator = ",\n"
    handle.write("\n]\n}\n")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
