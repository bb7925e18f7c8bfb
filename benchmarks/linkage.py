"""Benchmark: identity linkage quality and time on the synthetic region's ground truth.

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    .venv/bin/python benchmarks/linkage.py [--persons 100000] [--seed 1]
        [--upper 24] [--lower 20] [--region DIR] [--write-reference-model]

The region (with the default identity noise) is generated once into benchmarks/data/
(ignored by git) and reused, or read from --region. The script reads every delivery,
builds the identity records, links them with `regie.linkage` (Splink on DuckDB), and
compares the persons with grondwaarheid/identiteiten.csv: precision and recall of the
automatic links, the share of records sent to review, and the time of each step.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb

from regie.linkage.linking import REFERENCE_MODEL, LinkageParameters, linkage_run
from regie.linkage.quality import quality_measure
from regie.linkage.records import ROW_SCHEMA, records_from_rows

DATA = Path(__file__).resolve().parent / "data"


def region_ensure(persons: int, seed: int) -> Path:
    folder = DATA / f"region-{persons}-{seed}-ruis"
    marker = folder / ".complete"
    if not marker.exists():
        started = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "regie"),
                "synth",
                "--personen",
                str(persons),
                "--seed",
                str(seed),
                "--peildatum",
                "2026-02-01",
                "--overschrijven",
                "--output",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.write_text("ok\n")
        print(f"generated the region in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--upper", type=float, default=LinkageParameters.upper_evidence_weight, help="evidence"
    )
    parser.add_argument(
        "--lower", type=float, default=LinkageParameters.lower_evidence_weight, help="evidence"
    )
    parser.add_argument("--region", type=Path, default=None)
    parser.add_argument(
        "--write-reference-model",
        action="store_true",
        help="store the learnt model as src/regie/linkage/referentiemodel.json",
    )
    arguments = parser.parse_args()
    folder = arguments.region or region_ensure(arguments.persons, arguments.seed)

    started = time.perf_counter()
    con = duckdb.connect()
    deliveries = [
        str(path) for path in sorted(folder.glob("*.csv")) if path.name != "deelnemers.csv"
    ]
    con.execute(
        "CREATE TABLE rows AS SELECT row_number() OVER () AS rij, * FROM read_csv($files, "
        "all_varchar = true, header = true)",
        {"files": deliveries},
    )
    rows = con.execute(
        "SELECT rij, nullif(bsn, '') AS bsn, achternaam, nullif(tussenvoegsel, '') AS "
        "tussenvoegsel, voornamen, geboortedatum::DATE AS geboortedatum, bron, soort, "
        "nullif(categorie, '') AS categorie, datum::DATE AS datum FROM rows"
    ).to_arrow_table()
    truth_rows = con.execute(
        "SELECT r.rij, t.persoon_id FROM rows r JOIN read_csv($truth, all_varchar = true) t "
        "USING (bron, bron_id)",
        {"truth": str(folder / "grondwaarheid" / "identiteiten.csv")},
    ).fetchall()
    con.close()
    read_seconds = time.perf_counter() - started
    print(f"read {rows.num_rows:,} rows in {read_seconds:.1f} s", file=sys.stderr)

    started = time.perf_counter()
    records, mapping = records_from_rows(rows.cast(ROW_SCHEMA))
    records_seconds = time.perf_counter() - started

    person_of_row = dict(truth_rows)
    votes: dict[str, Counter[str]] = {}
    for rij, record in zip(
        mapping.column("rij").to_pylist(), mapping.column("record_id").to_pylist(), strict=True
    ):
        votes.setdefault(record, Counter())[person_of_row[rij]] += 1
    truth = {record: counts.most_common(1)[0][0] for record, counts in votes.items()}
    bsn_of = dict(
        zip(
            records.column("record_id").to_pylist(),
            records.column("bsn").to_pylist(),
            strict=True,
        )
    )

    parameters = LinkageParameters(
        upper_evidence_weight=arguments.upper, lower_evidence_weight=arguments.lower
    )
    started = time.perf_counter()
    result = linkage_run(
        records,
        parameters=parameters,
        on_step=lambda text: print(
            f"  {time.perf_counter() - started:6.1f} s  {text}", file=sys.stderr
        ),
    )
    link_seconds = time.perf_counter() - started
    quality = quality_measure(result, truth, bsn_of)
    if arguments.write_reference_model:
        REFERENCE_MODEL.write_text(json.dumps(result.model, indent=2, sort_keys=True) + "\n")
        print(f"wrote {REFERENCE_MODEL}", file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    print(f"rows {rows.num_rows:,}; identity records {records.num_rows:,}")
    print(f"records needing links (no BSN or conflicting): {quality.records_needing_links:,}")
    print(f"conflicting BSN records detached: {len(result.conflicts):,}")
    print(
        f"thresholds on the evidence: upper {parameters.upper_evidence_weight}, lower "
        f"{parameters.lower_evidence_weight}; prior {result.figures.get('prior_weight')}, so "
        f"in match weight {result.figures.get('upper_match_weight')} and "
        f"{result.figures.get('lower_match_weight')}"
    )
    print(f"pairs scored above lower: {int(result.figures['pairs_scored_above_lower']):,}")
    print(f"automatic links: {int(result.figures['automatic_links']):,}")
    print(
        f"precision {quality.precision:.5f} ({quality.correct_pairs:,} of "
        f"{quality.predicted_pairs:,} predicted pairs)"
    )
    print(
        f"recall    {quality.recall:.5f} ({quality.correct_pairs:,} of "
        f"{quality.true_pairs:,} true pairs)"
    )
    print(
        f"review: {quality.review_pairs:,} pairs; {quality.records_in_review:,} of "
        f"{quality.records_needing_links:,} records needing links "
        f"({100 * quality.review_share:.2f}%)"
    )
    print(
        f"time: read {read_seconds:.1f} s, records {records_seconds:.1f} s, "
        f"linkage {link_seconds:.1f} s; peak {peak:,} MiB"
    )


if __name__ == "__main__":
    main()
