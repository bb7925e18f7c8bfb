"""Benchmark: one full selection round (Top400 and Top600, inflow and outflow, with evidence).

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    .venv/bin/python benchmarks/round.py --size region      # ~100,000 persons
    .venv/bin/python benchmarks/round.py --size national    # 1,000,000 persons, 20,000,000 facts
    options: --implementations regie-duckdb,hand-sql,pandas,regie-sqlite,regie-postgresql
             --generator region|quick   --peildatum 2026-02-01

Every implementation runs in its own process on the same input tables (Parquet, built
once per data set in benchmarks/data/, see roundkit.py). Each process first loads the
tables (reported as "load"), then runs the round (reported as "round"): for Regie's
engine that is compiling the regelingen, running them and building the outcomes with
their explanation objects; for the hand-written SQL and pandas the same outcomes and
evidence. Peak memory is the process's maximum resident set (loading included). The
outputs of all implementations are compared before any time is reported; a
disagreement stops the benchmark. PostgreSQL needs DATABASE_URL.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, overload

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import roundkit  # noqa: E402

from regie.criteria.tables import SCHEMAS, Person  # noqa: E402

DATA = HERE / "data"
SIZES = {"region": (100_000, 1_000_000), "national": (1_000_000, 20_000_000)}
IMPLEMENTATIONS = ("regie-duckdb", "hand-sql", "pandas", "regie-sqlite", "regie-postgresql")
REFERENCE = "regie-duckdb"


# --- data ---------------------------------------------------------------------------------


def data_ensure(generator: str, persons: int, facts: int, peildatum: date) -> Path:
    """Generate the deliveries (noise-free) and build the input tables once."""
    name = f"{generator}-{persons}-{facts}-{peildatum.isoformat()}"
    deliveries = DATA / name
    tables = DATA / f"{name}-tabellen"
    if not (deliveries / ".complete").exists():
        started = time.perf_counter()
        if generator == "quick":
            from regie.synth.quick import quick_input_write

            quick_input_write(deliveries, persons=persons, facts=facts, peildatum=peildatum)
        else:
            from regie.synth.region import region_write  # type: ignore[import-not-found]

            region_write(deliveries, persons=persons, seed=1, peildatum=peildatum, noise=None)
        (deliveries / ".complete").write_text("")
        log(f"generated {name} in {time.perf_counter() - started:.0f} s")
    if not (tables / ".complete").exists():
        started = time.perf_counter()
        counts = roundkit.tables_from_csv(deliveries, tables)
        (tables / ".complete").write_text(json.dumps(counts))
        log(f"built tables {counts} in {time.perf_counter() - started:.0f} s")
    return tables


def peak_mib() -> float:
    """This process's peak resident memory in MiB.

    ``VmHWM`` belongs to the process's own address space. ``ru_maxrss`` does not do here:
    Linux carries it across ``exec``, so a child would report its parent's peak (the
    parent that has just generated a million persons) instead of its own.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- one implementation, in a child process ------------------------------------------------


class Identities(Sequence[Person]):
    """``persons[persoon]`` for Regie's engine, made on demand from the Parquet identities."""

    def __init__(self, table: pa.Table) -> None:
        # Python lists, made while loading (0.35 s for a million persons): looking a person
        # up is then as cheap as in `regie select`, which holds its persons as objects.
        # (Reading one Arrow scalar at a time cost 0.25 s per national round.)
        self.columns = {name: table.column(name).to_pylist() for name in table.column_names}
        self.size = table.num_rows

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> Person: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Person]: ...
    def __getitem__(self, index: int | slice) -> Person | Sequence[Person]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        value = {name: column[index] for name, column in self.columns.items()}
        return Person(
            value["bsn"],
            value["achternaam"],
            value["tussenvoegsel"],
            value["voornamen"],
            date.fromisoformat(value["geboortedatum"]),
            False,
            value["bsn"],
        )


def child_run(implementation: str, tables_dir: Path, peildatum: date, result: Path) -> None:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    arrow = {t: pq.read_table(tables_dir / f"{t}.parquet") for t in SCHEMAS}
    if implementation.startswith("regie-"):
        output = regie_round(
            implementation.removeprefix("regie-"), arrow, tables_dir, peildatum, timings, started
        )
    elif implementation == "hand-sql":
        import duckdb
        from impl_hand_sql import (  # type: ignore[import-not-found]
            codes_as_enums,
            round_hand_sql,
        )

        con = duckdb.connect()
        for table, data in arrow.items():
            con.register("invoer", data)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM invoer")
            con.unregister("invoer")
        codes_as_enums(con)
        del arrow
        timings["load"] = time.perf_counter() - started
        round_started = time.perf_counter()
        output = round_hand_sql(con, peildatum)
        timings["round"] = time.perf_counter() - round_started
    elif implementation == "pandas":
        from impl_pandas import round_pandas  # type: ignore[import-not-found]

        frames = {t: data.to_pandas() for t, data in arrow.items()}
        del arrow
        timings["load"] = time.perf_counter() - started
        round_started = time.perf_counter()
        output = round_pandas(frames, peildatum)
        timings["round"] = time.perf_counter() - round_started
    else:
        raise SystemExit(f"unknown implementation {implementation}")
    output_write(output, result)
    timings["peak_mib"] = peak_mib()
    (result / "timings.json").write_text(json.dumps(timings))


def regie_round(
    engine_name: str,
    arrow: dict[str, pa.Table],
    tables_dir: Path,
    peildatum: date,
    timings: dict[str, float],
    started: float,
) -> roundkit.RoundOutput:
    from regie.criteria.engines import engine_open
    from regie.criteria.regeling import regeling_for
    from regie.criteria.report import explanation_write
    from regie.criteria.selection import selection_evaluate
    from regie.formats.codes import APPROACHES

    engine = engine_open(engine_name, database_url=os.environ.get("DATABASE_URL"))
    engine.load_arrow(arrow)
    delivered = frozenset(str(b) for b in arrow["geleverd"].column("bron").to_pylist())
    del arrow
    identities = pq.read_table(tables_dir / "identiteiten.parquet")
    persons = Identities(identities)
    timings["load"] = time.perf_counter() - started
    regelingen = [regeling_for(approach, peildatum) for approach in APPROACHES]
    round_started = time.perf_counter()
    result = selection_evaluate(engine, regelingen, peildatum, persons=persons, delivered=delivered)
    timings["round"] = time.perf_counter() - round_started
    timings["peak_round_mib"] = peak_mib()
    explain_started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        explanation_write(sink, result)
    timings["uitleg"] = time.perf_counter() - explain_started
    engine.close()
    unknown = sum(1 for o in result.outcomes if o.outcome == "onbekend")
    if unknown:
        raise SystemExit(f"{unknown} outcomes are 'onbekend': the data lack a partner")
    bsns = {o.person.bsn for o in result.outcomes}
    person_ids = {
        bsn: persoon
        for persoon, bsn in zip(
            identities.column("persoon").to_pylist(),
            identities.column("bsn").to_pylist(),
            strict=True,
        )
        if bsn in bsns
    }
    return roundkit.regie_output(result, person_ids)


OUTCOME_SCHEMA = pa.schema(
    [
        ("persoon", pa.int64()),
        ("aanpak", pa.string()),
        ("uitkomst", pa.string()),
        ("redenen", pa.string()),
    ]
)
EVIDENCE_SCHEMA = pa.schema(
    [
        ("persoon", pa.int64()),
        ("aanpak", pa.string()),
        ("regel", pa.string()),
        ("bron", pa.string()),
        ("bron_id", pa.string()),
    ]
)


def output_write(output: roundkit.RoundOutput, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    columns = list(zip(*output.outcomes, strict=True)) if output.outcomes else [[]] * 4
    outcomes = pa.table(
        {
            f.name: pa.array(list(c), type=f.type)
            for f, c in zip(OUTCOME_SCHEMA, columns, strict=True)
        }
    )
    pq.write_table(outcomes, folder / "outcomes.parquet")
    if isinstance(output.evidence, pa.Table):
        evidence = output.evidence.select(list(EVIDENCE_SCHEMA.names)).cast(EVIDENCE_SCHEMA)
    else:
        rows = list(zip(*output.evidence, strict=True)) if output.evidence else [[]] * 5
        evidence = pa.table(
            {
                f.name: pa.array(list(c), type=f.type)
                for f, c in zip(EVIDENCE_SCHEMA, rows, strict=True)
            }
        )
    pq.write_table(evidence, folder / "evidence.parquet")


def output_compare(reference: Path, other: Path) -> list[str]:
    """Compare two outputs with DuckDB; return readable differences (empty when equal)."""
    import duckdb

    con = duckdb.connect()
    lines = []
    for name in ("outcomes", "evidence"):
        left, right = reference / f"{name}.parquet", other / f"{name}.parquet"
        for a, b, label in ((left, right, "only in reference"), (right, left, "only in other")):
            query = (
                f"SELECT * FROM read_parquet('{a}') EXCEPT ALL SELECT * FROM read_parquet('{b}')"
            )
            count = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
            assert count is not None
            if count[0]:
                sample = con.execute(f"{query} ORDER BY ALL LIMIT 5").fetchall()
                lines.append(f"{name}: {count[0]} rows {label}, e.g. {sample}")
    return lines


# --- the parent -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="region")
    parser.add_argument(
        "--generator",
        choices=("quick", "region"),
        default="region",
        help="region: `regie synth` without identity noise (default); quick: uniform facts",
    )
    parser.add_argument("--implementations", default=",".join(IMPLEMENTATIONS))
    parser.add_argument("--peildatum", type=date.fromisoformat, default=date(2026, 2, 1))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_run(args.child, args.tables, args.peildatum, args.result)
        return

    implementations = [i for i in args.implementations.split(",") if i]
    unknown = [i for i in implementations if i not in IMPLEMENTATIONS]
    if unknown:
        raise SystemExit(f"unknown implementation(s): {', '.join(unknown)}")
    if "regie-postgresql" in implementations and not os.environ.get("DATABASE_URL"):
        log("regie-postgresql skipped: DATABASE_URL is not set")
        implementations.remove("regie-postgresql")
    if REFERENCE not in implementations:
        implementations.insert(0, REFERENCE)
    persons, facts = SIZES[args.size]
    tables = data_ensure(args.generator, persons, facts, args.peildatum)
    counts = json.loads((tables / ".complete").read_text())
    results = DATA / f"resultaten-{tables.name}"
    timings: dict[str, dict[str, Any]] = {}
    for implementation in implementations:
        log(f"running {implementation} ...")
        target = results / implementation
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                implementation,
                "--tables",
                str(tables),
                "--peildatum",
                args.peildatum.isoformat(),
                "--result",
                str(target),
            ],
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{implementation} failed (exit {done.returncode})")
        timings[implementation] = json.loads((target / "timings.json").read_text())
    for implementation in implementations:
        if implementation == REFERENCE:
            continue
        problems = output_compare(results / REFERENCE, results / implementation)
        if problems:
            raise SystemExit(
                f"{implementation} disagrees with {REFERENCE}:\n" + "\n".join(problems)
            )
    outcome_rows = pq.read_metadata(results / REFERENCE / "outcomes.parquet").num_rows
    evidence_rows = pq.read_metadata(results / REFERENCE / "evidence.parquet").num_rows
    print(
        f"data: {args.generator} generator, {counts['personen']:,} persons, "
        f"{counts['feiten']:,} facts, {counts['deelnemers']:,} participants, "
        f"peildatum {args.peildatum.isoformat()}"
    )
    print(
        f"all {len(implementations)} implementations agree on {outcome_rows:,} outcomes and "
        f"{evidence_rows:,} evidence rows"
    )
    print()
    print("| implementation | load s | round s | peak MiB | + uitleg s |")
    print("|---|---:|---:|---:|---:|")
    for implementation, t in timings.items():
        uitleg = f"{t['uitleg']:.1f}" if "uitleg" in t else "–"
        print(
            f"| {implementation} | {t['load']:.1f} | {t['round']:.1f} | "
            f"{t['peak_mib']:,.0f} | {uitleg} |"
        )
    engine = timings[REFERENCE]["round"]
    if "hand-sql" in timings:
        print(f"\nengine / hand-written SQL: {engine / timings['hand-sql']['round']:.2f}x")
    if "pandas" in timings:
        print(f"pandas / engine: {timings['pandas']['round'] / engine:.1f}x")


if __name__ == "__main__":
    main()
