"""The verifiable log's figures, each beside hashlib's raw SHA-256 measured in the same run:

- sealing rate: events/s into the stored Merkle log, the leaf hashes written with the events
  read back and the tree built and stored, against one raw SHA-256 per event over the same
  canonical bytes; and a rebuild that hashes every leaf again from the stored bytes;
- inclusion and consistency proof latency (p50/p99) at the full size;
- `ledger verify` time over the whole log;
- integration delay (commit of a command -> signed checkpoint covering it), p50/p99, with a
  writer thread running commands and a ticking thread calling `IntegrityService.tick()`.

    .venv/bin/python -m bench.integrity [--events 1000000] [--no-sqlite]
        [--postgres postgresql://root@127.0.0.1:5432/test]

A million events through the command API would take hours, so the events table of a scratch
database (a temporary SQLite file; a scratch PostgreSQL schema, dropped afterwards) is filled
by bulk insert with synthetic but realistic rows: the stored bytes of real events recorded by
the ledger (registrations, joins, receipts), replayed under fresh originator ids. Prints
figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import ssl
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any

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
from projections.integrity.audit import audit
from projections.integrity.checkpoints import CheckpointPolicy
from projections.integrity.proofs import encode_event
from store.leaves import hash_leaves
from store.postgres import drop_schema
from store.recorders import LEAVES

ACTOR = Actor(principal_id="bench", role=Role.CLERK)
Template = tuple[str, bytes]  # (topic, stored state)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"{ssl.OPENSSL_VERSION}, SQLite {sqlite3.sqlite_version}"
    )


def _meta(key: str) -> EventMeta:
    return EventMeta(actor=ACTOR, reason="基准", effective_on=date(2024, 1, 2), command_id=key)


def templates() -> list[Template]:
    """Stored events of real commands: what the synthetic rows are made of."""
    services = open_services(f"sqlite:///:memory:?name=bench{uuid.uuid4().hex}")
    try:
        ledger = services.ledger
        firms = [
            ledger.register_organization(
                _meta(f"f{i}"),
                OrganizationKind.LAW_FIRM,
                f"BENCH-F{i}",
                OrganizationDetails(name=f"北京市某某律师事务所{i}（虚构）"),
            ).subject_id
            for i in range(20)
        ]
        for i in range(100):
            person = ledger.register_practitioner(
                _meta(f"p{i}"),
                PractitionerKind.LAWYER,
                f"1110120{i:08d}",
                PractitionerDetails(name=f"律师{i}"),
            ).subject_id
            ledger.join_organization(_meta(f"j{i}"), person, firms[i % len(firms)])
        notes = ledger.recorder.select_notifications(start=None, limit=10_000)
        return [(n.topic, n.state) for n in notes]
    finally:
        services.close()


def synthetic(count: int, made_of: list[Template], batch: int) -> Iterator[list[tuple]]:  # type: ignore[type-arg]
    """Rows (originator id, version, topic, state), a few events per fresh aggregate."""
    rng = random.Random(2024)
    out: list[tuple] = []  # type: ignore[type-arg]
    made = 0
    while made < count:
        subject = uuid.UUID(int=rng.getrandbits(128), version=4)
        for version in range(1, min(rng.randint(1, 6), count - made) + 1):
            topic, state = made_of[rng.randrange(len(made_of))]
            out.append((subject, version, topic, state))
            made += 1
            if len(out) == batch:
                yield out
                out = []
    if out:
        yield out


def fill(services: Services, count: int, made_of: list[Template]) -> float:
    """Bulk insert `count` rows into the scratch events table; returns seconds taken."""
    db = services.db
    started = time.perf_counter()
    if db.is_postgres:
        import psycopg

        env = services.config.env
        with psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
        ) as conn:
            with conn.cursor().copy(
                f"COPY {db.events_table} (originator_id, originator_version, topic, state) "
                "FROM STDIN"
            ) as copy:
                for rows in synthetic(count, made_of, 50_000):
                    for row in rows:
                        copy.write_row(row)
            conn.commit()
    else:
        path = services.config.env["SQLITE_DBNAME"]
        lite = sqlite3.connect(path, isolation_level=None)
        try:
            lite.execute("PRAGMA synchronous = OFF")
            for rows in synthetic(count, made_of, 50_000):
                lite.execute("BEGIN")
                lite.executemany(
                    f"INSERT INTO {db.events_table} (originator_id, originator_version, topic, "
                    "state) VALUES (?, ?, ?, ?)",
                    [(s.hex, v, t, st) for s, v, t, st in rows],
                )
                lite.execute("COMMIT")
        finally:
            lite.close()
    return time.perf_counter() - started


def hash_at_write_time(services: Services) -> float:
    """The leaf hashes the recorders write with each event (the bulk insert bypassed them):
    computed from the stored rows and written to the leaves table, as a commit would. Returns
    the seconds it took (reading the rows back included)."""
    db, rows = services.db, services.integrity.view.rows
    started, after = time.perf_counter(), 0
    while True:
        with db.transaction() as cursor:
            found = rows.raw(db, cursor, after=after, limit=20_000)
            if not found:
                return time.perf_counter() - started
            leaves, subjects = hash_leaves(found)
            db.insert_many(
                cursor,
                db.table(LEAVES),
                ("position", "leaf", "originator"),
                [(r[0], leaf, s) for r, leaf, s in zip(found, leaves, subjects, strict=True)],
            )
        after = found[-1][0]


def raw_hashing(services: Services) -> tuple[float, int]:
    """(seconds of one SHA-256 per event over its canonical bytes, bytes hashed). Only the
    hashing loop is timed: reading and encoding the events are not in it."""
    integrity, db = services.integrity, services.db
    hashing = 0.0
    total = 0
    after = 0
    while True:
        with db.transaction(commit=False) as cursor:
            rows = integrity.view.rows.events(db, cursor, after=after, limit=20_000)
        if not rows:
            return hashing, total
        data = [encode_event(*row) for row in rows]
        total += sum(len(d) for d in data)
        started = time.perf_counter()
        for d in data:
            sha256(d).digest()
        hashing += time.perf_counter() - started
        after = rows[-1][0]


def bare_read(services: Services, leaves: bool = False) -> float:
    """Seconds to read every stored row (position, originator id, version, topic, state) with
    the bare driver's tuple cursor, nothing else; with `leaves`, the sealer's own read instead
    (on PostgreSQL the leaf hashes computed in SQL). Best of three."""
    integrity, db = services.integrity, services.db
    best = float("inf")
    for _ in range(3):
        started, after = time.perf_counter(), 0
        while True:
            with db.transaction(commit=False) as cursor:
                rows = integrity.view.rows
                if leaves:
                    found = rows.leaves(db, cursor, after=after, limit=20_000).positions
                else:
                    found = [r[0] for r in rows.raw(db, cursor, after=after, limit=20_000)]
            if not found:
                break
            after = found[-1]
        best = min(best, time.perf_counter() - started)
    return best


class Timer:
    """Wall time spent inside wrapped callables, by label."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.perf_counter() - started

        return timed


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50 * 1000:.2f} ms  p99 {p99 * 1000:.2f} ms  max {ordered[-1] * 1000:.2f} ms"


def proof_latencies(services: Services, size: int, count: int) -> tuple[str, str]:
    integrity = services.integrity
    rng = random.Random(7)
    with services.db.transaction(commit=False) as cursor:
        rows = integrity.view.rows.raw(services.db, cursor, after=0, limit=size, columns="1")
        positions = [r[0] for r in rows]
    inclusion = []
    for position in rng.sample(positions, min(count, len(positions))):
        started = time.perf_counter()
        integrity.inclusion(position, size)
        inclusion.append(time.perf_counter() - started)
    consistency = []
    for _ in range(count):
        first = rng.randint(1, size)
        started = time.perf_counter()
        integrity.consistency(first, size)
        consistency.append(time.perf_counter() - started)
    return percentiles(inclusion), percentiles(consistency)


def integration_delay(url: str, seconds: float) -> str:
    """Commands in a writer thread, `tick()` every 50 ms in another: commit -> checkpoint."""
    services = open_services(url, checkpoint_policy=CheckpointPolicy())
    written: list[tuple[int, float]] = []
    signed: list[tuple[int, float]] = []
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            result = services.ledger.register_organization(
                _meta(f"d{i}"),
                OrganizationKind.LAW_FIRM,
                f"DELAY-{i}",
                OrganizationDetails(name=f"所{i}"),
            )
            written.append((result.position or 0, time.perf_counter()))
            i += 1

    def tick() -> None:
        while not stop.is_set() or (written and (not signed or signed[-1][0] < written[-1][0])):
            checkpoint = services.integrity.tick()
            if checkpoint is not None:
                signed.append((checkpoint.last_position, time.perf_counter()))
            time.sleep(0.05)

    threads = [threading.Thread(target=write), threading.Thread(target=tick)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    try:
        delays = []
        for position, at in written:
            covered = next(t for last, t in signed if last >= position)
            delays.append(covered - at)
        rate = len(written) / seconds
        return f"{rate:.0f} commands/s, {len(signed)} checkpoints; delay {percentiles(delays)}"
    finally:
        services.close()
        if services.db.is_postgres:
            drop_schema(services.config)


def run(label: str, url: str, count: int, made_of: list[Template], proofs: int) -> None:
    services = open_services(url)
    try:
        filled = fill(services, count, made_of)
        print(f"\n== {label}: {count} synthetic events bulk-inserted in {filled:.1f} s ==")
        hashing, total = raw_hashing(services)
        raw_rate = count / hashing
        print(
            f"raw hashlib SHA-256, one per event over its canonical bytes "
            f"({total / count:.0f} B avg): {raw_rate:,.0f} events/s"
        )
        read = count / bare_read(services)
        ceiling = 1 / (1 / read + 1 / raw_rate)
        print(
            f"bare driver read of every row, no hashing (best of 3): {read:,.0f} rows/s "
            f"= {read / raw_rate:.0%} of raw hashing\n"
            f"  so a sealer in one process that reads each row and hashes it, and does nothing "
            f"else (no tree, no writes), runs at most {ceiling:,.0f} events/s "
            f"= {ceiling / raw_rate:.0%} of raw hashing"
        )
        if services.db.is_postgres:
            in_sql = count / bare_read(services, leaves=True)
            print(
                f"leaf hashes computed by PostgreSQL in SQL and read back, no tree (best of 3): "
                f"{in_sql:,.0f} events/s = {in_sql / raw_rate:.0%} of raw hashing"
            )
        written = hash_at_write_time(services)
        print(
            f"leaf hashes as the recorders write them with the events (store/leaves.py), here "
            f"after the bulk insert: {count / written:,.0f} events/s"
        )
        view, timer = services.integrity.view, Timer()
        view.rows.leaves = timer.wrap("leaves", view.rows.leaves)  # type: ignore[method-assign]
        view.seal = timer.wrap("tree", view.seal)  # type: ignore[method-assign]
        started = time.perf_counter()
        size = services.integrity.catch_up()
        sealing = time.perf_counter() - started
        assert size == count, (size, count)
        leaves, tree = (timer.spent[k] for k in ("leaves", "tree"))
        print(
            f"sealing (the leaves written with the events read back, the tree built and "
            f"stored): {count / sealing:,.0f} events/s in {sealing:.1f} s "
            f"= {count / sealing / raw_rate:.0%} of raw hashing\n"
            f"  reading the leaves {leaves:.1f} s, tree + store {tree:.1f} s, "
            f"transactions {sealing - leaves - tree:.1f} s"
        )
        rebuilt = time.perf_counter()
        services.integrity.rebuild()
        rebuilt = time.perf_counter() - rebuilt
        print(
            f"a rebuild of the tree, every leaf hashed again from the stored bytes: "
            f"{count / rebuilt:,.0f} events/s = {count / rebuilt / raw_rate:.0%} of raw hashing"
        )
        checkpoint, _ = services.integrity.checkpoint_now()
        inclusion, consistency = proof_latencies(services, checkpoint.tree_size, proofs)
        print(f"inclusion proof at {size:,} leaves ({proofs} random): {inclusion}")
        print(f"consistency proof to {size:,} leaves ({proofs} random): {consistency}")
        started = time.perf_counter()
        report = audit(services.integrity)
        verified = time.perf_counter() - started
        assert report.ok, report.findings[:3]
        print(
            f"ledger verify (recompute {report.events:,} leaves, {report.checkpoints} "
            f"checkpoint): {verified:.1f} s = {count / verified:,.0f} events/s "
            f"= {count / verified / raw_rate:.0%} of raw hashing"
        )
    finally:
        services.close()
        if services.db.is_postgres:
            drop_schema(services.config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log")
    parser.add_argument("--proofs", type=int, default=2000, help="proofs to time")
    parser.add_argument("--delay-seconds", type=float, default=10, help="integration run")
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (optional)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    made_of = templates()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            run("SQLite", f"sqlite:///{tmp}/bench.db", args.events, made_of, args.proofs)
            delay = integration_delay(f"sqlite:///{tmp}/delay.db", args.delay_seconds)
            print(f"integration delay (SQLite, under load): {delay}")
    if args.postgres:
        base = args.postgres + ("&" if "?" in args.postgres else "?")
        scratch = f"{base}schema=bench_{uuid.uuid4().hex[:8]}"
        run("PostgreSQL", scratch, args.events, made_of, args.proofs)
        delay = integration_delay(f"{base}schema=bench_{uuid.uuid4().hex[:8]}", args.delay_seconds)
        print(f"integration delay (PostgreSQL, under load): {delay}")


if __name__ == "__main__":
    main()
