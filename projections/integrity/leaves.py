"""From the events table to leaves: stored rows read back raw (exactly as stored, never via a
decoded domain event) and their leaf hashes SHA-256(0x00 || d), d = `proofs.encode_event(...)`.

Two ways to the same leaves: in Python (`hash_leaves`, used on SQLite and by `ledger verify`
everywhere) and, on PostgreSQL, in SQL next to the stored bytes (`PG_LEAF`), which sends 60 bytes
per event over the wire instead of the whole state and hashes in the server process. Tests hold
both equal to `encode_event`, and `ledger verify` recomputes every leaf in Python.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from uuid import UUID

from store.database import Database
from store.stored_rows import check_row

# A stored event as read back: (position, originator id as 16 bytes, version, topic, state).
RawEvent = tuple[int, bytes, int, str, bytes]

_LEAF = sha256(b"\x00")  # copied per leaf: cheaper than starting a new hash with OpenSSL 3
_HEAD = struct.Struct(">Q16sQ").pack  # position, originator id, version
_LENGTH = struct.Struct(">I").pack

# NULL topic or state (never written by the ledger; a superuser's doing) hash as empty, as in
# `as_hashed`: sealing goes on, and `ledger verify` reports the row.
PG_LEAF = (
    "sha256('\\x00'::bytea || int8send({position}) || uuid_send(originator_id) "
    "|| int8send(originator_version) "
    "|| int4send(octet_length(convert_to(coalesce(topic, ''), 'UTF8'))) "
    "|| convert_to(coalesce(topic, ''), 'UTF8') "
    "|| int4send(octet_length(coalesce(state, ''::bytea))) || coalesce(state, ''::bytea))"
)
_U64 = 1 << 64


def originator_bytes(value: Any) -> bytes:
    """A stored originator id as its 16 UUID bytes: bytea from PostgreSQL (read with
    uuid_send), hex text from SQLite. Raises ValueError for anything that is not a UUID."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        if len(raw) != 16:
            raise ValueError("an originator id is 16 bytes")
        return raw
    if isinstance(value, UUID):
        return value.bytes
    text = str(value)
    if len(text) == 32:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    return UUID(text).bytes


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if value is None:
        return b""
    return str(value).encode("utf-8", errors="surrogatepass")


def as_hashed(row: Sequence[Any]) -> tuple[int, bytes, int, bytes, bytes]:
    """A stored row that is not what the ledger writes (another SQLite type, NULL, an id that
    is no UUID), as the leaf encoding takes it: text as its UTF-8 bytes, NULL as empty, a
    number as its digits, an unreadable id as 16 zero bytes. Sealing never stops at such a
    row; `ledger verify` names it (store.stored_rows.row_problem)."""
    position, oid, version, topic, state = row
    try:
        oid = originator_bytes(oid)
    except (ValueError, TypeError):
        oid = bytes(16)
    try:
        number = int(version)
    except (TypeError, ValueError):
        number = 0
    return int(position), oid, number % _U64, _as_bytes(topic), _as_bytes(state)


def _hash_as_stored(row: Sequence[Any]) -> tuple[bytes, bytes]:
    position, oid, version, topic, state = as_hashed(row)
    d = b"".join((_HEAD(position, oid, version), _LENGTH(len(topic)), topic))
    h = _LEAF.copy()
    h.update(d + _LENGTH(len(state)) + state)
    return h.digest(), oid


def hash_leaves(rows: Sequence[tuple[Any, ...]]) -> tuple[list[bytes], list[bytes]]:
    """(leaf hashes, originator ids as 16 bytes) of stored rows (position, originator id as
    stored, version, topic, state). `encode_event` written out inline, because this loop is
    the sealing rate on SQLite; a row of other types takes the slow path (`as_hashed`)."""
    prefixes: dict[str, bytes] = {}
    leaves: list[bytes] = []
    subjects: list[bytes] = []
    copy, fromhex = _LEAF.copy, bytes.fromhex
    for row in rows:
        position, oid, version, topic, state = row
        try:
            if oid.__class__ is not bytes or len(oid) != 16:
                oid = (
                    fromhex(oid)
                    if oid.__class__ is str and len(oid) == 32
                    else originator_bytes(oid)
                )
            prefix = prefixes.get(topic)
            if prefix is None:
                name = topic.encode("utf-8")
                prefix = prefixes[topic] = _LENGTH(len(name)) + name
            h = copy()
            h.update(b"".join((_HEAD(position, oid, version), prefix, _LENGTH(len(state)), state)))
            leaf = h.digest()
        except (TypeError, ValueError, AttributeError, struct.error):
            leaf, oid = _hash_as_stored(row)
        leaves.append(leaf)
        subjects.append(oid)
    return leaves, subjects


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
        self, db: Database, cursor: Any, *, after: int, limit: int, upto: int | None = None
    ) -> Leaves:
        """The leaves of the stored events after log position `after`."""
        if not db.is_postgres:
            return Leaves.of_rows(self.raw(db, cursor, after=after, limit=limit, upto=upto))
        columns = f"uuid_send(originator_id), {PG_LEAF}"
        rows = self.raw(db, cursor, after=after, limit=limit, upto=upto, columns=columns)
        return Leaves([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
