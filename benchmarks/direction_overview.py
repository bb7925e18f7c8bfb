"""Benchmark: the overviews of case direction over every participant of a region.

Usage (from the project root, after `make test` has set up .venv):

    .venv/bin/python benchmarks/direction_overview.py [--persons 100000] [--regisseurs 40]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/direction_overview.py

The region is the one `benchmarks/linkage.py` keeps in benchmarks/data/. A child process
with production settings migrates a fresh database (a temporary SQLite file, or
`regie_bench_direction` on the server of DATABASE_URL, dropped at the end), takes over the
region's `deelnemers.csv`, gives the participants to the regisseurs (in four
organisations) in turn, makes the synthetic case-direction history
(`regie.plans.synthetic`), and times the programme manager's overview, its CSV, one
regisseur's overview and the panel's agenda (each three times; the best is reported).
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
from pathlib import Path

from linkage_web import database_fresh

from linkage import region_ensure

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "regie_bench_direction"


def child_main(folder: Path, regisseur_count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.web.conf.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from regie.accounts.constants import Role
    from regie.accounts.models import Organisation, User
    from regie.cases.services import participants_import, regisseur_assign
    from regie.plans.export import manager_overview_csv
    from regie.plans.selectors import manager_overview, panel_agenda, regisseur_overview
    from regie.plans.synthetic import direction_history_make

    call_command("migrate", verbosity=0)
    organisations = [Organisation.objects.create(name=f"Organisatie {n}") for n in range(4)]
    partner = Organisation.objects.create(name="Reclassering", partner="reclassering")
    manager = User.objects.create_user(username="manager", role=Role.PROGRAMME_MANAGER)
    panel = User.objects.create_user(username="panel", role=Role.PANEL_MEMBER)
    regisseurs = [
        User.objects.create_user(
            username=f"regisseur{n}", role=Role.REGISSEUR, organisation=organisations[n % 4]
        )
        for n in range(regisseur_count)
    ]
    cases = participants_import(path=folder / "deelnemers.csv", imported_by=manager)
    for number, case in enumerate(cases):
        regisseur_assign(
            case=case, assigned_by=manager, regisseur=regisseurs[number % len(regisseurs)]
        )
    today = timezone.localdate()
    started = time.perf_counter()
    truth = direction_history_make(seed=1, today=today, panel_member=panel, partner=partner)
    history_seconds = time.perf_counter() - started

    def best(work: object) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()  # type: ignore[operator]
            times.append(time.perf_counter() - started)
        return round(min(times), 3)

    overview = manager_overview(today=today)
    figures = {
        "database": connection.vendor,
        "participants": len(cases),
        "regisseurs": len(regisseurs),
        "history_s": round(history_seconds, 1),
        "manager_overview_s": best(lambda: manager_overview(today=today)),
        "csv_s": best(lambda: manager_overview_csv(manager_overview(today=today))),
        "regisseur_overview_s": best(lambda: regisseur_overview(regisseurs[0], today=today)),
        "panel_agenda_s": best(lambda: panel_agenda(today=today)),
        "plans_on_time": [
            overview.plans_on_time_total.counted,
            overview.plans_on_time_total.on_time,
        ],
        "overdue_items": len(overview.overdue),
        "open_bottlenecks": sum(truth.open_bottlenecks.values()),
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regisseurs", type=int, default=40)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child_main(arguments.child, arguments.regisseurs)
        return
    folder = region_ensure(arguments.persons, arguments.seed)
    server = os.environ.get("DATABASE_URL", "")
    environment = {
        **os.environ,
        "REGIE_OMGEVING": "productie",
        "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
        "REGIE_ALLOWED_HOSTS": "localhost",
        "REGIE_PSEUDONIEM_SLEUTEL": "benchmark-synthetische-sleutel-niet-voor-productie",
    }
    scratch = tempfile.TemporaryDirectory(prefix="regie-direction-")
    if server:
        environment["DATABASE_URL"] = database_fresh(server, name=BENCH_DATABASE)
    else:
        environment["REGIE_SQLITE"] = str(Path(scratch.name) / "regie.sqlite3")
    try:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(folder),
                "--regisseurs",
                str(arguments.regisseurs),
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    finally:
        if server:
            database_fresh(server, drop_only=True, name=BENCH_DATABASE)
        scratch.cleanup()
    if done.returncode != 0:
        raise SystemExit(f"the measurement failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
