"""The Merkle log: a stored view that seals every stored event, in log order, as a leaf of an
RFC 9162 tree, plus the reads proofs need.

Storage (chosen so sealing runs near hashing speed and a proof is a few reads):
- `merkle_chunks`: one row per run of CHUNK (1024) consecutive leaves: the leaf hashes (32
  bytes each), the log positions they seal (u64be each), the originator ids (16 bytes each)
  and the roots of its complete runs of MID (32) leaves, as blobs. Only the last row is ever
  rewritten, while it fills. Leaf index != log position (PostgreSQL's notification ids can
  have gaps), so the positions blob is the position <-> leaf index mapping; `first_position`
  is indexed to find a position's chunk.
- `merkle_nodes`: the hash of every complete aligned subtree of CHUNK or more leaves,
  (level, index) -> hash, written once when it completes (about 2 rows per chunk).
Any subtree a proof needs is then a stored node, or hashed on demand from at most MID - 1 leaf
hashes plus CHUNK / MID - 1 run roots of one chunk: an inclusion or consistency proof costs
one node query, at most two chunk reads and about a hundred hashes, whatever the log's size.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from projections.integrity.leaves import (
    Leaves,
    StoredRows,
)
from projections.integrity.merkle import (
    Frontier,
    Subtree,
    complete_subtree,
    decompose,
    subtree_in,
)
from projections.runner.views import PositionedEvent
from store.database import Database

CHUNK_LEVEL = 10
BATCH = 10_000
CACHED_CHUNKS = 16


@dataclass
class Tail:
    """The last chunk, complete or filling."""

    chunk: int
    leaves: bytearray
    positions: bytearray
    subjects: bytearray
    mids: bytearray

    @property
    def count(self) -> int:
        return len(self.leaves) // 32


@dataclass(frozen=True)
class SealedLeaf:
    index: int
    position: int
    leaf_hash: bytes
    subject: UUID


Seen = dict[int, Any]  # chunk rows already read in a transaction, by chunk number


class MerkleLogView:
    """A StoredView (see projections.runner) over every topic. Under the runner, `apply` reads
    back the raw rows of the positions it is given; `catch_up` does the same work without
    decoding events first, under the same exactly-once tracking row."""

    name = "merkle"
    topics: Sequence[str] = ()

    def __init__(self, db: Database, chunk_level: int = CHUNK_LEVEL) -> None:
        self.chunk_level = chunk_level
        self.chunk_size = 1 << chunk_level
        self.mid_level = chunk_level // 2
        self.schema = f"merkle-2/chunk-{self.chunk_size}"
        self.rows = StoredRows(db)
        self.chunks = db.table("merkle_chunks")
        self.nodes = db.table("merkle_nodes")
        self.tracking = db.table("view_tracking")
        blob = "BYTEA" if db.is_postgres else "BLOB"
        index = self.chunks.replace('"', "").replace(".", "_") + "_first"
        self._ddl = [
            f"CREATE TABLE IF NOT EXISTS {self.chunks} (chunk BIGINT PRIMARY KEY, "
            f"first_position BIGINT NOT NULL, leaves {blob} NOT NULL, positions {blob} NOT NULL, "
            f"subjects {blob} NOT NULL, mids {blob} NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {index} ON {self.chunks} (first_position)",
            f"CREATE TABLE IF NOT EXISTS {self.nodes} (level INTEGER NOT NULL, idx BIGINT NOT NULL, "
            f"hash {blob} NOT NULL, PRIMARY KEY (level, idx))",
        ]
        if db.is_postgres:  # hashes do not compress: spare the server trying on every rewrite
            self._ddl += [
                f"ALTER TABLE {self.chunks} ALTER COLUMN {column} SET STORAGE EXTERNAL"
                for column in ("leaves", "subjects", "mids")
            ]
        # Sealed subtrees never change and chunk rows only grow, so proofs may reuse what was
        # read before (a proof is checked against a signed root whatever its hashes' source).
        # `drop` forgets them: a rebuilt tree is read afresh.
        self._node_cache: dict[Subtree, bytes] = {}
        self._chunk_cache: OrderedDict[int, Any] = OrderedDict()

    @staticmethod
    def _query(db: Database, cursor: Any, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        if db.is_postgres:  # blobs in binary: no hex text to decode
            cursor.execute(db.sql(statement), tuple(params), binary=True)
        else:
            db.execute(cursor, statement, params)
        return cursor.fetchall()  # type: ignore[no-any-return]

    # -- StoredView ------------------------------------------------------------------------------

    def create(self, db: Database, cursor: Any) -> None:
        for statement in self._ddl:
            db.execute(cursor, statement)

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.chunks}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.nodes}")
        self._node_cache.clear()
        self._chunk_cache.clear()

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        if not events:
            return
        tail = self.tail(db, cursor)
        after = self.last_position(tail)
        upto = max(position for position, _ in events)
        leaves = self.rows.leaves(db, cursor, after=after, limit=upto - after, upto=upto)
        self.seal(db, cursor, leaves, tail)

    # -- sealing ---------------------------------------------------------------------------------

    def catch_up(
        self,
        db: Database,
        batch: int = BATCH,
        report: Callable[[int, int], None] | None = None,
        *,
        from_bytes: bool = False,
    ) -> int:
        """Seal everything recorded so far, `batch` rows per transaction; returns the tree size.
        Exactly once: the tracking row moves by compare-and-set in the sealing transaction.
        `report(tree size, last sealed position)` follows each committed batch."""
        while True:
            with db.transaction() as cursor:
                db.execute(
                    cursor, f"SELECT position FROM {self.tracking} WHERE name = ?", (self.name,)
                )
                position = int(cursor.fetchone()["position"])
                leaves = self.rows.leaves(
                    db, cursor, after=position, limit=batch, from_bytes=from_bytes
                )
                if not leaves:
                    return self.size(db, cursor)
                db.execute(
                    cursor,
                    f"UPDATE {self.tracking} SET position = ? WHERE name = ? AND position = ? "
                    "RETURNING position",
                    (leaves.positions[-1], self.name, position),
                )
                if cursor.fetchone() is None:
                    continue  # another sealer moved first; look again
                size = self.seal(db, cursor, leaves)
            if report is not None:
                report(size, leaves.positions[-1])
            if len(leaves) < batch:
                return size

    def seal(self, db: Database, cursor: Any, leaves: Leaves, tail: Tail | None = None) -> int:
        """Append leaves (in log order, after everything sealed); returns the tree size."""
        tail = tail or self.tail(db, cursor)
        if leaves and leaves.positions[0] <= self.last_position(tail):
            raise ValueError("leaves must follow the last sealed position")
        frontier: Frontier | None = None
        changed: list[Tail] = []
        nodes: list[tuple[int, int, bytes]] = []
        run = 32 << self.mid_level  # bytes of leaf hashes under one mid root
        i = 0
        while i < len(leaves):
            if tail.count == self.chunk_size:
                tail = Tail(tail.chunk + 1, bytearray(), bytearray(), bytearray(), bytearray())
            take = min(self.chunk_size - tail.count, len(leaves) - i)
            tail.leaves += b"".join(leaves.hashes[i : i + take])
            tail.positions += struct.pack(f">{take}Q", *leaves.positions[i : i + take])
            tail.subjects += b"".join(leaves.subjects[i : i + take])
            i += take
            for start in range(len(tail.mids) // 32 * run, len(tail.leaves) - run + 1, run):
                tail.mids += complete_subtree(bytes(tail.leaves[start : start + run]))
            changed.append(tail)
            if tail.count == self.chunk_size:
                if frontier is None:
                    frontier = self._frontier(db, cursor, tail.chunk)
                nodes += frontier.push(self.chunk_level, complete_subtree(bytes(tail.mids)))
        self._write(db, cursor, changed, nodes)
        return (tail.chunk << self.chunk_level) + tail.count

    def _frontier(self, db: Database, cursor: Any, chunk: int) -> Frontier:
        """The right edge of the tree made by chunks [0, chunk), from stored nodes."""
        frontier = Frontier()
        keys = decompose(0, chunk << self.chunk_level)
        known = self._nodes(db, cursor, keys)
        frontier.nodes = [(level, known[(level, index)]) for level, index in keys]
        frontier.size = chunk << self.chunk_level
        return frontier

    def _write(
        self, db: Database, cursor: Any, changed: list[Tail], nodes: list[tuple[int, int, bytes]]
    ) -> None:
        if changed:
            cursor.executemany(
                db.sql(
                    f"INSERT INTO {self.chunks} "
                    "(chunk, first_position, leaves, positions, subjects, mids) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chunk) DO UPDATE SET "
                    "leaves = excluded.leaves, positions = excluded.positions, "
                    "subjects = excluded.subjects, mids = excluded.mids"
                ),
                [
                    (
                        t.chunk,
                        int.from_bytes(t.positions[:8], "big"),
                        bytes(t.leaves),
                        bytes(t.positions),
                        bytes(t.subjects),
                        bytes(t.mids),
                    )
                    for t in changed
                ],
            )
        if nodes:
            cursor.executemany(
                db.sql(f"INSERT INTO {self.nodes} (level, idx, hash) VALUES (?, ?, ?)"), nodes
            )

    # -- reads -----------------------------------------------------------------------------------

    def tail(self, db: Database, cursor: Any) -> Tail:
        rows = self._query(
            db,
            cursor,
            f"SELECT chunk, leaves, positions, subjects, mids FROM {self.chunks} "
            "ORDER BY chunk DESC LIMIT 1",
        )
        if not rows:
            return Tail(0, bytearray(), bytearray(), bytearray(), bytearray())
        row = rows[0]
        return Tail(
            int(row["chunk"]),
            bytearray(row["leaves"]),
            bytearray(row["positions"]),
            bytearray(row["subjects"]),
            bytearray(row["mids"]),
        )

    @staticmethod
    def last_position(tail: Tail) -> int:
        return int.from_bytes(tail.positions[-8:], "big") if tail.positions else 0

    def size(self, db: Database, cursor: Any | None = None) -> int:
        """How many leaves are sealed."""
        if cursor is None:
            with db.reading() as cursor:
                return self.size(db, cursor)
        rows = self._query(
            db,
            cursor,
            f"SELECT chunk, LENGTH(leaves) AS n FROM {self.chunks} ORDER BY chunk DESC LIMIT 1",
        )
        if not rows:
            return 0
        return (int(rows[0]["chunk"]) << self.chunk_level) + int(rows[0]["n"]) // 32

    def _nodes(self, db: Database, cursor: Any, keys: Collection[Subtree]) -> dict[Subtree, bytes]:
        found = {k: self._node_cache[k] for k in keys if k in self._node_cache}
        wanted = [k for k in keys if k not in found]
        if not wanted:
            return found
        where = " OR ".join(["(level = ? AND idx = ?)"] * len(wanted))
        rows = self._query(
            db,
            cursor,
            f"SELECT level, idx, hash FROM {self.nodes} WHERE {where}",
            [value for key in wanted for value in key],
        )
        read = {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in rows}
        missing = set(wanted) - set(read)
        if missing:
            raise LookupError(f"stored subtrees missing: {sorted(missing)}")
        if len(self._node_cache) > 1_000_000:
            self._node_cache.clear()
        self._node_cache.update(read)
        return found | read

    def chunk_rows(self, db: Database, cursor: Any, chunks: Collection[int]) -> dict[int, Any]:
        if not chunks:
            return {}
        rows = self._query(
            db,
            cursor,
            f"SELECT chunk, first_position, leaves, positions, subjects, mids FROM {self.chunks} "
            f"WHERE chunk IN ({', '.join('?' * len(chunks))})",
            list(chunks),
        )
        return {int(r["chunk"]): r for r in rows}

    def subtrees(
        self, db: Database, keys: Collection[Subtree], cursor: Any, seen: Seen | None = None
    ) -> dict[Subtree, bytes]:
        """Hashes of complete aligned subtrees: stored nodes from `merkle_nodes`, smaller ones
        hashed from their chunk's mid roots and leaves. `seen` holds chunk rows already read in
        this transaction. LookupError if a subtree is not sealed."""
        seen = {} if seen is None else seen
        small = [k for k in keys if k[0] < self.chunk_level]
        found = self._nodes(db, cursor, [k for k in keys if k[0] >= self.chunk_level])
        reach: dict[int, int] = {}  # chunk -> leaves it must hold for the subtrees asked
        for level, index in small:
            first = index << level
            chunk = first >> self.chunk_level
            end = (first & (self.chunk_size - 1)) + (1 << level)
            reach[chunk] = max(reach.get(chunk, 0), end)
        for chunk, end in reach.items():
            cached = self._chunk_cache.get(chunk)
            if chunk not in seen and cached is not None and len(cached["leaves"]) >= end * 32:
                seen[chunk] = cached
        seen.update(self.chunk_rows(db, cursor, set(reach) - set(seen)))
        for chunk in reach:
            if chunk in seen:
                self._chunk_cache[chunk] = seen[chunk]
                self._chunk_cache.move_to_end(chunk)
        while len(self._chunk_cache) > CACHED_CHUNKS:
            self._chunk_cache.popitem(last=False)
        for level, index in small:
            first = index << level
            row = seen.get(first >> self.chunk_level)
            offset = first & (self.chunk_size - 1)
            if level >= self.mid_level:  # from the roots of runs of MID leaves
                hashes = bytes(row["mids"]) if row is not None else b""
                offset, height = offset >> self.mid_level, level - self.mid_level
            else:
                hashes = bytes(row["leaves"]) if row is not None else b""
                height = level
            if (offset + (1 << height)) * 32 > len(hashes):
                raise LookupError(f"subtree {(level, index)} is beyond the sealed leaves")
            found[(level, index)] = subtree_in(hashes, offset, height)
        return found

    def source(
        self, db: Database, cursor: Any | None = None, seen: Seen | None = None
    ) -> SealedTree:
        return SealedTree(self, db, cursor, seen)

    def leaf_of(
        self, db: Database, position: int, cursor: Any | None = None, seen: Seen | None = None
    ) -> SealedLeaf | None:
        """The sealed leaf of a log position, or None if that position is not sealed. The chunk
        row read goes into `seen`, for proofs in the same transaction."""
        if cursor is None:
            with db.reading() as cursor:
                return self.leaf_of(db, position, cursor, seen)
        rows = self._query(
            db,
            cursor,
            f"SELECT chunk, first_position, leaves, positions, subjects, mids FROM {self.chunks} "
            "WHERE first_position <= ? ORDER BY first_position DESC LIMIT 1",
            (position,),
        )
        if not rows:
            return None
        row = rows[0]
        if seen is not None:
            seen[int(row["chunk"])] = row
        positions = bytes(row["positions"])
        sealed = struct.unpack(f">{len(positions) // 8}Q", positions)
        i = bisect_left(sealed, position)
        if i == len(sealed) or sealed[i] != position:
            return None
        return self._leaf(row, i)

    def leaf_at(self, db: Database, index: int, cursor: Any | None = None) -> SealedLeaf:
        """The sealed leaf with a given leaf index (which must be sealed)."""
        if cursor is None:
            with db.reading() as cursor:
                return self.leaf_at(db, index, cursor)
        chunk = index >> self.chunk_level
        row = self.chunk_rows(db, cursor, [chunk])[chunk]
        return self._leaf(row, index & (self.chunk_size - 1))

    def _leaf(self, row: Any, i: int) -> SealedLeaf:
        return SealedLeaf(
            index=(int(row["chunk"]) << self.chunk_level) + i,
            position=int.from_bytes(bytes(row["positions"])[i * 8 : i * 8 + 8], "big"),
            leaf_hash=bytes(row["leaves"])[i * 32 : i * 32 + 32],
            subject=UUID(bytes=bytes(row["subjects"])[i * 16 : i * 16 + 16]),
        )


class SealedTree:
    """The sealed tree as a SubtreeSource (see projections.integrity.merkle), read in `cursor`'s
    transaction (or a new one per bulk read)."""

    def __init__(
        self,
        view: MerkleLogView,
        db: Database,
        cursor: Any | None = None,
        seen: Seen | None = None,
    ) -> None:
        self.view = view
        self.db = db
        self.cursor = cursor
        self.seen = seen

    def subtrees(self, keys: Collection[Subtree]) -> dict[Subtree, bytes]:
        if self.cursor is None:
            with self.db.reading() as cursor:
                return self.view.subtrees(self.db, keys, cursor, self.seen)
        return self.view.subtrees(self.db, keys, self.cursor, self.seen)
