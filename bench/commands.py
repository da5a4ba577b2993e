"""Command throughput: registry commands per second through ComplianceLedger, printed beside the
raw rate of inserting the same stored rows with the bare driver, measured in the same run.

    .venv/bin/python -m bench.commands [--n 2000] [--postgres postgresql://root@127.0.0.1:5432/test]
        [--clients 16]

One client: each command is one transaction (events + receipt) after a receipt lookup and the
aggregate reads its rules need, beside 2-row transactions of the bare driver.

With --clients (PostgreSQL): that many threads send commands through one ledger at once (group
commit shares transactions between them, store/group_commit.py), beside as many threads each
committing the same rows one row a transaction with psycopg, on connections of their own. The
ratio is commands/s over bare commits/s. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import threading
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


def run_concurrent(services: Services, clients: int, per_client: int) -> tuple[float, str]:
    """Commands/s of `clients` threads registering practitioners at once (each its own)."""
    ledger = services.ledger
    barrier = threading.Barrier(clients + 1)
    errors: list[BaseException] = []

    def client(c: int) -> None:
        barrier.wait()
        try:
            for i in range(per_client):
                ledger.register_practitioner(
                    _meta(c * per_client + i, "many"),
                    PractitionerKind.LAWYER,
                    f"M{c:02d}{i:06d}",
                    PractitionerDetails(name=f"并发{c}-{i}"),
                )
        except BaseException as exc:
            errors.append(exc)

    group = ledger.recorder._group  # type: ignore[attr-defined]
    rounds, saves = group.rounds, group.saves
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    made, rounds = group.saves - saves, group.rounds - rounds
    return clients * per_client / elapsed, f"{made} saves in {rounds} transactions"


def raw_postgres_concurrent(
    rows: list[tuple[str, int, str, bytes]], url: str, clients: int
) -> float:
    """Commits/s of `clients` threads, each on its own connection, committing the rows one a
    transaction (the rows split between them)."""
    import psycopg

    base = url.split("?")[0]
    table = f"raw_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {table} (originator_id uuid, originator_version bigint, topic text, "
            "state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
        )
    connections = [psycopg.connect(base, autocommit=True) for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def client(c: int) -> None:
        conn = connections[c]
        barrier.wait()
        for row in rows[c::clients]:
            conn.execute(
                f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                "VALUES (%s,%s,%s,%s)",
                row,
            )

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    try:
        for t in threads:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        for conn in connections:
            conn.close()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP TABLE {table}")
    return len(rows) / elapsed


def stored_rows(services: Services, limit: int) -> list[tuple[str, int, str, bytes]]:
    notes = services.ledger.recorder.select_notifications(start=None, limit=limit)
    return [(str(n.originator_id), n.originator_version, n.topic, n.state) for n in notes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="practitioners to register")
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (optional)")
    parser.add_argument("--clients", type=int, default=0, help="concurrent clients (PostgreSQL)")
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
        if args.clients:
            concurrent(args)


def concurrent(args: argparse.Namespace) -> None:
    base = args.postgres
    url = (
        f"{base}{'&' if '?' in base else '?'}schema=bench_{uuid.uuid4().hex[:8]}"
        f"&pool_size={args.clients}"
    )
    services = open_services(url)
    try:
        per_client = max(1, args.n // args.clients)
        rate, grouped = run_concurrent(services, args.clients, per_client)
        rows = stored_rows(services, 2 * args.clients * per_client + 10)[10:]
        bare = raw_postgres_concurrent(rows, base, args.clients)
    finally:
        services.close()
        drop_schema(services.config)
    print(
        f"postgresql {args.clients} clients: commands/s {rate:8.0f} ({grouped})   "
        f"bare single-row commits/s {bare:8.0f} ({args.clients} connections)   "
        f"ratio {rate / bare:.2f}"
    )


if __name__ == "__main__":
    main()
