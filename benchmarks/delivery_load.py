"""Benchmark: receiving a 1,000,000-row police delivery (`delivery_receive`), PostgreSQL and SQLite.

Usage (from the project root, after `make test` or `make demo` has set up .venv):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/delivery_load.py [--rows N] [--databases postgresql,sqlite]

The delivery is made once from `regie synth` (seed 1, peildatum 2026-02-01, no identity
noise: the first rows of its politie.csv) into benchmarks/data/ (ignored by git) and
reused. Each database gets a child process of its own: it migrates a fresh database
(PostgreSQL: the database `regie_bench_load` on the server of DATABASE_URL, dropped and
created again, dropped at the end; SQLite: a file in a temporary folder), creates an
organisation and an administrator, and times `delivery_receive` end to end: validating,
pseudonymising, storing and committing. It reports the wall time per stage and the peak
resident memory of the process (VmHWM) and checks the number of facts stored. The child
runs with production settings (no debug query log), with synthetic keys.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BENCH_DATABASE = "regie_bench_load"
PERSONS_PER_ROW = 1 / 14  # regie synth gives about 14.6 police rows per person
PEILDATUM = date(2026, 2, 1)


def delivery_ensure(rows: int) -> Path:
    """A police delivery of exactly ``rows`` rows, made once from ``regie synth`` and kept."""
    path = DATA / f"delivery-load-{rows}" / "politie.csv"
    marker = path.with_name(".complete")
    if marker.exists():
        return path
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    persons = max(1_000, int(rows * PERSONS_PER_ROW * 1.05))
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        synth = [
            str(Path(sys.executable).parent / "regie"),
            *("synth", "--personen", str(persons), "--seed", "1"),
            *("--peildatum", PEILDATUM.isoformat(), "--zonder-ruis", "--overschrijven"),
            *("--output", tmp),
        ]
        subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
        with (Path(tmp) / "politie.csv").open(newline="", encoding="utf-8") as source:
            reader = csv.reader(source)
            header = next(reader)
            generated = list(reader)
    # Should the region have fewer rows than asked, its rows are used again with a new
    # bron_id (an id occurs once per delivery).
    i_bron_id = header.index("bron_id")
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(header)
        for n in range(rows):
            row = generated[n % len(generated)]
            if n >= len(generated):
                row = [*row]
                row[i_bron_id] = f"{row[i_bron_id]}-{n // len(generated)}"
            writer.writerow(row)
    marker.write_text(f"{rows} rows from regie synth --personen {persons}\n")
    print(
        f"generated {rows:,} police rows ({persons:,} persons asked of regie synth) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return path


def child_run(database: str, path: Path, rows: int, database_url: str | None) -> dict[str, float]:
    """Run one measurement in a fresh process against a fresh database; return its figures."""
    environment = {
        **os.environ,
        "REGIE_OMGEVING": "productie",
        "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
        "REGIE_ALLOWED_HOSTS": "localhost",
        "REGIE_PSEUDONIEM_SLEUTEL": secrets.token_urlsafe(32),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if database == "postgresql":
            assert database_url is not None
            environment["DATABASE_URL"] = database_url
        else:
            environment.pop("DATABASE_URL", None)
            environment["REGIE_SQLITE"] = str(Path(tmp) / "regie.sqlite3")
        command = [sys.executable, __file__, "--child", str(path), "--rows", str(rows)]
        done = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False, cwd=ROOT
        )
    if done.returncode != 0:
        raise SystemExit(f"{database}: the measurement failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def postgresql_fresh(server_url: str, *, drop_only: bool = False) -> str:
    """Drop and create ``regie_bench_load`` on the server of ``server_url``; return its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        if not drop_only:
            admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def child_main(path: Path, rows: int) -> None:
    """In the child: migrate, create the users, time the receive, check, print JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.web.conf.settings")
    django.setup()
    from django.core.management import call_command

    from regie.accounts.constants import Role
    from regie.accounts.models import Organisation, User
    from regie.deliveries.constants import Channel, DeliveryStatus
    from regie.deliveries.models import Fact
    from regie.deliveries.services import STAGE_STORE, delivery_receive

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    Organisation.objects.create(name="Politie (synthetisch)", partner="politie")
    administrator = User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)

    store_started: float | None = None
    store_written: float | None = None

    def on_progress(stage: str, done: int, total: int | None) -> None:
        nonlocal store_started, store_written
        if stage == STAGE_STORE:
            now = time.perf_counter()
            store_started = store_started or now
            if done == total:
                store_written = now

    started = time.perf_counter()
    delivery = delivery_receive(
        path=path,
        partner="politie",
        delivered_by=administrator,
        channel=Channel.COMMAND_LINE,
        on_progress=on_progress,
    )
    finished = time.perf_counter()
    assert store_started is not None and store_written is not None
    stored = Fact.objects.filter(delivery=delivery).count()
    if delivery.status != DeliveryStatus.ACCEPTED or stored != rows:
        raise SystemExit(f"expected {rows:,} facts stored, found {stored:,} ({delivery.status})")
    figures = {
        "migrate": migrated,
        "validate": store_started - started,
        "store": finished - store_started,
        "commit": finished - store_written,
        "total": finished - started,
        "peak_mib": peak_mib(),
        "stored": stored,
    }
    print(json.dumps(figures))


def peak_mib() -> float:
    """This process's high-water mark of resident memory (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child_main(args.child, args.rows)
        return
    databases = [d for d in args.databases.split(",") if d]
    server_url = os.environ.get("DATABASE_URL")
    if "postgresql" in databases and not server_url:
        print("postgresql skipped: DATABASE_URL is not set", file=sys.stderr)
        databases.remove("postgresql")

    path = delivery_ensure(args.rows)
    print(f"delivery: {path.relative_to(ROOT)} ({args.rows:,} rows, {path.stat().st_size:,} bytes)")
    print(
        f"{'database':<12}{'validate s':>12}{'store s':>10}{'(commit s)':>12}"
        f"{'total s':>10}{'peak MiB':>10}{'facts':>12}"
    )
    for database in databases:
        url = postgresql_fresh(server_url) if database == "postgresql" and server_url else None
        try:
            f = child_run(database, path, args.rows, url)
        finally:
            if url is not None and server_url is not None:
                postgresql_fresh(server_url, drop_only=True)
        print(
            f"{database:<12}{f['validate']:>12.1f}{f['store']:>10.1f}{f['commit']:>12.1f}"
            f"{f['total']:>10.1f}{f['peak_mib']:>10,.0f}{int(f['stored']):>12,}"
        )


if __name__ == "__main__":
    main()
