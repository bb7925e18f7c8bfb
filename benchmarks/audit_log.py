"""Benchmark: the access log at scale: writing it, checking its chain, reading one person.

Usage (from the project root, after `make test` has set up .venv):

    .venv/bin/python benchmarks/audit_log.py [--views 2000] [--persons-per-view 100]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/audit_log.py

A child process with production settings migrates a fresh database (a temporary SQLite
file, or `regie_bench_audit` on the server of DATABASE_URL, dropped at the end) and
measures:

- list pages: ``--views`` looks at a list of ``--persons-per-view`` persons, each logged
  with one record per person (``audit_record_many``, as the list pages do);
- single looks: 2,000 records of one person each (``audit_record``, as a case page does);
- ``regie audit verify``'s check of the whole chain (``audit_chain_verify``);
- the privacy officer's log filtered on one person, and that person's access log as the
  access request gathers it.
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

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "regie_bench_audit"
SINGLE_LOOKS = 2_000
POPULATION = 100_000  # distinct synthetic person keys the views draw from


def child_main(views: int, per_view: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.web.conf.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regie.accounts.constants import Role
    from regie.accounts.models import User
    from regie.audit.models import AuditEvent
    from regie.audit.selectors import audit_chain_verify, audit_log_search
    from regie.audit.services import audit_record, audit_record_many
    from regie.privacy.selectors import access_log

    call_command("migrate", verbosity=0)
    analyst = User.objects.create_user(username="analist", role=Role.ANALYST)
    regisseur = User.objects.create_user(username="regisseur", role=Role.REGISSEUR)

    def key(number: int) -> str:
        return f"p-{number % POPULATION:06d}"

    started = time.perf_counter()
    for view in range(views):
        audit_record_many(
            actor=analyst,
            action="case_list_viewed_person",
            subject=analyst,
            person_keys=[key(view * per_view + n) for n in range(per_view)],
            page=view,
        )
    many_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for number in range(SINGLE_LOOKS):
        audit_record(
            actor=regisseur, action="case_viewed", subject=regisseur, person_key=key(number)
        )
    single_seconds = time.perf_counter() - started

    total = AuditEvent.objects.count()
    started = time.perf_counter()
    _, checked, broken = audit_chain_verify()
    verify_seconds = time.perf_counter() - started
    if broken is not None or checked != total:
        raise SystemExit(f"the chain does not check: {broken}")

    person = key(7)
    started = time.perf_counter()
    filtered = list(audit_log_search(person_key=person)[:100])
    filter_seconds = time.perf_counter() - started
    started = time.perf_counter()
    entries = access_log(person)
    access_log_seconds = time.perf_counter() - started

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "records": total,
                "list_views": views,
                "persons_per_view": per_view,
                "list_view_ms": round(1000 * many_seconds / views, 2),
                "list_records_per_s": round(views * per_view / many_seconds),
                "single_record_ms": round(1000 * single_seconds / SINGLE_LOOKS, 2),
                "verify_s": round(verify_seconds, 2),
                "verify_records_per_s": round(total / verify_seconds),
                "log_filtered_on_person_ms": round(1000 * filter_seconds, 1),
                "log_rows_for_person": len(filtered),
                "access_log_ms": round(1000 * access_log_seconds, 1),
                "access_log_entries": len(entries),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=2_000)
    parser.add_argument("--persons-per-view", type=int, default=100)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child_main(arguments.views, arguments.persons_per_view)
        return
    server = os.environ.get("DATABASE_URL", "")
    environment = {
        **os.environ,
        "REGIE_OMGEVING": "productie",
        "REGIE_SECRET_KEY": secrets.token_urlsafe(48),
        "REGIE_ALLOWED_HOSTS": "localhost",
        "REGIE_PSEUDONIEM_SLEUTEL": "benchmark-synthetische-sleutel-niet-voor-productie",
        "REGIE_STATIC_MAP": tempfile.gettempdir(),
    }
    scratch = tempfile.TemporaryDirectory(prefix="regie-audit-")
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
                "--views",
                str(arguments.views),
                "--persons-per-view",
                str(arguments.persons_per_view),
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
