"""Projections benchmark: rebuild rate of every stored view beside the raw scan rate of the same
events table (plain sqlite3 / psycopg, measured in the same run), where a rebuild's time goes,
and read latency over HTTP (p50/p99 of the compliance profile and the audit trail).

    .venv/bin/python -m bench.projections [--events 100000] [--backend sqlite|postgres|both]
        [--postgres postgresql://root@127.0.0.1:5432/test] [--requests 500] [--no-http]
        [--cprofile FILE]

Prints figures; it is not a test. The events are made by bench/projections_data.py (aggregates
saved many at a time; see there). Scratch data: a temporary SQLite file, a fresh PostgreSQL
schema; both removed at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import sqlite3
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from orjson import loads

from api.services import Services, open_services
from bench.http_reads import latency
from bench.projections_data import EVENTS_PER_UNIT, Made, make_events
from projections.runner.views import ViewRunner
from store.postgres import drop_schema

# -- the machine ---------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    memory = ""
    try:
        total = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
        )
        memory = f", {int(total.split()[1]) / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average {load:.2f} at start"
    )


# -- making the log ------------------------------------------------------------------------------


def generate(services: Services, events: int) -> Made:
    started = time.perf_counter()
    shown = [0.0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - shown[0] > 10:
            shown[0] = now
            print(f"    ... {done:,} events", flush=True)

    made = make_events(services.ledger, events, progress=progress)
    seconds = time.perf_counter() - started
    print(
        f"  made {made.events:,} events in {seconds:.1f}s ({made.events / seconds:,.0f}/s): "
        f"{len(made.firms):,} law firms, {len(made.lawyers):,} lawyers, "
        f"{len(made.complaints):,} complaints, about {EVENTS_PER_UNIT} events a firm; "
        "aggregates built through their own methods and saved 40 firms a transaction "
        "(bench/projections_data.py), not one command a transaction"
    )
    return made


# -- the raw scan --------------------------------------------------------------------------------


def raw_scan(services: Services, batch: int, parse: bool = False) -> tuple[int, float, float]:
    """(rows, wall seconds, CPU seconds) of reading every row of the events table with the bare
    driver, in keyset batches like the runner's. With `parse`, each row's stored state is also
    parsed by orjson (nothing else): the ceiling of any rebuild that reads event payloads."""
    db = services.db
    if db.is_postgres:
        import psycopg

        env = services.config.env
        conn: Any = psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
        )
        mark = "%s"
    else:
        conn = sqlite3.connect(services.config.env["SQLITE_DBNAME"])
        mark = "?"
    statement = db.sql(
        "SELECT {position}, originator_id, originator_version, topic, state FROM {events} "
        f"WHERE {{position}} > {mark} ORDER BY {{position}} LIMIT {mark}"
    ).replace("%s", mark)
    rows = 0
    last = 0
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        while True:
            found = conn.execute(statement, (last, batch)).fetchall()
            if not found:
                break
            if parse:
                for row in found:
                    loads(row[4])
            rows += len(found)
            last = found[-1][0]
    finally:
        conn.close()
    return rows, time.perf_counter() - wall, time.process_time() - cpu


def decode_scan(services: Services, batch: int) -> tuple[int, float, float]:
    """(events, wall seconds, CPU seconds) of reading the log through the library and decoding
    every event into its domain event: the floor under any rebuild."""
    app = services.ledger
    count, start = 0, 0
    wall, cpu = time.perf_counter(), time.process_time()
    while True:
        found = app.recorder.select_notifications(
            start=start, limit=batch, inclusive_of_start=False
        )
        for n in found:
            app.mapper.to_domain_event(n)
        count += len(found)
        if len(found) < batch:
            break
        start = found[-1].id
    return count, time.perf_counter() - wall, time.process_time() - cpu


# -- rebuilds ------------------------------------------------------------------------------------


def rebuild(runner: ViewRunner, names: list[str]) -> tuple[int, float, float]:
    """(events read, wall seconds, CPU seconds of this process)."""
    read = [0]

    def report(_views: object, _reached: int, events: int) -> None:
        read[0] += events

    wall, cpu = time.perf_counter(), time.process_time()
    runner.rebuild_many(names, report=report)
    return read[0], time.perf_counter() - wall, time.process_time() - cpu


@contextmanager
def timed_parts(services: Services) -> Iterator[defaultdict[str, float]]:
    """Seconds spent reading the log, decoding events, in each view's apply, committing and
    dropping the old tables, while inside."""
    parts: defaultdict[str, float] = defaultdict(float)
    runner, recorder, mapper = services.runner, services.ledger.recorder, services.ledger.mapper
    select, decode, apply = recorder.select_notifications, mapper.to_domain_event, runner.apply

    def timed_select(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        found = select(*args, **kwargs)
        parts["read the log (select)"] += time.perf_counter() - t
        return found

    def timed_decode(n: Any) -> Any:
        t = time.perf_counter()
        event = decode(n)
        parts["decode events"] += time.perf_counter() - t
        return event

    def timed_apply(view: Any, cursor: Any, events: Any) -> None:
        t = time.perf_counter()
        apply(view, cursor, events)
        parts[f"apply {view.name}"] += time.perf_counter() - t

    db, transaction = services.db, services.db.transaction

    @contextmanager
    def timed_transaction(*, commit: bool = True) -> Iterator[Any]:
        manager = transaction(commit=commit)
        cursor = manager.__enter__()
        try:
            yield cursor
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
            return
        t = time.perf_counter()
        manager.__exit__(None, None, None)
        if commit:
            parts["commit"] += time.perf_counter() - t

    def timed_drop(view: Any) -> Any:
        drop = view.drop

        def timed(*args: Any) -> None:
            t = time.perf_counter()
            drop(*args)
            parts["drop the old tables"] += time.perf_counter() - t

        return timed

    recorder.select_notifications = timed_select  # type: ignore[method-assign]
    mapper.to_domain_event = timed_decode  # type: ignore[method-assign,assignment]
    runner.apply = timed_apply  # type: ignore[method-assign]
    db.transaction = timed_transaction  # type: ignore[method-assign]
    for view in runner.views.values():
        view.drop = timed_drop(view)  # type: ignore[method-assign]
    try:
        yield parts
    finally:
        del recorder.select_notifications, mapper.to_domain_event, runner.apply, db.transaction
        for view in runner.views.values():
            del view.drop


def rebuilds(
    services: Services, raw_rate: float, raw_cpu_rate: float, profile_to: str | None
) -> None:
    """Each view alone, then all in one pass. `log pos/s` is the log's length over the time
    (a view reading few topics skips the rest in the database); `% raw` compares it with the
    raw scan, by wall clock and by this process's CPU time (steadier when the cores are
    shared; on PostgreSQL the server's CPU is not in it)."""
    runner = services.runner
    head = services.db.head()
    print(
        f"  {'view':<16}{'events read':>12}{'seconds':>9}{'events/s':>10}"
        f"{'log pos/s':>11}{'% raw':>8}{'CPU s':>8}{'% raw CPU':>10}"
    )
    for names in [[n] for n in runner.views] + [list(runner.views)]:
        label = names[0] if len(names) == 1 else "all, one pass"
        read, wall, cpu = rebuild(runner, names)
        print(
            f"  {label:<16}{read:>12,}{wall:>9.2f}{read / wall:>10,.0f}{head / wall:>11,.0f}"
            f"{100 * head / wall / raw_rate:>7.1f}%{cpu:>8.2f}"
            f"{100 * head / cpu / raw_cpu_rate:>9.1f}%"
        )
    with timed_parts(services) as parts:
        wall = time.perf_counter()
        if profile_to:
            profiler = cProfile.Profile()
            profiler.runcall(runner.rebuild_all)
            profiler.dump_stats(profile_to)
        else:
            runner.rebuild_all()
        wall = time.perf_counter() - wall
    parts["tracking, batching and the rest"] = wall - sum(parts.values())
    print(f"  where a one-pass rebuild of all views spends its {wall:.1f}s:")
    for part, seconds in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"    {part:<34}{seconds:>8.2f}s {100 * seconds / wall:>5.1f}%")
    if profile_to:
        print(f"  cProfile of it written to {profile_to} (python -m pstats {profile_to})")


# -- reads over HTTP -----------------------------------------------------------------------------


# -- one backend ---------------------------------------------------------------------------------


def run(backend: str, args: argparse.Namespace) -> None:
    print(f"\n== {backend}, {args.events:,} events")
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as scratch:
        tmp = Path(scratch)
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/bench.db"
        else:
            base = args.postgres
            url = f"{base}{'&' if '?' in base else '?'}schema=bench_{uuid.uuid4().hex[:8]}"
        services = open_services(url)
        try:
            made = generate(services, args.events)
            if backend == "postgres":
                with services.db.transaction() as cursor:  # fresh statistics after a bulk load
                    services.db.execute(cursor, "ANALYZE {events}")
                version = services.db.query("SHOW server_version")[0]["server_version"]
                print(f"  PostgreSQL {version}")
            batch = ViewRunner.REBUILD_BATCH
            # The best of three: the fastest the bare driver reads this table here.
            rows, wall, cpu = min(raw_scan(services, batch) for _ in range(3))
            raw_rate, raw_cpu_rate = rows / wall, rows / cpu
            print(
                f"  raw scan ({'psycopg' if backend == 'postgres' else 'sqlite3'}, "
                f"{batch:,} rows a query, best of 3): {rows:,} rows in {wall:.2f}s = "
                f"{raw_rate:,.0f} rows/s (CPU {cpu:.2f}s = {raw_cpu_rate:,.0f} rows/s)"
            )
            rows, wall, cpu = min(raw_scan(services, batch, parse=True) for _ in range(3))
            print(
                f"  raw scan + orjson.loads of every payload, no view (best of 3): "
                f"{rows / wall:,.0f} rows/s = {100 * rows / wall / raw_rate:.1f}% of the raw "
                f"scan (by CPU time {100 * rows / cpu / raw_cpu_rate:.1f}%): the ceiling of "
                "any rebuild that reads what events say"
            )
            decoded, seconds, cpu = decode_scan(services, batch)
            print(
                f"  scan + decode into domain events, no view: {decoded / seconds:,.0f} "
                f"events/s = {100 * decoded / seconds / raw_rate:.1f}% of the raw scan "
                f"(by CPU time {100 * decoded / cpu / raw_cpu_rate:.1f}%)"
            )
            rebuilds(services, raw_rate, raw_cpu_rate, args.cprofile)
            if args.http:
                latency(services, made, url, args.requests, tmp)
        finally:
            services.close()
            if backend == "postgres":
                drop_schema(services.config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--postgres", default="postgresql://root@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=500, help="HTTP requests per route")
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--cprofile", default=None, help="write a cProfile of the last rebuild")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        "Note: other processes may share these cores; wall-clock rates move with them, so "
        "every rate is printed beside the raw scan measured in the same run."
    )
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        run(backend, args)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average {load:.2f} at the end")


if __name__ == "__main__":
    main()
