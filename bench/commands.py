"""Command throughput: registry commands per second through ComplianceLedger, printed beside the
raw rate of inserting the same stored rows with the bare driver, measured in the same run.

    .venv/bin/python -m bench.commands [--n 2000] [--postgres postgresql://root@127.0.0.1:5432/test]

Prints figures; it is not a test. Each command is one transaction (events + receipt) after a
receipt lookup and the aggregate reads its rules need, so expect a fraction of the raw rate.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from api.services import Services, open_services
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from store.postgres import drop_schema

ACTOR = Actor(principal_id="bench", role=Role.CLERK)


def _meta(i: int, what: str) -> EventMeta:
    return EventMeta(
        actor=ACTOR, reason="bench", effective_on=date(2024, 1, 2), command_id=f"{what}-{i}"
    )


def run_commands(services: Services, n: int) -> float:
    ledger = services.ledger
    firm = ledger.register_organization(
        _meta(0, "firm"), OrganizationKind.LAW_FIRM, "BENCH-F", OrganizationDetails(name="基准所")
    ).subject_id
    started = time.perf_counter()
    for i in range(n):
        person = ledger.register_practitioner(
            _meta(i, "reg"),
            PractitionerKind.LAWYER,
            f"B{i:07d}",
            PractitionerDetails(name=f"人{i}"),
        ).subject_id
        if i % 4 == 0:
            ledger.join_organization(_meta(i, "join"), person, firm)
    elapsed = time.perf_counter() - started
    return (n + n // 4 + (1 if n % 4 else 0)) / elapsed


def raw_sqlite_rate(rows: list[tuple[str, int, str, bytes]], path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE raw (originator_id TEXT, originator_version INTEGER, topic TEXT, "
        "state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    started = time.perf_counter()
    for i in range(0, len(rows), 2):  # two rows (event + receipt) per transaction, like a command
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO raw VALUES (?,?,?,?)", rows[i : i + 2])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return (len(rows) / 2) / elapsed


def raw_postgres_rate(rows: list[tuple[str, int, str, bytes]], url: str) -> float:
    import psycopg

    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        table = f"raw_{uuid.uuid4().hex[:8]}"
        conn.execute(
            f"CREATE TABLE {table} (originator_id uuid, originator_version bigint, topic text, "
            "state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
        )
        try:
            started = time.perf_counter()
            for i in range(0, len(rows), 2):
                with conn.transaction():
                    conn.cursor().executemany(
                        f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                        "VALUES (%s,%s,%s,%s)",
                        rows[i : i + 2],
                    )
            elapsed = time.perf_counter() - started
        finally:
            conn.execute(f"DROP TABLE {table}")
    return (len(rows) / 2) / elapsed


def stored_rows(services: Services, limit: int) -> list[tuple[str, int, str, bytes]]:
    notes = services.ledger.recorder.select_notifications(start=None, limit=limit)
    return [(str(n.originator_id), n.originator_version, n.topic, n.state) for n in notes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="practitioners to register")
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (optional)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(f"sqlite:///{tmp}/bench.db")
        try:
            rate = run_commands(services, args.n)
            raw = raw_sqlite_rate(stored_rows(services, 2 * args.n), Path(tmp) / "raw.db")
        finally:
            services.close()
    print(
        f"sqlite     commands/s {rate:8.0f}   raw 2-row transactions/s {raw:8.0f}   ratio {rate / raw:.2f}"
    )

    if args.postgres:
        url = f"{args.postgres}{'&' if '?' in args.postgres else '?'}schema=bench_{uuid.uuid4().hex[:8]}"
        services = open_services(url)
        try:
            rate = run_commands(services, args.n)
            raw = raw_postgres_rate(stored_rows(services, 2 * args.n), args.postgres)
        finally:
            services.close()
            drop_schema(services.config)
        print(
            f"postgresql commands/s {rate:8.0f}   raw 2-row transactions/s {raw:8.0f}   ratio {rate / raw:.2f}"
        )


if __name__ == "__main__":
    main()
