"""`ledger rebuild [NAME]` and `ledger project` at the console, on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.integrity_setup import integrity_options
from api.services import open_services
from api.settings import Settings
from projections.integrity import merkle
from tests.integration.integrity_support import change_one_byte, stored
from tests.integration.runner_support import (
    BACKENDS,
    child_database,
    opened,
    populate,
    snapshot,
    start_child,
    wait_until,
)

cli = CliRunner()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    for url in child_database(request.param, tmp_path):
        monkeypatch.setenv("LEDGER_DATABASE_URL", url)
        monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "signing.key"))
        yield url


def _kept_up(url: str) -> dict[str, list[str]]:
    services = opened(url)
    try:
        services.runner.catch_up_all()
        services.integrity.catch_up()
        return snapshot(services)
    finally:
        services.close()


def _stored(url: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    services = opened(url)
    try:
        return snapshot(services), services.runner.positions()
    finally:
        services.close()


def _sealed(url: str, checkpoint: bool = False) -> tuple[int, bytes]:
    """(tree size, root) of the verifiable log, after signing a checkpoint (with the key the
    CLI uses) if asked."""
    services = open_services(url, **integrity_options(Settings(), lambda _message: None))
    try:
        if checkpoint:
            services.integrity.checkpoint_now()
        size = services.integrity.sealed_size()
        return size, merkle.root(services.integrity.view.source(services.db), size)
    finally:
        services.close()


def test_rebuild_replays_every_view_and_prints_each_ones_rate(database_url: str) -> None:
    head = populate(database_url, 300)
    size, root = _sealed(database_url, checkpoint=True)
    kept_up = _kept_up(database_url)
    result = cli.invoke(app, ["rebuild"])
    assert result.exit_code == 0, result.output
    stored, positions = _stored(database_url)
    assert stored == kept_up and set(positions.values()) == {head}
    for name in [*positions, "merkle"]:
        assert f"{name}: " in result.output and "events/s" in result.output
    assert _sealed(database_url) == (size, root)
    assert f"has, at size {size}, the root the latest checkpoint signed" in result.output


def test_rebuild_keeps_a_sealed_log_that_shows_rewritten_events_unless_forced(
    database_url: str,
) -> None:
    populate(database_url, 60)
    size, root = _sealed(database_url, checkpoint=True)
    services = opened(database_url)
    try:
        target = stored(services)[10]["position"]
        change_one_byte(services, target)
    finally:
        services.close()

    result = cli.invoke(app, ["rebuild", "merkle"])
    assert result.exit_code == 1, result.output
    assert "merkle: not rebuilt" in result.output and f"position {target}" in result.output
    assert "registry: " not in result.output  # only the verifiable log was asked for
    assert _sealed(database_url) == (size, root)  # the evidence is still there

    forced = cli.invoke(app, ["rebuild", "merkle", "--force"])
    assert forced.exit_code == 1, forced.output
    assert f"does not have, at size {size}, the root" in forced.output
    assert _sealed(database_url)[1] != root


def test_rebuild_of_one_view_leaves_the_others(database_url: str) -> None:
    populate(database_url, 100)
    kept_up = _kept_up(database_url)
    result = cli.invoke(app, ["rebuild", "registry"])
    assert result.exit_code == 0, result.output
    assert "registry: " in result.output and "subject_index: " not in result.output
    assert _stored(database_url)[0] == kept_up


def test_rebuild_in_one_pass_builds_the_same_views(database_url: str) -> None:
    populate(database_url, 100)
    kept_up = _kept_up(database_url)
    result = cli.invoke(app, ["rebuild", "--one-pass", "--batch", "40"])
    assert result.exit_code == 0, result.output
    assert "all views: " in result.output
    assert _stored(database_url)[0] == kept_up


def test_rebuild_of_an_unknown_view_names_the_views(database_url: str) -> None:
    result = cli.invoke(app, ["rebuild", "registy"])
    assert result.exit_code == 2
    assert "no view named 'registy'" in result.output and "registry" in result.output


def test_project_keeps_views_current_and_stops_cleanly_on_sigterm(
    database_url: str, tmp_path: Path
) -> None:
    head = populate(database_url, 100)
    child = start_child(database_url, tmp_path, "project", "--poll", "0.1")
    services = opened(database_url)
    try:
        wait_until(
            lambda: set(services.runner.positions().values()) == {head} or child.poll() is not None,
            60,
            "the runner to catch up",
        )
        assert child.poll() is None
        # It keeps the verifiable log sealed too.
        wait_until(lambda: services.integrity.sealed_size() == head, 30, "the sealed log")
    finally:
        services.close()
        child.send_signal(signal.SIGTERM)
        output, _ = child.communicate(timeout=60)
    assert child.returncode == 0, output
    assert "Projecting" in output and "Stopped (SIGTERM)" in output
    if "postgresql" in database_url:
        assert "LISTEN/NOTIFY" in output
    else:
        assert "Polling every 0.1s" in output
