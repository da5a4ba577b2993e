"""Read latency at scale: the lists, overdue lists and metrics of complaints, inspections and
notarization matters at N = 1k, 10k and 100k records of each kind, through the view call and
through HTTP, beside a raw indexed read of the same table (bare driver) measured in the same run.

    .venv/bin/python -m bench.reads [--sizes 1000,10000,100000] [--backend sqlite|postgres|both]
        [--postgres postgresql://root@127.0.0.1:5432/test] [--requests 200] [--no-http]

For each kind and size, p50/p99 of: the first page (50 items), a page 90% deep (its cursor
built from the view's own order), the metrics of a year, the overdue list as of a day (first
page). Targets: p99 < 50 ms at 100k on both backends, and p99(100k) / p99(1k) <= 2.

The records are the demo district's (tests/fixtures/layout_v1: 210 complaints, the annual and
spot-check inspections, 150 notarization matters with their whole lifecycles), cloned under
fresh ids until each kind has N, bulk-inserted into a scratch ledger (a temporary SQLite file;
a fresh PostgreSQL schema, dropped at the end), then the record views caught up. Prints
figures; it is not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import lzma
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from api.services import Services, open_services
from bench.http_reads import served
from bench.projections import machine
from domain.core.values import Actor, EventMeta, Role
from projections.records.view import RecordView, encode_keyset
from store.postgres import drop_schema

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "layout_v1"
KINDS = {
    "complaints": "ledger.Complaint.",
    "inspections": "ledger.Inspection.",
    "notarizations": "ledger.NotarizationMatter.",
}
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
AS_OF = date(2024, 12, 31)
Template = list[tuple[str, bytes]]  # an aggregate's events: (topic, stored state)


def templates() -> dict[str, list[Template]]:
    """Per kind, the events of each of the fixture's aggregates of that kind, in order."""
    found: dict[str, dict[str, Template]] = {kind: {} for kind in KINDS}
    with lzma.open(FIXTURE / "events.jsonl.xz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for kind, prefix in KINDS.items():
                if row["t"].startswith(prefix):
                    found[kind].setdefault(row["o"], []).append(
                        (row["t"], row["s"].encode("utf-8"))
                    )
    return {kind: list(by_id.values()) for kind, by_id in found.items()}


def insert(services: Services, rows: list[tuple[uuid.UUID, int, str, bytes]]) -> None:
    db = services.db
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
                for row in rows:
                    copy.write_row(row)
            conn.commit()
        return
    lite = sqlite3.connect(services.config.env["SQLITE_DBNAME"], isolation_level=None)
    try:
        lite.execute("BEGIN")
        lite.executemany(
            f"INSERT INTO {db.events_table} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            [(o.hex, v, t, s) for o, v, t, s in rows],
        )
        lite.execute("COMMIT")
    finally:
        lite.close()


def grow(services: Services, made_of: dict[str, list[Template]], have: dict[str, int],
         size: int) -> int:  # fmt: skip
    """Clone records until each kind has `size`; returns the events inserted."""
    rng = random.Random(size)
    inserted = 0
    for kind, pool in made_of.items():
        rows: list[tuple[uuid.UUID, int, str, bytes]] = []
        while have[kind] < size:
            originator = uuid.UUID(int=rng.getrandbits(128), version=4)
            for version, (topic, state) in enumerate(pool[have[kind] % len(pool)], start=1):
                rows.append((originator, version, topic, state))
            have[kind] += 1
            if len(rows) >= 50_000:
                insert(services, rows)
                inserted += len(rows)
                rows = []
        if rows:
            insert(services, rows)
            inserted += len(rows)
    return inserted


def timed(call: Callable[[], Any], count: int) -> list[float]:
    for _ in range(min(10, count)):  # warm: statements prepared, pages cached
        call()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def p50_p99(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[
        min(len(ordered) - 1, int(len(ordered) * 0.99))
    ] * 1000


def deep_cursor(services: Services, view: RecordView, tag: str, depth: float) -> str:
    """The cursor of the page that starts `depth` of the way into the list (opened order)."""
    total = services.db.query(f"SELECT COUNT(*) AS n FROM {view.table}")[0]["n"]
    row = services.db.query(
        f"SELECT opened_position FROM {view.table} ORDER BY opened_position LIMIT 1 OFFSET ?",
        [int(total * depth)],
    )[0]
    return encode_keyset(tag, [int(row["opened_position"])])


def raw_read(services: Services, view: RecordView) -> Callable[[], Any]:
    """The bare driver reading the first 50 rows of the view's table in its order."""
    statement = f"SELECT id, state FROM {view.table} ORDER BY opened_position LIMIT 50"
    if services.db.is_postgres:
        import psycopg

        env = services.config.env
        conn = psycopg.connect(
            host=env["POSTGRES_HOST"], port=int(env["POSTGRES_PORT"]),
            dbname=env["POSTGRES_DBNAME"], user=env["POSTGRES_USER"], autocommit=True,
        )  # fmt: skip

        def read() -> Any:
            return conn.execute(statement).fetchall()

        return read
    lite = sqlite3.connect(services.config.env["SQLITE_DBNAME"])

    def read_lite() -> Any:
        return lite.execute(statement).fetchall()

    return read_lite


def view_reads(services: Services, kind: str) -> dict[str, Callable[[], Any]]:
    records = services.records
    if kind == "complaints":
        c = records.complaints
        deep = deep_cursor(services, c.view, "complaints", 0.9)
        return {
            "first page": lambda: c.list(limit=50),
            "page 90% deep": lambda: c.list(cursor=deep, limit=50),
            "metrics of 2024": lambda: c.metrics(*YEAR),
            "overdue as of 2024-12-31": lambda: c.overdue(AS_OF, limit=50),
        }
    if kind == "inspections":
        i = records.inspections
        deep = deep_cursor(services, i.view, "inspections", 0.9)
        return {
            "first page": lambda: i.list(limit=50),
            "page 90% deep": lambda: i.list(cursor=deep, limit=50),
            "metrics of 2024": lambda: i.metrics(*YEAR),
            "overdue as of 2024-12-31": lambda: i.overdue(AS_OF, limit=50),
        }
    n = records.notarizations
    deep = deep_cursor(services, n.view, "notarizations", 0.9)
    return {
        "first page": lambda: n.list(limit=50),
        "page 90% deep": lambda: n.list(cursor=deep, limit=50),
        "metrics of 2024": lambda: n.metrics(*YEAR),
        "overdue as of 2024-12-31": lambda: n.missed_issuances(AS_OF, limit=50),
    }


def http_paths(services: Services, kind: str) -> dict[str, tuple[str, dict[str, str]]]:
    view = {
        "complaints": services.records.complaints.view,
        "inspections": services.records.inspections.view,
        "notarizations": services.records.notarizations.view,
    }[kind]
    deep = deep_cursor(services, view, kind, 0.9)
    overdue = {
        "complaints": "/complaints/overdue",
        "inspections": "/inspections/overdue",
        "notarizations": "/notarizations/missed-issuances",
    }[kind]
    period = {"start": YEAR[0].isoformat(), "end": YEAR[1].isoformat()}
    return {
        "first page": (f"/{kind}", {"limit": "50"}),
        "page 90% deep": (f"/{kind}", {"limit": "50", "cursor": deep}),
        "metrics of 2024": (f"/{kind}/metrics", period),
        "overdue as of 2024-12-31": (overdue, {"as_of": AS_OF.isoformat(), "limit": "50"}),
    }


def run(backend: str, args: argparse.Namespace, made_of: dict[str, list[Template]]) -> None:
    print(f"\n== {backend}")
    with tempfile.TemporaryDirectory(prefix="ledger-reads-") as scratch:
        tmp = Path(scratch)
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/reads.db"
        else:
            base = args.postgres
            url = f"{base}{'&' if '?' in base else '?'}schema=reads_{uuid.uuid4().hex[:8]}"
        services = open_services(url)
        try:
            meta = EventMeta.effective_today(  # the server's clock is today's
                actor=Actor(principal_id="bench", role=Role.ADMIN),
                reason="bench reads",
                today=services.ledger.today(),
                command_id="bench-reads-token",
            )
            secret = services.ledger.issue_token(meta, "bench.reads", Role.ADMIN, 30).secret
            have = dict.fromkeys(KINDS, 0)
            p99s: dict[tuple[str, str, str], dict[int, float]] = {}
            for size in args.sizes:
                started = time.perf_counter()
                events = grow(services, made_of, have, size)
                loaded = time.perf_counter() - started
                if backend == "postgres":
                    with services.db.transaction() as cursor:
                        services.db.execute(cursor, "ANALYZE {events}")
                started = time.perf_counter()
                views = [v.name for v in services.records.views()]
                for name in views:
                    services.runner.catch_up(name, batch=10_000)
                caught = time.perf_counter() - started
                if backend == "postgres":
                    with services.db.transaction() as cursor:
                        for view in services.records.views():
                            services.db.execute(cursor, f"ANALYZE {view.table}")
                print(
                    f"  N = {size:,} of each kind: +{events:,} events bulk-inserted in "
                    f"{loaded:.1f}s, record views caught up in {caught:.1f}s "
                    f"({events / caught:,.0f} events/s)"
                )
                # As the server does once started (api/http/app.py): what the setup built is
                # kept out of the collector's full collections.
                gc.collect()
                gc.freeze()
                for kind in KINDS:
                    raw = p50_p99(timed(raw_read(services, getattr(services.records, kind).view),
                                        args.requests))  # fmt: skip
                    print(f"    {kind}: raw read of 50 rows in order (bare driver): "
                          f"p50 {raw[0]:.2f} ms, p99 {raw[1]:.2f} ms")  # fmt: skip
                    for label, call in view_reads(services, kind).items():
                        p50, p99 = p50_p99(timed(call, args.requests))
                        p99s.setdefault((kind, "view", label), {})[size] = p99
                        print(f"      view  {label:<26} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
                              f"  ({p50 / raw[0]:.1f}x raw p50)")  # fmt: skip
                if args.http:
                    import httpx

                    # Sealed first: a server would otherwise seal the new events in its
                    # background thread while the requests are timed.
                    started = time.perf_counter()
                    services.integrity.catch_up()
                    print(f"    (the verifiable log sealed before serving: "
                          f"{time.perf_counter() - started:.1f}s)")  # fmt: skip
                    with served(url, tmp, projections="external") as base_url, httpx.Client(
                        base_url=base_url, headers={"Authorization": f"Bearer {secret}"},
                        timeout=30,
                    ) as client:  # fmt: skip
                        for kind in KINDS:
                            for label, (path, params) in http_paths(services, kind).items():

                                def get(path: str = path, params: dict[str, str] = params) -> None:
                                    response = client.get(path, params=params)
                                    if response.status_code != 200:
                                        raise SystemExit(
                                            f"{path}: {response.status_code} {response.text[:200]}"
                                        )

                                p50, p99 = p50_p99(timed(get, args.requests))
                                p99s.setdefault((kind, "http", label), {})[size] = p99
                                print(f"      http  {kind} {label:<26} p50 {p50:6.2f} ms  "
                                      f"p99 {p99:6.2f} ms")  # fmt: skip
            first, last = args.sizes[0], args.sizes[-1]
            print(f"  p99 at {last:,} against {first:,} (target < 50 ms, ratio <= 2):")
            for (kind, way, label), by_size in p99s.items():
                ratio = by_size[last] / by_size[first]
                verdict = "ok" if by_size[last] < 50 and ratio <= 2 else "MISSED"
                print(f"    {way:<4} {kind:<13} {label:<26} {by_size[last]:6.2f} ms, "
                      f"{ratio:4.2f}x  {verdict}")  # fmt: skip
        finally:
            services.close()
            if backend == "postgres":
                drop_schema(services.config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql://root@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=200, help="samples per read")
    parser.add_argument("--no-http", dest="http", action="store_false")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Machine: {machine()}")
    print("Note: the machine is shared; every latency is printed beside a raw read of the same "
          "table measured in the same run.")  # fmt: skip
    made_of = templates()
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        run(backend, args, made_of)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average {load:.2f} at the end")


if __name__ == "__main__":
    main()
