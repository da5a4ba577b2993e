"""The integrity service: keeps the Merkle log sealed, signs checkpoints when due, serves proofs
and offline proof bundles. Built by the composition root (`api.services.open_services`).

The runner loop calls `tick()` (catch up, then sign if N leaves or T seconds have passed since
the last checkpoint and the tree grew); `checkpoint_now()` signs on demand. Before signing, the
service checks that the tree still has, at the last checkpoint's size, the root that checkpoint
signed: a log rebuilt from rewritten events is refused rather than signed (a fork).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
    LedgerRuleError,
)
from projections.integrity import merkle
from projections.integrity.checkpoints import (
    Checkpoint,
    CheckpointPolicy,
    CheckpointStore,
    NoteSigner,
    utc_now,
)
from projections.integrity.leaves import RawEvent
from projections.integrity.log import (
    CHUNK_LEVEL,
    MerkleLogView,
    SealedLeaf,
    Seen,
)
from projections.integrity.proofs import (
    BUNDLE_FORMAT,
    decode_event,
    encode_event,
    leaf_hash,
)
from projections.runner.views import ViewRunner
from store.database import Database
from store.stored_rows import StoredEventUnreadableError


class TreeSizeBeyondLogError(LedgerRuleError):
    """A proof was asked against a tree larger than the log has sealed."""

    rule = "ProofWithinSealedLog"
    zh = "所请求的树规模超出已封存的日志"


class EventNotInTreeError(LedgerRuleError):
    """The event was sealed after the tree size the proof was asked against."""

    rule = "EventWithinTreeSize"
    zh = "该事件在所请求的检查点之后才封存"


class EventNotSealedError(LedgerRuleError):
    """The event is stored but not yet sealed into the Merkle log."""

    rule = "EventSealedBeforeProof"
    zh = "该事件尚未封存进可验证日志，请稍后再试"


class ConsistencySizesError(InvalidCommandError):
    rule = "ConsistencySizesOrdered"
    zh = "一致性证明的前一树规模不得大于后一树规模"
    field = "first"
    location = "query"


class ForkRefusedError(LedgerRuleError):
    """The tree no longer extends the last signed checkpoint: events were rewritten."""

    rule = "CheckpointsExtendEachOther"
    zh = "新检查点须延续上一个已签名检查点（日志已被改写则拒绝签名）"


class SealMismatchError(LedgerRuleError):
    """A stored event no longer hashes to the leaf sealed for it."""

    rule = "StoredEventMatchesSeal"
    zh = "存储的事件已与封存的日志不符，请运行 ledger verify"


@dataclass(frozen=True)
class InclusionProof:
    leaf: SealedLeaf
    tree_size: int
    path: list[bytes]
    root: bytes
    checkpoint: Checkpoint | None


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: bytes
    second_root: bytes
    path: list[bytes]
    first_checkpoint: Checkpoint | None
    second_checkpoint: Checkpoint | None


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class IntegrityService:
    def __init__(
        self,
        app: Application[Any],
        db: Database,
        signer: NoteSigner,
        policy: CheckpointPolicy | None = None,
        *,
        chunk_level: int = CHUNK_LEVEL,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.signer = signer
        self.policy = policy or CheckpointPolicy(origin=signer.origin)
        self.now = now
        self.view = MerkleLogView(db, chunk_level)
        self.checkpoints = CheckpointStore(db)
        self._runner = ViewRunner(app, db, [self.view])

    def create_tables(self) -> None:
        self._runner.create_tables()  # the view's tables and its tracking row
        with self.db.transaction() as cursor:
            self.checkpoints.create(cursor)

    # -- sealing and signing ---------------------------------------------------------------------

    def catch_up(
        self, report: Callable[[int, int], None] | None = None, *, from_bytes: bool = False
    ) -> int:
        """Seal every stored event not sealed yet; returns the tree size. `report(tree size,
        last sealed position)` follows each committed batch. `from_bytes`: hash every leaf
        from the stored bytes, not the hashes written with the events (a rebuild)."""
        return self.view.catch_up(self.db, report=report, from_bytes=from_bytes)

    def tick(self, now: datetime | None = None) -> Checkpoint | None:
        """Catch up, and sign a checkpoint if one is due. Returns the new checkpoint, if any."""
        size = self.catch_up()
        now = now or self.now()
        if not self.policy.due(self.checkpoints.latest(), size, now):
            return None
        checkpoint, _ = self._sign(size, now)
        return checkpoint

    def checkpoint_now(
        self, requested_by: str | None = None, reason: str | None = None
    ) -> tuple[Checkpoint, bool]:
        """Catch up and sign the current tree; (checkpoint, created). Signs nothing when the
        latest checkpoint already covers every sealed leaf (created is then False)."""
        size = self.catch_up()
        latest = self.checkpoints.latest()
        if latest is not None and latest.tree_size >= size:
            return latest, False
        return self._sign(size, self.now(), requested_by, reason)

    def _sign(
        self,
        size: int,
        now: datetime,
        requested_by: str | None = None,
        reason: str | None = None,
    ) -> tuple[Checkpoint, bool]:
        source = self.view.source(self.db)
        latest = self.checkpoints.latest()
        if latest is not None and latest.tree_size > size:
            return latest, False  # another process signed a larger tree meanwhile
        wanted = [(0, s) for s in (size, latest.tree_size if latest else 0) if s]
        hashes = merkle.range_hashes(source, wanted)
        root = hashes[0] if size else merkle.EMPTY_ROOT
        if latest is not None and (hashes[-1] if latest.tree_size else merkle.EMPTY_ROOT) != (
            latest.root
        ):
            raise ForkRefusedError(
                f"the sealed tree no longer has, at size {latest.tree_size}, the root its "
                "checkpoint signed: events were rewritten; run `ledger verify`",
                tree_size=latest.tree_size,
            )
        last = self.view.leaf_at(self.db, size - 1).position if size else 0
        note = self.signer.sign(size, root)
        checkpoint = Checkpoint(size, root, note, now, last, requested_by, reason)
        with self.db.transaction() as cursor:
            created = self.checkpoints.add(cursor, checkpoint)
        if not created:
            existing = self.checkpoints.at(size)
            assert existing is not None
            if existing.root != root:
                raise ForkRefusedError(
                    f"a checkpoint of size {size} with another root exists", tree_size=size
                )
            return existing, False
        return checkpoint, True

    def rebuild(self, report: Callable[[int, int], None] | None = None) -> int:
        """Drop the sealed tree and seal the log again from the stored events (checkpoints stay:
        they are what a rebuilt tree is held against; see `holds_checkpoint`)."""
        with self.db.transaction() as cursor:
            self.view.drop(self.db, cursor)
            self.view.create(self.db, cursor)
            self.db.execute(
                cursor,
                f"UPDATE {self.view.tracking} SET position = 0 WHERE name = ?",
                (self.view.name,),
            )
        # From the stored bytes: a rebuild trusts no hash but its own.
        return self.catch_up(report, from_bytes=True)

    def holds_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Whether the sealed tree has, at the checkpoint's size, the root it signed: false
        after a rebuild over rewritten events (then `ledger verify` says where)."""
        if checkpoint.tree_size > self.sealed_size():
            return False
        if not checkpoint.tree_size:
            return checkpoint.root == merkle.EMPTY_ROOT
        source = self.view.source(self.db)
        return merkle.range_hashes(source, [(0, checkpoint.tree_size)])[0] == checkpoint.root

    # -- reads -----------------------------------------------------------------------------------

    def sealed_size(self) -> int:
        return self.view.size(self.db)

    def latest_checkpoint(self, cursor: Any | None = None) -> Checkpoint:
        latest = self.checkpoints.latest(cursor)
        if latest is None:
            raise EntityNotFoundError("latest", "checkpoint (none signed yet)")
        return latest

    def checkpoint_at(self, size: int) -> Checkpoint:
        found = self.checkpoints.at(size)
        if found is None:
            raise EntityNotFoundError(size, "checkpoint of tree size")
        return found

    def leaf(
        self, position: int, cursor: Any | None = None, seen: Seen | None = None
    ) -> SealedLeaf:
        """The sealed leaf of a log position (404 if there is no such event, 409 if not sealed)."""
        found = self.view.leaf_of(self.db, position, cursor, seen)
        if found is not None:
            return found
        if self.view.rows.raw_at(self.db, position) is not None:
            raise EventNotSealedError(
                f"the event at log position {position} is not sealed yet; retry shortly",
                position=position,
            )
        raise EntityNotFoundError(position, "event at log position")

    def _hashes(
        self, ranges: Sequence[merkle.Range], size: int, cursor: Any, seen: Seen | None = None
    ) -> list[bytes]:
        """MTH of each range within the tree of `size` leaves, in `cursor`'s transaction."""
        try:
            return merkle.range_hashes(self.view.source(self.db, cursor, seen), ranges)
        except LookupError:
            sealed = self.view.size(self.db, cursor)
            if size > sealed:
                raise TreeSizeBeyondLogError(
                    f"tree size {size} is beyond the {sealed} sealed leaves", sealed=sealed
                ) from None
            raise

    def inclusion(self, position: int, size: int | None = None) -> InclusionProof:
        """The inclusion proof of the event at `position` in the tree of `size` leaves (by
        default the latest checkpoint's). One read transaction: the leaf's chunk, the stored
        nodes, at most one more chunk and the checkpoint, whatever the size of the log."""
        with self.db.reading() as cursor:
            size = self.latest_checkpoint(cursor).tree_size if size is None else size
            seen: Seen = {}
            leaf = self.leaf(position, cursor, seen)
            if leaf.index >= size:
                raise EventNotInTreeError(
                    f"the event at position {position} is leaf {leaf.index}, after tree size "
                    f"{size}",
                    leaf_index=leaf.index,
                )
            return self._inclusion(leaf, size, cursor, seen)

    def _inclusion(
        self, leaf: SealedLeaf, size: int, cursor: Any, seen: Seen | None = None
    ) -> InclusionProof:
        ranges = merkle.inclusion_ranges(leaf.index, size)
        *path, root = self._hashes([*ranges, (0, size)], size, cursor, seen)
        return InclusionProof(leaf, size, path, root, self.checkpoints.at(size, cursor))

    def consistency(self, first: int, second: int | None = None) -> ConsistencyProof:
        with self.db.reading() as cursor:
            second = self.latest_checkpoint(cursor).tree_size if second is None else second
            if first > second:
                raise ConsistencySizesError(
                    f"the first tree size ({first}) exceeds the second ({second})"
                )
            ranges = merkle.consistency_ranges(first, second)
            wanted = [*ranges] + [(0, s) for s in (first, second) if s]
            hashes = self._hashes(wanted, second, cursor)
            path = hashes[: len(ranges)]
            roots = iter(hashes[len(ranges) :])
            first_root = next(roots) if first else merkle.EMPTY_ROOT
            second_root = next(roots) if second else merkle.EMPTY_ROOT
            return ConsistencyProof(
                first,
                second,
                first_root,
                second_root,
                path,
                self.checkpoints.at(first, cursor),
                self.checkpoints.at(second, cursor),
            )

    def prove_positions(
        self, positions: Sequence[int], size: int
    ) -> dict[int, InclusionProof | None]:
        """Inclusion proofs of several events in the tree of `size` leaves; None for an event
        sealed after it (or not sealed yet)."""
        proofs: dict[int, InclusionProof | None] = {}
        with self.db.reading() as cursor:
            seen: Seen = {}
            self._hashes([(0, size)] if size else [], size, cursor, seen)  # size is sealed
            for position in positions:
                leaf = self.view.leaf_of(self.db, position, cursor, seen)
                proofs[position] = (
                    self._inclusion(leaf, size, cursor, seen)
                    if leaf is not None and leaf.index < size
                    else None
                )
        return proofs

    def stored_event(self, position: int) -> RawEvent | None:
        """The stored event at a log position, raw (for its canonical bytes)."""
        with self.db.reading() as cursor:
            rows = self.view.rows.events(
                self.db, cursor, after=position - 1, upto=position, limit=1
            )
        return rows[0] if rows else None

    def event_bytes(self, position: int) -> bytes:
        """The canonical bytes of a stored event, checked against its sealed leaf."""
        leaf = self.leaf(position)
        try:
            row = self.stored_event(position)
        except StoredEventUnreadableError as exc:
            raise SealMismatchError(
                f"the stored event at position {position} is not what the ledger wrote "
                f"({exc.problem}) and no longer matches its sealed leaf; run `ledger verify`",
                position=position,
            ) from None
        d = encode_event(*row) if row is not None else b""
        if leaf_hash(d) != leaf.leaf_hash:
            raise SealMismatchError(
                f"the stored event at position {position} no longer matches its sealed leaf; "
                "run `ledger verify`",
                position=position,
            )
        return d

    def bundle(self, position: int, size: int | None = None) -> dict[str, Any]:
        """An offline proof bundle: the event's bytes, its leaf index and inclusion path, and
        the signed checkpoint it leads to (`projections.proofs.verify_bundle` checks it). The
        public key is not in it: whoever verifies brings the key they trust."""
        checkpoint = self.latest_checkpoint() if size is None else self.checkpoint_at(size)
        proof = self.inclusion(position, checkpoint.tree_size)
        d = self.event_bytes(position)
        _, originator_id, version, topic, _ = decode_event(d)
        return {
            "format": BUNDLE_FORMAT,
            "event": {
                "position": position,
                "originator_id": str(UUID(bytes=originator_id)),
                "originator_version": version,
                "topic": topic,
                "leaf_input": b64(d),
            },
            "leaf_index": proof.leaf.index,
            "tree_size": checkpoint.tree_size,
            "leaf_hash": b64(proof.leaf.leaf_hash),
            "inclusion_path": [b64(p) for p in proof.path],
            "checkpoint": checkpoint.note,
        }
