"""A runner killed in the middle of a batch loses nothing and applies nothing twice.

`ledger project` runs as a child process against a SQLite file or a PostgreSQL schema and is
SIGKILLed: once while it holds a batch's transaction open with half the batch's rows written,
and at random moments while it catches up. Every stored view must then hold exactly what a
rebuild up to its tracking position holds, and after a restart exactly what a full rebuild
holds.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from subprocess import Popen

import pytest

from tests.integration.runner_support import (
    BACKENDS,
    child_database,
    opened,
    populate,
    rebuilt_to,
    run_child,
    snapshot,
    start_child,
    wait_until,
)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from child_database(request.param, tmp_path)


def test_a_runner_killed_mid_batch_leaves_no_partial_batch_and_resumes_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    head = populate(database_url, 600)
    marker = tmp_path / "paused.json"
    child = start_child(
        database_url,
        tmp_path,
        "project",
        "--once",
        "--batch",
        "50",
        RUNNER_PAUSE_MARKER=str(marker),
        RUNNER_PAUSE_AFTER="8",  # a few batches commit first
    )
    try:
        wait_until(lambda: marker.exists() or child.poll() is not None, 90, "the pause")
        assert marker.exists(), child.communicate()[0]
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    paused = json.loads(marker.read_text(encoding="utf-8"))

    services = opened(database_url)
    try:
        positions = services.runner.positions()
        # The views advance together, one transaction a batch: all stand where the last
        # committed batch left them, before the batch that was killed.
        assert len(set(positions.values())) == 1, positions
        reached = positions[paused["view"]]
        assert 0 < reached < min(paused["positions"]) <= head
        after_kill = snapshot(services)
        assert after_kill == rebuilt_to(services, reached)
    finally:
        services.close()

    output = run_child(database_url, tmp_path, "project", "--once", "--batch", "50")
    assert "Caught up" in output
    services = opened(database_url)
    try:
        assert set(services.runner.positions().values()) == {head}
        resumed = snapshot(services)
        assert resumed == rebuilt_to(services, head)
    finally:
        services.close()


def test_runners_killed_at_random_moments_leave_the_views_a_rebuild_would_build(
    database_url: str, tmp_path: Path
) -> None:
    head = populate(database_url, 600)
    seed = random.randrange(2**32)
    chance = random.Random(seed)
    services = opened(database_url)
    try:
        for _ in range(2):
            before = min(services.runner.positions().values())
            child = start_child(
                database_url,
                tmp_path,
                *("project", "--batch", "7", "--poll", "5"),
                RUNNER_SLOW_SECONDS="0.01",  # catching up takes seconds: killed on the way
            )

            def applied(before: int = before, child: Popen[str] = child) -> bool:
                assert child.poll() is None, child.communicate()[0]
                return min(services.runner.positions().values()) > before

            try:
                wait_until(applied, 90, "a batch")
                time.sleep(chance.uniform(0.0, 0.3))  # then kill it wherever it is
            finally:
                child.send_signal(signal.SIGKILL)
                child.communicate()
            positions = services.runner.positions()
            assert len(set(positions.values())) == 1, positions
            reached = positions["registry"]
            assert before < reached < head, f"seed {seed}: killed after it was done"
            assert snapshot(services) == rebuilt_to(services, reached), f"seed {seed}"
        run_child(database_url, tmp_path, "project", "--once")
        assert set(services.runner.positions().values()) == {head}, f"seed {seed}"
        assert snapshot(services) == rebuilt_to(services, head), f"seed {seed}"
    finally:
        services.close()
