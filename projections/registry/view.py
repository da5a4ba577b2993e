"""The registry view: one row per organization, practitioner and inspector, for listing with
filters and cursor pagination. A pure fold (`fold`) plus its table writer (`RegistryView`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.values import LicenceStatus
from domain.registry.inspectors import Inspector
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner
from projections.runner.cursors import (
    decode_cursor,
    encode_cursor,
)
from projections.runner.views import PositionedEvent
from store.database import Database

Row = dict[str, Any]
Fold = Callable[[Row | None, Any, int], Row | None]

COLUMNS = (
    "id", "entity", "kind", "number", "name", "status", "suspended_from", "suspended_until",
    "organization_id", "unit", "members", "registered_on", "registered_position", "ended_on",
    "version", "position",
)  # fmt: skip


def _registered(entity: str) -> Fold:
    def fold(_row: Row | None, e: Any, position: int) -> Row:
        kind = getattr(e, "kind", None)
        return {
            "id": e.originator_id.hex,
            "entity": entity,
            "kind": kind.value if kind is not None else entity,
            "number": e.number.upper().replace(" ", ""),
            "name": e.details.name,
            "status": "active",
            "suspended_from": None,
            "suspended_until": None,
            "suspensions": [],
            "organization_id": None,
            "unit": getattr(e.details, "unit", None),
            "members": 0,
            "registered_on": e.meta.effective_on.isoformat(),
            "registered_position": position,
            "ended_on": None,  # revoked or deregistered on
        }

    return fold


def _set(**values: Any) -> Fold:
    def fold(row: Row | None, _e: Any, _position: int) -> Row | None:
        return None if row is None else {**row, **values}

    return fold


def _details(row: Row | None, e: Any, _position: int) -> Row | None:
    if row is None:
        return None
    return {**row, "name": e.details.name, "unit": getattr(e.details, "unit", row["unit"])}


def _suspended(row: Row | None, e: Any, _position: int) -> Row | None:
    if row is None:
        return None
    period = (e.period.starts_on.isoformat(), e.period.until.isoformat())
    periods = sorted([*row["suspensions"], period])
    return {
        **row,
        "status": LicenceStatus.SUSPENDED.value,
        "suspensions": periods,
        "suspended_from": periods[-1][0],
        "suspended_until": periods[-1][1],
    }


def _ended(**values: Any) -> Fold:
    """The record closes (licence revoked, deregistered): the first such day is kept."""

    def fold(row: Row | None, e: Any, _position: int) -> Row | None:
        if row is None:
            return None
        return {**row, **values, "ended_on": row["ended_on"] or e.meta.effective_on.isoformat()}

    return fold


def _joined(row: Row | None, e: Any, _position: int) -> Row | None:
    return None if row is None else {**row, "organization_id": e.organization_id.hex}


def _members(delta: int) -> Fold:
    def fold(row: Row | None, _e: Any, _position: int) -> Row | None:
        return None if row is None else {**row, "members": row["members"] + delta}

    return fold


_ENDS_SUSPENSION: dict[str, Any] = {
    "suspended_from": None,
    "suspended_until": None,
    "suspensions": [],
}

FOLDS: dict[str, Fold] = {}
for aggregate, entity in ((Organization, "organization"), (Practitioner, "practitioner")):
    FOLDS.update(
        {
            aggregate.Registered.TOPIC: _registered(entity),  # type: ignore[attr-defined]
            aggregate.DetailsChanged.TOPIC: _details,  # type: ignore[attr-defined]
            aggregate.LicenceSuspended.TOPIC: _suspended,  # type: ignore[attr-defined]
            aggregate.LicenceReinstated.TOPIC: _set(status="active", **_ENDS_SUSPENSION),  # type: ignore[attr-defined]
            aggregate.LicenceRevoked.TOPIC: _ended(status="revoked", **_ENDS_SUSPENSION),  # type: ignore[attr-defined]
            aggregate.Deregistered.TOPIC: _ended(  # type: ignore[attr-defined]
                status="deregistered", organization_id=None, **_ENDS_SUSPENSION
            ),
        }
    )
FOLDS.update(
    {
        Organization.MemberJoined.TOPIC: _members(+1),  # type: ignore[attr-defined]
        Organization.MemberLeft.TOPIC: _members(-1),  # type: ignore[attr-defined]
        Practitioner.Joined.TOPIC: _joined,  # type: ignore[attr-defined]
        Practitioner.Left.TOPIC: _set(organization_id=None),  # type: ignore[attr-defined]
        Inspector.Registered.TOPIC: _registered("inspector"),  # type: ignore[attr-defined]
        Inspector.DetailsChanged.TOPIC: _details,  # type: ignore[attr-defined]
        Inspector.Deactivated.TOPIC: _set(status="inactive"),  # type: ignore[attr-defined]
        Inspector.Reactivated.TOPIC: _set(status="active"),  # type: ignore[attr-defined]
    }
)


def fold(row: Row | None, event: Any, position: int) -> Row | None:
    """Apply one event to one registry row (pure). Unknown topics leave the row as it is."""
    step = FOLDS.get(type(event).TOPIC)
    if step is None:
        return row
    new = step(row, event, position)
    if new is not None:
        new = {**new, "version": event.originator_version, "position": position}
    return new


def effective_status(recorded: str, suspended_today: bool) -> str:
    """A recorded suspension is in force only within one of its periods."""
    if recorded != LicenceStatus.SUSPENDED.value:
        return recorded
    return LicenceStatus.SUSPENDED.value if suspended_today else LicenceStatus.ACTIVE.value


@dataclass(frozen=True)
class Page:
    items: list[Row]
    next_cursor: str | None


CURSOR_TAG = "r"


class RegistryView:
    name = "registry"
    schema = "registry-4"
    topics: Sequence[str] = tuple(FOLDS)

    def __init__(self, db: Database) -> None:
        self.table = db.table("registry_entries")
        self.periods = db.table("registry_suspensions")

    def create(self, db: Database, cursor: Any) -> None:
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            "id TEXT PRIMARY KEY, entity TEXT NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL, "
            "name TEXT NOT NULL, status TEXT NOT NULL, suspended_from TEXT, suspended_until TEXT, "
            "organization_id TEXT, unit TEXT, members INTEGER NOT NULL, registered_on TEXT NOT NULL, "
            "registered_position BIGINT NOT NULL, ended_on TEXT, version BIGINT NOT NULL, "
            "position BIGINT NOT NULL)",
        )
        index = self.table.replace('"', "").replace(".", "_")
        db.execute(
            cursor,
            f"CREATE INDEX IF NOT EXISTS {index}_listing ON {self.table} "
            "(entity, kind, registered_position)",
        )
        db.execute(
            cursor,
            f"CREATE INDEX IF NOT EXISTS {index}_organization ON {self.table} (organization_id)",
        )
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.periods} (id TEXT NOT NULL, starts_on TEXT NOT NULL, "
            "until TEXT NOT NULL, PRIMARY KEY (id, starts_on))",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.periods}")

    def _load(self, db: Database, cursor: Any, keys: Sequence[str]) -> dict[str, Row]:
        """The stored rows of these ids (absent ones left out), with their suspension periods."""
        found: dict[str, Row] = {
            row["id"]: {**dict(row), "suspensions": []}
            for row in db.select_in(
                cursor, f"SELECT * FROM {self.table} WHERE id IN ({{in}})", keys
            )
        }
        periods = db.select_in(
            cursor,
            f"SELECT id, starts_on, until FROM {self.periods} WHERE id IN ({{in}}) "
            "ORDER BY id, starts_on",
            keys,
        )
        for period in periods:
            found[period["id"]]["suspensions"].append((period["starts_on"], period["until"]))
        return found

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        keys = list(dict.fromkeys(event.originator_id.hex for _, event in events))
        loaded = self._load(db, cursor, keys)
        rows: dict[str, Row | None] = {key: loaded.get(key) for key in keys}
        for position, event in events:
            key = event.originator_id.hex
            rows[key] = fold(rows[key], event, position)
        written = [(key, row) for key, row in rows.items() if row is not None]
        if not written:
            return
        columns = ", ".join(COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
        statement = (
            f"INSERT INTO {self.table} ({columns}) VALUES ({', '.join('?' * len(COLUMNS))}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        # One statement each, many rows: psycopg pipelines executemany (one round trip).
        cursor.executemany(db.sql(statement), [[row[c] for c in COLUMNS] for _, row in written])
        cursor.executemany(
            db.sql(f"DELETE FROM {self.periods} WHERE id = ?"), [(key,) for key, _ in written]
        )
        periods = [(key, s, u) for key, row in written for s, u in row["suspensions"]]
        if periods:
            cursor.executemany(
                db.sql(f"INSERT INTO {self.periods} (id, starts_on, until) VALUES (?, ?, ?)"),
                periods,
            )

    # -- reads ---------------------------------------------------------------------------------

    def list(
        self,
        db: Database,
        *,
        entity: str,
        today: date,
        kind: str | None = None,
        status: str | None = None,
        organization_id: UUID | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        day = today.isoformat()
        in_force = (
            f"EXISTS (SELECT 1 FROM {self.periods} s WHERE s.id = e.id "
            "AND s.starts_on <= ? AND ? <= s.until)"
        )
        where = ["entity = ?"]
        params: list[Any] = [day, day, entity]
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if organization_id:
            where.append("organization_id = ?")
            params.append(organization_id.hex)
        if status:
            if status == LicenceStatus.SUSPENDED.value:
                where.append(f"status = 'suspended' AND {in_force}")
                params += [day, day]
            elif status == LicenceStatus.ACTIVE.value:
                where.append(f"(status = 'active' OR (status = 'suspended' AND NOT {in_force}))")
                params += [day, day]
            else:
                where.append("status = ?")
                params.append(status)
        if cursor:
            where.append("registered_position > ?")
            params.append(decode_cursor(CURSOR_TAG, cursor))
        params.append(limit + 1)
        rows = db.query(
            f"SELECT e.*, {in_force} AS suspended_today FROM {self.table} e "
            f"WHERE {' AND '.join(where)} ORDER BY registered_position LIMIT ?",
            params,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        for row in rows:
            row["status"] = effective_status(row["status"], bool(row.pop("suspended_today")))
        next_cursor = (
            encode_cursor(CURSOR_TAG, rows[-1]["registered_position"]) if more and rows else None
        )
        return Page(items=rows, next_cursor=next_cursor)
