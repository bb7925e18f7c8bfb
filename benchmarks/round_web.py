"""Benchmark: a selection round (instroommoment) in the web application, on SQLite or PostgreSQL.

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    .venv/bin/python benchmarks/round_web.py --database sqlite [--persons 100000] [--seed 1]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/round_web.py --database postgresql

The region (default identity noise) is the one `benchmarks/linkage.py` makes and keeps in
benchmarks/data/. A child process with production settings and synthetic keys migrates a
fresh database (a temporary SQLite file, or a database `regie_bench_round` on the server
of DATABASE_URL, dropped at the end), delivers every partner file, takes over the
participants of deelnemers.csv, runs the linkage, and then times `round_start` as the
analyst (in the foreground, with every step): reading the facts, linking rows to persons,
the input tables, the criteria engine on the application's database with the near misses,
storing the outcomes with their explanations, and the proposals. It prints the figures
and the peak resident memory of the process (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from delivery_load import peak_mib  # a sibling script: benchmarks/ is on sys.path
from linkage_web import database_fresh

from linkage import region_ensure

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "regie_bench_round"
PEILDATUM = date(2026, 2, 1)


def child_main(folder: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.web.conf.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regie.accounts.constants import Role
    from regie.accounts.models import User
    from regie.cases.services import participants_import
    from regie.deliveries.models import Fact
    from regie.identity.services import linkage_run_start
    from regie.rounds.models import RoundOutcome
    from regie.rounds.services import round_start
    from regie.web.demo import demo_organisations_create, demo_region_load

    call_command("migrate", verbosity=0)
    demo_organisations_create()
    administrator = User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)
    analyst = User.objects.create_user(username="analist", role=Role.ANALYST)
    manager = User.objects.create_user(username="manager", role=Role.PROGRAMME_MANAGER)

    started = time.perf_counter()
    loads = demo_region_load(folder=folder, delivered_by=administrator)
    load_seconds = time.perf_counter() - started
    refused = [load.file_name for load in loads if load.problems]
    if refused:
        raise SystemExit(f"refused deliveries: {refused}")
    participants = participants_import(path=folder / "deelnemers.csv", imported_by=manager)
    started = time.perf_counter()
    linkage_run_start(started_by=analyst)
    link_seconds = time.perf_counter() - started

    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    round = round_start(
        peildatum=PEILDATUM,
        started_by=analyst,
        background=False,
        on_step=lambda text: steps.append((text, round_(time.perf_counter() - started))),
    )
    round_seconds = time.perf_counter() - started
    # round_execute reports each step as it starts; the times are the moments they began
    figures = {
        "database": connection.vendor,
        "facts": Fact.objects.count(),
        "participants": len(participants),
        "load_s": round_(load_seconds),
        "link_s": round_(link_seconds),
        "round_s": round_(round_seconds),
        "outcomes": RoundOutcome.objects.filter(round=round).count(),
        "counts": round.counts,
        "steps": steps,
        "receipt_engine": round.receipt["engine"],
        "fingerprint": round.outcomes_sha256,
        "peak_mib": round_(peak_mib()),
    }
    print(json.dumps(figures))


def round_(value: float) -> float:
    return round(value, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default=None)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child_main(arguments.child)
        return
    if arguments.database is None:
        parser.error("--database is required: sqlite or postgresql")
    folder = region_ensure(arguments.persons, arguments.seed)
    environment = {
        **os.environ,
        "REGIE_OMGEVING": "productie",
        "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
        "REGIE_ALLOWED_HOSTS": "localhost",
        # a fixed synthetic key: the same pseudonyms, so the same persons, on either database
        "REGIE_PSEUDONIEM_SLEUTEL": "benchmark-synthetische-sleutel-niet-voor-productie",
    }
    server = os.environ.get("DATABASE_URL", "")
    scratch = tempfile.TemporaryDirectory(prefix="regie-round-")
    if arguments.database == "postgresql":
        if not server:
            raise SystemExit("--database postgresql: DATABASE_URL must name a PostgreSQL server")
        environment["DATABASE_URL"] = database_fresh(server, name=BENCH_DATABASE)
    else:
        environment["DATABASE_URL"] = ""
        environment["REGIE_SQLITE"] = str(Path(scratch.name) / "regie.sqlite3")
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(folder)],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    finally:
        if arguments.database == "postgresql":
            database_fresh(server, drop_only=True, name=BENCH_DATABASE)
        scratch.cleanup()
    if done.returncode != 0:
        raise SystemExit(f"the measurement failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"region {arguments.persons:,} persons, seed {arguments.seed}, {figures['database']}: "
        f"{figures['facts']:,} facts, {figures['participants']:,} participants taken over"
    )
    print(
        f"delivering every partner file: {figures['load_s']} s; linkage run: {figures['link_s']} s"
    )
    print(
        f"round (peildatum {PEILDATUM}): {figures['round_s']} s; {figures['outcomes']:,} outcomes "
        f"stored; engine {figures['receipt_engine']['versie']}"
    )
    for text, at in figures["steps"]:
        print(f"  {at:7.1f} s  {text}")
    for approach, counts in figures["counts"].items():
        print(f"  {approach}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"fingerprint of the outcomes: {figures['fingerprint']}")
    print(f"peak {figures['peak_mib']:,} MiB")


if __name__ == "__main__":
    main()
