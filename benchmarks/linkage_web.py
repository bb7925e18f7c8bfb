"""Benchmark: the web application's linkage run over a whole region, on PostgreSQL.

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/linkage_web.py [--persons 100000] [--seed 1]

The region (default identity noise) is the one `benchmarks/linkage.py` makes and keeps in
benchmarks/data/. A child process, with production settings and synthetic keys, migrates
a fresh database `regie_bench_link` on the server of DATABASE_URL (dropped at the end),
creates one organisation per partner, an administrator and an analyst, delivers every
partner file through `delivery_receive` (timed), and then times `linkage_run_start`, the
analyst's "Koppelronde starten": reading the facts, forming the records, Splink, the
clusters, storing the records and the pairs for review. It prints the figures and the
peak resident memory of the process (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from delivery_load import peak_mib  # a sibling script: benchmarks/ is on sys.path

from linkage import region_ensure

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "regie_bench_link"


def database_fresh(server_url: str, *, drop_only: bool = False, name: str = BENCH_DATABASE) -> str:
    """Drop the benchmark's database ``name`` on the server, and create it again (unless
    ``drop_only``); return its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            admin.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def child_main(folder: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.web.conf.settings")
    django.setup()
    from django.core.management import call_command

    from regie.accounts.constants import Role
    from regie.accounts.models import User
    from regie.deliveries.models import Fact
    from regie.identity.models import IdentityRecord, ReviewPair
    from regie.identity.services import linkage_run_start
    from regie.web.demo import demo_organisations_create, demo_region_load

    call_command("migrate", verbosity=0)
    demo_organisations_create()
    administrator = User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)
    analyst = User.objects.create_user(username="analist", role=Role.ANALYST)

    started = time.perf_counter()
    loads = demo_region_load(folder=folder, delivered_by=administrator)
    load_seconds = time.perf_counter() - started
    refused = [load.file_name for load in loads if load.problems]
    if refused:
        raise SystemExit(f"refused deliveries: {refused}")

    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    run = linkage_run_start(
        started_by=analyst,
        on_step=lambda text: steps.append((text, time.perf_counter() - started)),
    )
    link_seconds = time.perf_counter() - started
    figures = {
        "facts": Fact.objects.count(),
        "load_s": round(load_seconds, 1),
        "link_s": round(link_seconds, 1),
        "records": IdentityRecord.objects.count(),
        "automatic_links": run.receipt["automatische_koppelingen"],
        "review_pairs": ReviewPair.objects.count(),
        "model": run.receipt["model"],
        "steps": [(text, round(at, 1)) for text, at in steps],
        "peak_mib": round(peak_mib()),
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child_main(arguments.child)
        return
    server = os.environ.get("DATABASE_URL")
    if not server:
        raise SystemExit("DATABASE_URL must name a PostgreSQL server")
    folder = region_ensure(arguments.persons, arguments.seed)
    environment = {
        **os.environ,
        "DATABASE_URL": database_fresh(server),
        "REGIE_OMGEVING": "productie",
        "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
        "REGIE_ALLOWED_HOSTS": "localhost",
        "REGIE_PSEUDONIEM_SLEUTEL": secrets.token_urlsafe(32),
    }
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
        database_fresh(server, drop_only=True)
    if done.returncode != 0:
        raise SystemExit(f"the measurement failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"region {arguments.persons:,} persons, seed {arguments.seed}: {figures['facts']:,} facts"
    )
    print(f"delivering every partner file (PostgreSQL): {figures['load_s']} s")
    print(
        f"linkage run: {figures['link_s']} s; {figures['records']:,} records, "
        f"{figures['automatic_links']:,} automatic links, {figures['review_pairs']:,} pairs "
        f"for review ({figures['model']} model)"
    )
    for text, at in figures["steps"]:
        print(f"  {at:7.1f} s  {text}")
    print(f"peak {figures['peak_mib']:,} MiB")


if __name__ == "__main__":
    main()
