"""The events table is append-only in the database itself, on both backends."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from api.services import Services, open_services
from domain.core.values import (
    EventMeta,
    OrganizationKind,
)
from domain.registry.organizations import OrganizationDetails
from tests.conftest import CLERK, fixed_clock


def _record_something(services: Services) -> None:
    meta = EventMeta(actor=CLERK, reason="seed", effective_on=date(2024, 1, 2), command_id="seed-1")
    services.ledger.register_organization(
        meta, OrganizationKind.LAW_FIRM, "GUARD-1", OrganizationDetails(name="守卫所（虚构）")
    )


def _attempt(services: Services, statement: str) -> None:
    with services.db.transaction() as cursor:
        services.db.execute(cursor, statement)


STATEMENTS = {
    "update": "UPDATE {events} SET topic = 'tampered'",
    "delete": "DELETE FROM {events} WHERE originator_version = 1",
}


@pytest.mark.parametrize("operation", sorted(STATEMENTS))
def test_update_and_delete_of_events_fail(any_services: Services, operation: str) -> None:
    _record_something(any_services)
    before = any_services.db.event_count()
    with pytest.raises(Exception, match="append-only"):
        _attempt(any_services, STATEMENTS[operation])
    assert any_services.db.event_count() == before
    topics = {r["topic"] for r in any_services.db.query("SELECT topic FROM {events}")}
    assert "tampered" not in topics


def test_truncate_of_events_fails(any_services: Services) -> None:
    _record_something(any_services)
    before = any_services.db.event_count()
    # SQLite has no TRUNCATE statement: an unqualified DELETE is its truncate.
    statement = "TRUNCATE {events}" if any_services.db.is_postgres else "DELETE FROM {events}"
    with pytest.raises(Exception, match="append-only"):
        _attempt(any_services, statement)
    assert any_services.db.event_count() == before == 2


def test_guards_hold_for_a_connection_outside_the_application(tmp_path: Path) -> None:
    """The guard is in the SQLite file, not in our code: a plain sqlite3 session is refused too."""
    path = tmp_path / "ledger.db"
    services = open_services(f"sqlite:///{path}", clock=fixed_clock)
    try:
        _record_something(services)
    finally:
        services.close()
    conn = sqlite3.connect(path)
    try:
        for statement in (
            "UPDATE stored_events SET state = x'00'",
            "DELETE FROM stored_events WHERE rowid = 1",
            "DELETE FROM stored_events",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
            conn.rollback()
        assert conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0] == 2
    finally:
        conn.close()


def test_appending_still_works_after_a_refused_change(any_services: Services) -> None:
    _record_something(any_services)
    with pytest.raises(Exception, match="append-only"):
        _attempt(any_services, STATEMENTS["update"])
    meta = EventMeta(actor=CLERK, reason="more", effective_on=date(2024, 1, 3), command_id="seed-2")
    any_services.ledger.register_organization(
        meta,
        OrganizationKind.NOTARY_OFFICE,
        "GUARD-2",
        OrganizationDetails(name="守卫公证处（虚构）"),
    )
    assert any_services.db.event_count() == 4
