"""Helpers for the verifiable-log tests: recording events, reading the events table without the
code under test, and tampering with it the way a superuser could."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from api.services import Services
from domain.core.values import (
    EventMeta,
    OrganizationKind,
)
from domain.registry.organizations import OrganizationDetails
from tests.conftest import CLERK


def record(services: Services, count: int, prefix: str | None = None) -> list[UUID]:
    """Register `count` law firms (two stored events each: the registration and the command's
    receipt); returns their ids."""
    prefix = prefix or f"IT-{uuid.uuid4().hex[:6]}"
    ids = []
    for n in range(count):
        meta = EventMeta(
            actor=CLERK,
            reason="integrity test",
            effective_on=date(2024, 1, 2),
            command_id=f"{prefix}-{n}",
        )
        result = services.ledger.register_organization(
            meta, OrganizationKind.LAW_FIRM, f"{prefix}-{n}", OrganizationDetails(name=f"所{n}")
        )
        ids.append(result.subject_id)
    return ids


def stored(services: Services) -> list[dict[str, Any]]:
    """Every stored event, in log order: position, originator (UUID), version, topic, state."""
    rows = services.db.query(
        "SELECT {position} AS position, originator_id, originator_version, topic, state "
        "FROM {events} ORDER BY {position}"
    )
    for row in rows:
        oid = row["originator_id"]
        row["originator_id"] = oid if isinstance(oid, UUID) else UUID(str(oid))
        row["state"] = bytes(row["state"])
    return rows


Execute = Callable[[str, Sequence[Any]], None]


@contextmanager
def guards_bypassed(services: Services) -> Iterator[Execute]:
    """A session that may UPDATE and DELETE stored events, as a superuser could make one:
    PostgreSQL skips the append-only triggers under session_replication_role = replica;
    on SQLite the triggers are dropped (their names are in store/recorders.py)."""
    db = services.db
    with db.transaction() as cursor:
        if db.is_postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for operation in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {db.events_table}_no_{operation}")

        def execute(statement: str, params: Sequence[Any] = ()) -> None:
            db.execute(cursor, statement, params)

        yield execute


def change_one_byte(services: Services, position: int) -> None:
    row = next(r for r in stored(services) if r["position"] == position)
    state = bytearray(row["state"])
    state[len(state) // 2] ^= 0x01
    with guards_bypassed(services) as execute:
        execute("UPDATE {events} SET state = ? WHERE {position} = ?", (bytes(state), position))


def delete(services: Services, position: int) -> None:
    with guards_bypassed(services) as execute:
        execute("DELETE FROM {events} WHERE {position} = ?", (position,))


def swap_states(services: Services, a: int, b: int) -> None:
    rows = {r["position"]: r for r in stored(services) if r["position"] in (a, b)}
    with guards_bypassed(services) as execute:
        execute("UPDATE {events} SET state = ? WHERE {position} = ?", (rows[b]["state"], a))
        execute("UPDATE {events} SET state = ? WHERE {position} = ?", (rows[a]["state"], b))


def rewrite(services: Services, position: int, assignment: str) -> None:
    """UPDATE one stored row with `assignment` (SQL, e.g. "state = NULL"), guards bypassed."""
    with guards_bypassed(services) as execute:
        execute(f"UPDATE {{events}} SET {assignment} WHERE {{position}} = ?", (position,))
