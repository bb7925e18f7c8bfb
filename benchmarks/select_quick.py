"""Benchmark: `regie select` on a quick synthetic input (default 100,000 persons, 1,000,000 facts).

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    .venv/bin/python benchmarks/select_quick.py [--persons N] [--facts N]
        [--engines duckdb,sqlite,postgresql] [--peildatum 2026-02-01]

The input is generated once into benchmarks/data/ (ignored by git) and reused. Each engine
runs the real command line in a child process; the script reports the wall time and the
peak resident memory of that process, and checks that every engine wrote the same
uitkomsten.csv. PostgreSQL needs DATABASE_URL.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from regie.synth.quick import quick_input_write

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def input_ensure(persons: int, facts: int, peildatum: date) -> Path:
    folder = DATA / f"quick-{persons}-{facts}-{peildatum.isoformat()}"
    marker = folder / ".complete"
    if not marker.exists():
        started = time.perf_counter()
        written = quick_input_write(folder, persons=persons, facts=facts, peildatum=peildatum)
        marker.write_text(f"{written.persons} {written.facts} {written.participants}\n")
        print(
            f"generated {written.persons:,} persons, {written.facts:,} facts, "
            f"{written.participants:,} participants in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return folder


def select_run(engine: str, folder: Path, peildatum: date, output: Path) -> tuple[float, int]:
    """Run `regie select` in a child process; return (wall seconds, peak RSS in MiB)."""
    command = [
        str(Path(sys.executable).parent / "regie"),
        "select",
        "--peildatum",
        peildatum.isoformat(),
        "--leverdatum",
        peildatum.isoformat(),
        "--input",
        str(folder),
        "--output",
        str(output),
        "--engine",
        engine,
    ]
    # A fresh child per engine, so that its peak memory is its own: measure through a
    # tiny wrapper that reports the child's own maximum RSS.
    wrapper = (
        "import resource, subprocess, sys;"
        "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.exit(rc)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{engine}: regie select failed:\n{done.stderr}")
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    return seconds, peak_kib // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--engines", default="duckdb,sqlite,postgresql")
    parser.add_argument("--peildatum", type=date.fromisoformat, default=date(2026, 2, 1))
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    if "postgresql" in engines and not os.environ.get("DATABASE_URL"):
        print("postgresql skipped: DATABASE_URL is not set", file=sys.stderr)
        engines.remove("postgresql")

    folder = input_ensure(args.persons, args.facts, args.peildatum)
    print(f"input: {folder.name} ({sum(f.stat().st_size for f in folder.glob('*.csv')):,} bytes)")
    print(f"{'engine':<12}{'wall s':>10}{'peak MiB':>10}  uitkomsten.csv sha256")
    digests = set()
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            output = Path(tmp) / engine
            seconds, peak = select_run(engine, folder, args.peildatum, output)
            digest = hashlib.sha256((output / "uitkomsten.csv").read_bytes()).hexdigest()
            digests.add(digest)
            rows = sum(1 for _ in (output / "uitkomsten.csv").open()) - 1
            print(f"{engine:<12}{seconds:>10.1f}{peak:>10,}  {digest[:16]} ({rows:,} rows)")
    if len(digests) > 1:
        raise SystemExit("the engines disagree: uitkomsten.csv differs")


if __name__ == "__main__":
    main()
