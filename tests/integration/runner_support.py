"""Helpers for tests that run `ledger project` as a child process against a file SQLite database
or a PostgreSQL schema, and compare the stored views with a rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from api.services import Services, open_services
from bench.projections_data import make_events
from store.config import parse_database_url
from store.postgres import drop_schema
from tests.conftest import fixed_clock, postgres_test_url

ROOT = Path(__file__).resolve().parents[2]


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def child_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database a child process can open too: a SQLite file or a fresh PostgreSQL schema
    (dropped afterwards). Test modules wrap it in a fixture parametrized over BACKENDS."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/ledger.db"
        return
    url = postgres_test_url()
    yield url
    drop_schema(parse_database_url(url))


def opened(url: str) -> Services:
    return open_services(url, clock=fixed_clock)


def populate(url: str, events: int) -> int:
    """About `events` events of firms, lawyers, evaluations, complaints and suspensions."""
    services = opened(url)
    try:
        make_events(services.ledger, events, units_per_save=4)
        return services.db.head()
    finally:
        services.close()


def child_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    env.update(
        LEDGER_DATABASE_URL=url,
        LEDGER_SIGNING_KEY_FILE=str(tmp_path / "signing.key"),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def start_child(url: str, tmp_path: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.runner_child", *args],
        cwd=ROOT,
        env=child_env(url, tmp_path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_child(url: str, tmp_path: Path, *args: str, timeout: float = 120) -> str:
    child = start_child(url, tmp_path, *args)
    output, _ = child.communicate(timeout=timeout)
    assert child.returncode == 0, output
    return output


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def snapshot(services: Services) -> dict[str, list[str]]:
    """Every table of the database but the event log itself, rows in a stable order: the stored
    views, their tracking positions, the sealed log."""
    db = services.db
    if db.is_postgres:
        found = db.query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?",
            (db.schema,),
        )
    else:
        found = db.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    events = services.ledger.recorder.events_table_name  # type: ignore[attr-defined]
    tables: dict[str, list[str]] = {}
    for name in sorted(str(r["name"]) for r in found):
        if name == events or name.startswith("sqlite_"):
            continue
        rows = db.query(f"SELECT * FROM {db.table(name)}")
        tables[name] = sorted(repr(sorted(_plain(row).items())) for row in rows)
    return tables


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}


def rebuilt_to(services: Services, position: int) -> dict[str, list[str]]:
    """The snapshot after rebuilding every view from nothing up to `position`."""
    head = services.db.head
    services.db.head = lambda: position  # type: ignore[method-assign]
    try:
        services.runner.rebuild_all()
    finally:
        services.db.head = head  # type: ignore[method-assign]
    return snapshot(services)
