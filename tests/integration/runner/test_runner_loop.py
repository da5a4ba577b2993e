"""The runner loop keeps views current without reads: as `ledger serve`'s background thread
(started and stopped by the app's lifespan) and woken by LISTEN/NOTIFY on PostgreSQL. It also
drives the verifiable log, and a failure there does not stop it."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.consistency import projection_loop
from api.http.app import create_app
from api.services import Services
from api.settings import Settings
from domain.core.values import (
    EventMeta,
    OrganizationKind,
)
from domain.registry.organizations import OrganizationDetails
from projections.runner.loop import ProjectionLoop
from store.postgres import NotifyListener, notify_channel
from tests.conftest import CLERK
from tests.integration.runner_support import wait_until


def _register(services: Services, number: str) -> int:
    meta = EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 1, 2), command_id=number)
    details = OrganizationDetails(name=f"所{number}")
    result = services.ledger.register_organization(meta, OrganizationKind.LAW_FIRM, number, details)
    assert result.position is not None
    return result.position


def _current(services: Services) -> bool:
    head = services.db.head()
    return all(p == head for p in services.runner.positions().values())


def test_a_running_loop_keeps_every_view_current_without_reads(any_services: Services) -> None:
    loop = projection_loop(any_services, poll_seconds=0.05)
    loop.start()
    try:
        for n in range(3):
            _register(any_services, f"LOOP-{n}")
            wait_until(lambda: _current(any_services), 10, "the views to catch up")
    finally:
        loop.stop_and_join()
    assert loop._thread is None
    rows = any_services.db.query(f"SELECT number FROM {any_services.registry.table}")
    assert sorted(r["number"] for r in rows) == ["LOOP-0", "LOOP-1", "LOOP-2"]


def test_the_loop_drives_the_verifiable_log(any_services: Services) -> None:
    _register(any_services, "SEAL-1")
    loop = projection_loop(any_services, poll_seconds=0.05)
    loop.run_once()
    assert any_services.integrity.sealed_size() == any_services.db.event_count()


def test_a_failing_periodic_step_is_logged_and_the_loop_goes_on(
    any_services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("the signing key is unreadable")

    loop = ProjectionLoop(any_services.runner, poll_seconds=0.05, after_catch_up=broken)
    _register(any_services, "FAIL-1")
    with caplog.at_level(logging.ERROR, logger="ledger.projections"):
        loop.run_once()
        _register(any_services, "FAIL-2")
        loop.run_once()
    assert _current(any_services)
    failures = [r for r in caplog.records if "periodic work" in r.getMessage()]
    assert len(failures) == 2 and "unreadable" in str(
        failures[0].exc_info and failures[0].exc_info[1]
    )


def test_a_failing_pass_is_retried_not_fatal(
    services: Services, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = ProjectionLoop(services.runner, poll_seconds=0.05, retry_seconds=0.01)
    calls: list[int] = []
    catch_up_all = services.runner.catch_up_all

    def flaky(**kwargs: object) -> dict[str, int]:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database restarting")
        positions = catch_up_all(**kwargs)  # type: ignore[arg-type]
        loop.stop()
        return positions

    monkeypatch.setattr(services.runner, "catch_up_all", flaky)
    _register(services, "RETRY-1")
    with caplog.at_level(logging.ERROR, logger="ledger.projections"):
        loop.run()
    assert len(calls) == 2 and _current(services)
    assert any("database restarting" in str(r.exc_info and r.exc_info[1]) for r in caplog.records)


# -- ledger serve: the lifespan's background thread -----------------------------------------------


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path}/serve.db",
        signing_key_file=tmp_path / "signing.key",
        projections_poll_seconds=0.05,
        **values,  # type: ignore[arg-type]
    )


def test_serve_keeps_in_process_views_current_without_reads(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))
    with TestClient(app):
        services: Services = app.state.services
        assert services.views_in_process
        _register(services, "SERVE-1")
        wait_until(lambda: _current(services), 10, "the background thread")
    assert "ledger-projections" not in [t.name for t in threading.enumerate()]  # stopped


def test_serve_with_external_projections_never_writes_views(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, projections="external"))
    with TestClient(app):
        services: Services = app.state.services
        assert not services.views_in_process
        before = services.runner.positions()
        _register(services, "EXT-1")
        time.sleep(0.3)
        assert services.runner.positions() == before


# -- PostgreSQL: LISTEN/NOTIFY ------------------------------------------------------------------


@pytest.mark.postgres
def test_an_insert_notifies_the_schema_channel(postgres_services: Services) -> None:
    listener = NotifyListener(postgres_services.config)
    try:
        assert listener.wait(0.1)  # connecting: look once, something may have been missed
        assert not listener.wait(0.2)  # nothing written: a timeout
        _register(postgres_services, "PG-N1")
        assert listener.wait(5)
        assert not listener.wait(0.2)  # one transaction, one wake-up
    finally:
        listener.close()
    assert listener.channel == notify_channel(postgres_services.db.schema)


@pytest.mark.postgres
def test_the_notify_trigger_is_created_once(postgres_services: Services) -> None:
    postgres_services.runner.create_tables()
    postgres_services.runner.create_tables()
    rows = postgres_services.db.query(
        "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ? AND t.tgname LIKE ?",
        (postgres_services.db.schema, "%notify"),
    )
    assert len(rows) == 1


@pytest.mark.postgres
def test_a_notified_loop_catches_up_long_before_its_poll(postgres_services: Services) -> None:
    loop = projection_loop(postgres_services, poll_seconds=60)
    loop.start()
    try:
        wait_until(lambda: loop.passes >= 2, 30, "the loop to listen")  # the pass on LISTEN
        passes = loop.passes
        _register(postgres_services, "PG-N2")
        wait_until(lambda: _current(postgres_services), 20, "a NOTIFY wake-up (poll is 60 s)")
        assert loop.passes > passes
    finally:
        loop.stop_and_join()
