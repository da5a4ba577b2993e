"""From the events table to leaves: stored rows read back raw (exactly as stored, never via a
decoded domain event) and their leaf hashes SHA-256(0x00 || d), d = `proofs.encode_event(...)`.

Each event's leaf is hashed when it is stored (store/leaves.py, the recorders' leaves table), so
sealing reads 56 bytes an event. An event stored without one (written before the leaves table
existed) is hashed here from its stored bytes: in Python on SQLite, in SQL on PostgreSQL
(`PG_LEAF`). Tests hold all three equal to `encode_event`, and `ledger verify` recomputes every
leaf in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.database import Database
from store.leaves import PG_LEAF, hash_leaves, originator_bytes
from store.recorders import LEAVES
from store.stored_rows import check_row

# A stored event as read back: (position, originator id as 16 bytes, version, topic, state).
RawEvent = tuple[int, bytes, int, str, bytes]


@dataclass
class Leaves:
    """A batch of leaves to seal, in log order: each event's position, originator id (16
    bytes) and leaf hash."""

    positions: list[int]
    subjects: list[bytes]
    hashes: list[bytes]

    @classmethod
    def of_rows(cls, rows: Sequence[tuple[Any, ...]]) -> Leaves:
        """From stored rows (position, originator id as stored, version, topic, state)."""
        hashes, subjects = hash_leaves(rows)
        return cls([r[0] for r in rows], subjects, hashes)

    def __len__(self) -> int:
        return len(self.positions)


class StoredRows:
    """Reads the events table in log order."""

    def __init__(self, db: Database) -> None:
        # PostgreSQL hands the uuid over as its 16 bytes; SQLite stores hex text.
        self.originator = "uuid_send(originator_id)" if db.is_postgres else "originator_id"

    def raw(
        self,
        db: Database,
        cursor: Any,
        *,
        after: int,
        limit: int,
        upto: int | None = None,
        columns: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """Stored events after log position `after`, as the driver returns them: (position,
        originator id, version, topic, state) unless other `columns` are named."""
        columns = columns or f"{self.originator}, originator_version, topic, state"
        statement = f"SELECT {{position}}, {columns} FROM {{events}} WHERE {{position}} > ?"
        params: list[int] = [after]
        if upto is not None:
            statement += " AND {position} <= ?"
            params.append(upto)
        statement += " ORDER BY {position} LIMIT ?"
        params.append(limit)
        raw = db.tuple_cursor(cursor)
        try:
            raw.execute(db.sql(statement), params)
            return raw.fetchall()  # type: ignore[no-any-return]
        finally:
            raw.close()

    def raw_at(self, db: Database, position: int) -> tuple[Any, ...] | None:
        """The stored row at a log position, as the driver returns it (None: no such row)."""
        with db.reading() as cursor:
            rows = self.raw(db, cursor, after=position - 1, upto=position, limit=1)
        return rows[0] if rows else None

    def events(
        self, db: Database, cursor: Any, *, after: int, limit: int, upto: int | None = None
    ) -> list[RawEvent]:
        """Stored events after log position `after`, exactly as stored (id as 16 bytes).
        StoredEventUnreadableError for a row that is not what the ledger wrote."""
        rows = self.raw(db, cursor, after=after, limit=limit, upto=upto)
        for row in rows:
            check_row(*row)
        return [(p, originator_bytes(o), v, t, bytes(s)) for p, o, v, t, s in rows]

    def leaves(
        self,
        db: Database,
        cursor: Any,
        *,
        after: int,
        limit: int,
        upto: int | None = None,
        from_bytes: bool = False,
    ) -> Leaves:
        """The leaves of the stored events after log position `after`: the hashes written with
        the events (the leaves table), and for an event stored without one, its hash computed
        from its stored bytes here. `from_bytes`: every hash computed from the stored bytes."""
        if from_bytes:
            return self._from_bytes(db, cursor, after=after, limit=limit, upto=upto)
        events, leaves = db.events_table, db.table(LEAVES)
        statement = (
            f"SELECT e.{{position}}, l.leaf, l.originator FROM {{events}} e "
            f"LEFT JOIN {leaves} l ON l.position = e.{{position}} WHERE e.{{position}} > ?"
        )
        params: list[int] = [after]
        if upto is not None:
            statement += " AND e.{position} <= ?"
            params.append(upto)
        statement += " ORDER BY e.{position} LIMIT ?"
        params.append(limit)
        raw = db.tuple_cursor(cursor)
        try:
            raw.execute(db.sql(statement.replace("{events}", events)), params)
            rows = raw.fetchall()
        finally:
            raw.close()
        missing = [r[0] for r in rows if r[1] is None]
        computed = self._computed(db, cursor, missing) if missing else {}
        positions, subjects, hashes = [], [], []
        for position, leaf, subject in rows:
            if leaf is None:
                subject, leaf = computed[position]
            positions.append(position)
            subjects.append(bytes(subject))
            hashes.append(bytes(leaf))
        return Leaves(positions, subjects, hashes)

    def _from_bytes(
        self, db: Database, cursor: Any, *, after: int, limit: int, upto: int | None
    ) -> Leaves:
        if not db.is_postgres:
            return Leaves.of_rows(self.raw(db, cursor, after=after, limit=limit, upto=upto))
        columns = f"uuid_send(originator_id), {PG_LEAF}"
        rows = self.raw(db, cursor, after=after, limit=limit, upto=upto, columns=columns)
        return Leaves(
            [r[0] for r in rows], [bytes(r[1]) for r in rows], [bytes(r[2]) for r in rows]
        )

    def _computed(
        self, db: Database, cursor: Any, positions: list[int]
    ) -> dict[int, tuple[bytes, bytes]]:
        """(originator, leaf) of events stored without a leaf row, hashed from their bytes: in
        Python on SQLite, next to the bytes in SQL on PostgreSQL (`PG_LEAF`)."""
        found: dict[int, tuple[bytes, bytes]] = {}
        for start in range(0, len(positions), 500):
            part = positions[start : start + 500]
            marks = ", ".join("?" * len(part))
            if db.is_postgres:
                columns = f"uuid_send(originator_id), {PG_LEAF}"
            else:
                columns = f"{self.originator}, originator_version, topic, state"
            statement = (
                f"SELECT {{position}}, {columns} FROM {{events}} WHERE {{position}} IN ({marks}) "
                "ORDER BY {position}"
            )
            raw = db.tuple_cursor(cursor)
            try:
                raw.execute(db.sql(statement), part)
                rows = raw.fetchall()
            finally:
                raw.close()
            if db.is_postgres:
                found.update({r[0]: (bytes(r[1]), bytes(r[2])) for r in rows})
            else:
                batch = Leaves.of_rows(rows)
                found.update(
                    zip(
                        batch.positions, zip(batch.subjects, batch.hashes, strict=True), strict=True
                    )
                )
        return found
