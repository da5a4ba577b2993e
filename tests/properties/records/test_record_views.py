"""Every record view, kept incrementally in batches of any size, holds the same rows as when
rebuilt in one pass, and each row is what the repository says of its aggregate at the head of
the log: its state, its columns, its keys and its open deadlines.

The log is the layout_v1 fixture (the demo district and a draw: every kind of record)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services, open_services
from projections.records.view import RecordView
from store.snapshots import decode_state
from tests.conftest import postgres_test_url
from tests.fixture_data import fixture_rows, write_events_only_ledger

CLOCK = date(2025, 1, 10)


def record_views(services: Services) -> list[RecordView]:
    return services.records.views()


def dump(services: Services, view: RecordView) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the view's tables, sorted, bytes as hex."""
    found = {}
    tables = [view.table]
    if view.kind.keys:
        tables.append(view.keys_table)
    if view.kind.deadlines is not None:
        tables.append(view.deadlines_table)
    if view.kind.counts is not None:  # a counter that came back to zero is no counter
        tables.append(view.counts_table)
    for table in tables:
        rows = services.db.query(f"SELECT * FROM {table}")
        if table == view.counts_table:
            rows = [r for r in rows if r["value"]]
        found[table] = sorted(
            tuple(bytes(v).hex() if isinstance(v, bytes | memoryview) else v for v in r.values())
            for r in rows
        )
    return found


@pytest.fixture(scope="module")
def fixture_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    path: Path = tmp_path_factory.mktemp("records") / "ledger.db"
    write_events_only_ledger(path)
    services = open_services(f"sqlite:///{path}", clock=lambda: CLOCK)
    yield services
    services.close()


def aggregates_of(view: RecordView) -> set[str]:
    """The ids of the log's aggregates of the view's kind."""
    return set(positions_of(view))


def positions_of(view: RecordView) -> dict[str, tuple[int, int]]:
    """(first, last) log position of each aggregate of the view's kind."""
    found: dict[str, tuple[int, int]] = {}
    wanted = set(view.topics)
    for r in fixture_rows():
        if r["t"] in wanted:
            first, _ = found.get(r["o"], (r["p"], r["p"]))
            found[r["o"]] = (first, r["p"])
    return found


def check_rows_are_the_repository(services: Services, view: RecordView) -> None:
    ledger = services.ledger
    rows = services.db.query(f"SELECT * FROM {view.table}")
    assert {r["id"] for r in rows} == aggregates_of(view), view.name
    positions = positions_of(view)
    for row in rows:  # ordered by opening, and as of its last event
        assert (row["opened_position"], row["position"]) == positions[row["id"]], view.name
    assert rows, f"{view.name}: the fixture has no record of this kind"
    keys = {}
    if view.kind.keys:
        for k in services.db.query(f"SELECT id, name, value FROM {view.keys_table}"):
            keys.setdefault(k["id"], set()).add((k["name"], k["value"]))
    deadlines = {}
    if view.kind.deadlines is not None:
        for d in services.db.query(f"SELECT * FROM {view.deadlines_table}"):
            deadlines.setdefault(d["id"], set()).add(
                (d["what"], d["due_on"], bool(d["provisional"]))
            )
    counted: Counter[tuple[str, str]] = Counter()
    for row in rows:
        stored = ledger.repository.get(UUID(row["id"]))
        if view.kind.counts is not None:
            for bucket, name, value in view.kind.counts(stored):
                counted[(bucket, name)] += value
        thawed = decode_state(view.kind.aggregate, stored.id, row["version"], bytes(row["state"]))
        assert type(thawed) is type(stored) and vars(thawed) == vars(stored), row["id"]
        assert row["version"] == stored.version
        for column in view.kind.columns:
            assert row[column.name] == column.value(stored), (view.name, column.name)
        expected_keys = {(spec.name, v) for spec in view.kind.keys for v in spec.values(stored)}
        assert keys.get(row["id"], set()) == expected_keys
        if view.kind.deadlines is not None:
            expected = {
                (d.what, d.on.isoformat(), d.provisional) for d in view.kind.deadlines(stored)
            }
            assert deadlines.get(row["id"], set()) == expected

    if view.kind.counts is not None:
        totals = services.db.query(f"SELECT bucket, name, value FROM {view.counts_table}")
        assert {(t["bucket"], t["name"]): t["value"] for t in totals if t["value"]} == {
            k: v for k, v in counted.items() if v
        }, view.name


@pytest.fixture(scope="module")
def rebuilt(fixture_ledger: Services) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Each record view rebuilt in one pass, checked against the repository."""
    views = record_views(fixture_ledger)
    fixture_ledger.runner.rebuild_many([v.name for v in views])
    for view in views:
        check_rows_are_the_repository(fixture_ledger, view)
    return {view.name: dump(fixture_ledger, view) for view in views}


def test_record_views_rebuilt_are_the_repository(
    rebuilt: dict[str, dict[str, list[tuple[Any, ...]]]],
) -> None:
    # Every record view was checked, each with rows of its kind (check_rows_are_the_repository).
    assert sorted(rebuilt) == [
        "records_appeals", "records_assistance_arrangements", "records_case_reviews",
        "records_checklists", "records_complaints", "records_evaluations",
        "records_imported_notarizations", "records_inspections", "records_notarizations",
        "records_sanctions", "records_spot_check_plans", "records_tokens",
    ]  # fmt: skip


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.integers(min_value=3, max_value=1500))
def test_record_views_incremental_equal_rebuilt(
    fixture_ledger: Services,
    rebuilt: dict[str, dict[str, list[tuple[Any, ...]]]],
    batch: int,
) -> None:
    views = record_views(fixture_ledger)
    # A replay in batches of `batch` events: records cut across batches load, fold and store
    # again at each one, as the runner does live.
    fixture_ledger.runner.rebuild_many([v.name for v in views], batch=batch)
    for view in views:
        assert dump(fixture_ledger, view) == rebuilt[view.name], (view.name, batch)


@pytest.mark.postgres
def test_record_views_on_postgresql_are_the_repository() -> None:
    """The same views on PostgreSQL, kept in small batches, hold what the repository says."""
    services = open_services(postgres_test_url(), clock=lambda: CLOCK)
    try:
        rows = fixture_rows()
        with services.db.transaction() as cursor:
            cursor.executemany(
                f"INSERT INTO {services.db.events_table} (notification_id, originator_id, "
                "originator_version, topic, state) VALUES (%s, %s, %s, %s, %s)",
                [(r["p"], UUID(r["o"]), r["v"], r["t"], r["s"].encode()) for r in rows],
            )
        views = record_views(services)
        services.runner.rebuild_many([v.name for v in views], batch=97)
        for view in views:
            check_rows_are_the_repository(services, view)
    finally:
        services.close()
